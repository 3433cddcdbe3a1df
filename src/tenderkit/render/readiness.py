"""What must be settled before the letters to bidders can go out: the open items of a tender.

Why one module: the letters (final or CONCEPT), the report's section "Openstaande punten voor
verzending" and the proces-verbaal must agree on what is missing. Each item says what is wrong and
what the buyer does about it. A `blocking` item keeps every letter a CONCEPT: the letters go out
together (the standstill period runs from the day they are sent), so one missing fact holds all.

Blocking, in this order:
- `no_award_date`: there is a winner but `dates.award` is not set, so no letter can name the day
  it is sent or the end of the standstill period;
- `no_consensus` / `no_consensus_rationale`: a valid bid's score on a target comes from individual
  evaluators without a recorded consensus, or a consensus without a rationale; a letter gives the
  committee's consensus rationale only, never an individual note;
- `rationale_discloses`: a consensus rationale names an evaluator or the individual scores (their
  spread); a letter must not repeat it;
- `no_declaration`: a panel member has no signed declaration on conflicts of interest;
- `conflict_scored`: a member declared a conflict of interest on a bid and still scored it (or
  agreed its consensus);
- `no_lock` / `lock_mismatch`: nothing shows that the requirements and scoring model are the ones
  published (a mismatch already stops evaluation; the item is here for results read from disk);
- `unanswered_knockout`: a bid is invalid because it left a mandatory requirement unanswered; check
  the whole bid before rejecting it on that ground.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tenderkit.i18n import label, text
from tenderkit.result import PanelLine, Result
from tenderkit.tender import Tender

SPREAD_PATTERNS = (
    re.compile(
        r"\b(scores?|cijfers?|punten|beoordelingen|ratings?)\b[^.;]{0,40}"
        r"(uiteen|van\s+\S+\s+tot\s+\S+|from\s+\S+\s+to\s+\S+|ranged|varied|spread|verschilden)",
        re.IGNORECASE,
    ),
    re.compile(r"\b(spreiding|uiteenlopende\s+scores|individuele\s+scores?)\b", re.IGNORECASE),
    re.compile(
        r"\b(één|een|twee|drie|one|two|three)\s+(van\s+de\s+|of\s+the\s+)?"
        r"(beoordelaars?|commissieleden|evaluators?|panel\s+members?)\b",
        re.IGNORECASE,
    ),
)
"""Phrases by which a consensus rationale gives away individual scores or a single evaluator's
view ("de scores liepen uiteen van 2 tot 8", "one evaluator"). A letter repeats the committee's
rationale only; such a rationale is rewritten before the letters go out."""


@dataclass(frozen=True)
class OpenItem:
    """One thing to settle: `code`, whether it keeps the letters CONCEPT, and its sentence."""

    code: str
    blocking: bool
    text: str
    bidder: str | None = None
    target: str | None = None


def panel_members(tender: Tender) -> list[tuple[str, str, str]]:
    """(id, name, role) of every panel member: tender.yaml's list, then anyone else who scored."""
    members = {e.id: (e.id, e.name, e.role) for e in tender.config.evaluators}
    for score in tender.panel:
        members.setdefault(score.evaluator, (score.evaluator, "", ""))
    for agreed in tender.consensus:
        for who in agreed.evaluators:
            members.setdefault(who, (who, "", ""))
    return list(members.values())


def discloses(rationale: str, tender: Tender) -> str | None:
    """What in a consensus rationale gives away an individual evaluator or score, else None."""
    for member_id, name, _ in panel_members(tender):
        for word in (member_id, name):
            if word and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", rationale, re.IGNORECASE):
                return word
    for pattern in SPREAD_PATTERNS:
        found = pattern.search(rationale)
        if found:
            return found.group(0)
    return None


def consensus_rationale(line: PanelLine) -> str:
    """The committee's recorded rationale of a panel line, or '' when there is none."""
    return (line.consensus_rationale or "").strip() if line.consensus_score is not None else ""


def open_items(result: Result, tender: Tender) -> list[OpenItem]:
    """Every open item of a tender, blocking ones first, in a stable order."""
    language = result.language
    names = {b.id: b.name for b in result.bids}
    criteria = {c.id: c.title for c in tender.requirement_set.criteria}
    titles = criteria | {r.id: r.title for r in tender.requirement_set.requirements}

    def t(key: str, **values: object) -> str:
        return text("readiness", key, language, **values)

    items: list[OpenItem] = []
    if result.winner is not None and result.award_date is None:
        items.append(OpenItem("no_award_date", True, t("no_award_date")))
    valid = {b.id for b in result.bids if b.valid}
    for line in result.panel:
        if line.bidder not in valid:
            continue
        where = dict(
            bidder=names.get(line.bidder, line.bidder),
            target=f"{line.target} {titles.get(line.target, '')}".strip(),
        )
        rationale = consensus_rationale(line)
        if line.consensus_score is None:
            method = label("method", line.method, language)
            items.append(
                OpenItem(
                    "no_consensus",
                    True,
                    t("no_consensus", method=method, **where),
                    line.bidder,
                    line.target,
                )
            )
        elif not rationale:
            items.append(
                OpenItem(
                    "no_consensus_rationale",
                    True,
                    t("no_consensus_rationale", **where),
                    line.bidder,
                    line.target,
                )
            )
        else:
            found = discloses(rationale, tender)
            if found:
                items.append(
                    OpenItem(
                        "rationale_discloses",
                        True,
                        t("rationale_discloses", found=found, **where),
                        line.bidder,
                        line.target,
                    )
                )
    declared = {d.evaluator for d in tender.config.conflict_of_interest}
    for member_id, name, _ in panel_members(tender):
        if member_id not in declared:
            items.append(
                OpenItem("no_declaration", True, t("no_declaration", name=name or member_id))
            )
    for declaration in tender.config.conflict_of_interest:
        if not declaration.conflict:
            continue
        who = declaration.evaluator
        scored = sorted(
            {s.bidder for s in tender.panel if s.evaluator == who}
            | {c.bidder for c in tender.consensus if who in c.evaluators}
        )
        for bidder in [b for b in declaration.bidders if b in scored]:
            name = next((n for i, n, _ in panel_members(tender) if i == who and n), who)
            items.append(
                OpenItem(
                    "conflict_scored",
                    True,
                    t("conflict_scored", name=name, bidder=names.get(bidder, bidder)),
                    bidder,
                )
            )
    matches = result.lock.get("matches")
    if matches is None:
        items.append(OpenItem("no_lock", True, t("no_lock_" + tender.config.regime)))
    elif matches is False:
        items.append(OpenItem("lock_mismatch", True, t("lock_mismatch")))
    for bid in result.bids:
        for knockout in bid.knockouts:
            if knockout.reason == "no_answer":
                items.append(
                    OpenItem(
                        "unanswered_knockout",
                        True,
                        t(
                            "unanswered_knockout",
                            bidder=bid.name,
                            requirement=knockout.requirement,
                            title=titles.get(knockout.requirement, ""),
                        ),
                        bid.id,
                        knockout.requirement,
                    )
                )
    return sorted(items, key=lambda item: not item.blocking)


def letters_final(result: Result, tender: Tender) -> bool:
    """True when nothing blocks the letters: they may be sent as they are."""
    return not any(item.blocking for item in open_items(result, tender))
