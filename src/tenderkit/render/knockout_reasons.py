"""Why a bid fails a mandatory requirement, written to the bidder: what it offered, why that falls
short.

A knockout letter must give the true reason. "Alleen de eigen verklaring van de inschrijver" is
false for a bidder that offered a SOC 2 Type I report: the report exists, but it tests design at
one date, while the requirement asks for an accepted independent report on operation over a
period. So for a `no_assurance` knockout this module names each report the bid offered for the
requirement (kind, issuer, date or period) and the assurance review's findings on it, from the
Result's verdicts and flags, each citing the pages of the report's PDF it rests on when the
review knows them (`Flag.pages`); for the other reasons it states the bidder's own answer, or the
machine check's offered and required value (the knockout message).

Which findings are named for a report:
- a Type I or SOC 3 report never counts as evidence of operation: that is the one reason given;
- a rejected report: the findings that reject it (severity `reject` in assurance/rules.yaml);
- otherwise: the findings that limit it, and the findings on the controls this requirement relies
  on (a category outside the report, a control excluded from the Statement of Applicability, an
  exception in the tests); when there are none, that the report does not cover those controls.

Nothing is judged here: the verdicts and flags are the review's (tenderkit.assurance); the report
facts (kind, issuer, dates) are the bid's own. Texts are in texts/letters.yaml (`ko_*`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tenderkit import formatting, i18n
from tenderkit.assurance.rules import rules
from tenderkit.formats.bid import AssuranceReport, Bid
from tenderkit.formats.requirement_set import Requirement
from tenderkit.result import BidResult, Flag, Knockout

DECISIVE = ("type1_only", "soc3_summary_only")
"""Findings that make a report no evidence of operation at all, whatever else it says."""

REQUIREMENT_FLAGS = frozenset({"category_missing", "control_excluded", "exception"})
"""Findings on one control: they concern a requirement only when it relies on that control."""


def kind_name(kind: str, language: str) -> str:
    """The name of a kind of assurance report ("SOC 2 Type II"), from texts/codes.yaml
    (`report_kind.*`): the one table of report-kind names."""
    return i18n.label("report_kind", kind, language)


def report_name(report: AssuranceReport, language: str) -> str:
    """A report as a reader names it, by kind and issuer: "SOC 2 Type II-rapport van X",
    "ISO/IEC 27001-certificaat van Y"."""
    return i18n.text(
        "letters",
        "report_name_certificate" if report.kind == "iso27001" else "report_name",
        language,
        kind=kind_name(report.kind, language),
        issuer=report.issuer,
    )


def requirement_control_ids(requirement: Requirement) -> set[str]:
    """Every control id the requirement names, in any framework."""
    controls = requirement.controls
    found: set[str] = set()
    for framework in ("iso27001", "soc2", "bio", "gdpr", "ccm"):
        found |= set(controls.ids(framework))
    return found


class KnockoutExplainer:
    """Sentences for the knockouts of one bid, in the tender's language."""

    def __init__(
        self,
        bid: Bid,
        result: BidResult,
        requirements: dict[str, Requirement],
        language: str,
        closing_text: str,
        text: Callable[..., str],
    ):
        self.bid = bid
        self.result = result
        self.requirements = requirements
        self.language = language
        self.closing_text = closing_text
        self.t = text
        self.verdicts = {v.report: v for v in result.assurance}

    def date(self, value) -> str:
        return formatting.date(value, self.language)

    def sentences(self, knockouts: list[Knockout]) -> list[str]:
        """The reasons of one requirement's knockouts, one or more sentences each."""
        found: list[str] = []
        for knockout in knockouts:
            if knockout.reason == "no_assurance":
                found += self.assurance(knockout.requirement)
            elif knockout.reason == "check_failed":
                found.append(self.t("ko_check_failed", detail=self.check_detail(knockout)))
            else:
                found.append(self.t(f"ko_{knockout.reason}"))
        return found

    def check_detail(self, knockout: Knockout) -> str:
        """The check's finding as the Result words it, without its "Eis PRV-03: " prefix: the
        letter names the requirement already, and the finding is the evaluation's own words."""
        prefix = i18n.text(
            "scoring", "check_prefix", self.language, requirement=knockout.requirement
        )
        return knockout.message.removeprefix(prefix)

    # --- no_assurance ---------------------------------------------------------------------------

    def offered(self, requirement_id: str) -> list[AssuranceReport]:
        """The reports the bid offered for the requirement: its evidence, or every report."""
        answer = self.bid.answers.get(requirement_id)
        if answer is None:
            return []
        if not answer.evidence:
            return list(self.bid.assurance)
        by_id = {r.id: r for r in self.bid.assurance}
        return [by_id[e] for e in dict.fromkeys(answer.evidence) if e in by_id]

    def assurance(self, requirement_id: str) -> list[str]:
        requirement = self.requirements.get(requirement_id)
        out = [self.t("ko_assurance_required")]
        reports = self.offered(requirement_id)
        if not reports:
            return [*out, self.t("ko_no_report")]
        for report in reports:
            findings = self.findings(report, requirement)
            out.append(
                self.t("ko_report_offered", report=self.describe(report)) + " " + " ".join(findings)
            )
        out.append(self.t("ko_assurance_conclusion"))
        return out

    def describe(self, report: AssuranceReport) -> str:
        kind = kind_name(report.kind, self.language)
        if report.kind == "iso27001":
            version = report.standard_version or "?"
            until = self.date(report.valid_until) if report.valid_until else "?"
            return self.t(
                "ko_describe_certificate",
                kind=kind,
                version=version,
                issuer=report.issuer,
                until=until,
                id=report.id,
            )
        if report.period is not None:
            return self.t(
                "ko_describe_period",
                kind=kind,
                issuer=report.issuer,
                start=self.date(report.period.start),
                end=self.date(report.period.end),
                id=report.id,
            )
        as_of = report.as_of or report.issued
        return self.t(
            "ko_describe_date", kind=kind, issuer=report.issuer, date=self.date(as_of), id=report.id
        )

    def findings(self, report: AssuranceReport, requirement: Requirement | None) -> list[str]:
        verdict = self.verdicts.get(report.id)
        flags = list(verdict.flags) if verdict is not None else []
        decisive = [f for f in flags if f.code in DECISIVE]
        if decisive:
            return [self.cited(self.flag_sentence(decisive[0], report), decisive[0].pages)]
        relies = requirement_control_ids(requirement) if requirement is not None else set()
        severity = rules().severity
        if verdict is not None and verdict.verdict == "rejected":
            chosen = [f for f in flags if severity(f.code) == "reject"]
        else:
            chosen = [
                f
                for f in flags
                if (f.code in REQUIREMENT_FLAGS and f.control in relies)
                or (f.code not in REQUIREMENT_FLAGS and severity(f.code) in ("reject", "limit"))
            ]
        # one sentence per finding text (two carve-outs read alike), citing all their pages
        pages: dict[str, set[int]] = {}
        for flag in chosen:
            pages.setdefault(self.flag_sentence(flag, report), set()).update(flag.pages)
        sentences = [self.cited(sentence, cited) for sentence, cited in pages.items()]
        if not chosen:
            # an accepted report without findings that concern this requirement: it simply does
            # not reach the controls the requirement relies on
            controls = ", ".join(sorted(relies)) or "—"
            sentences.append(self.t("ko_not_covered", controls=controls))
        return sentences

    def cited(self, sentence: str, pages: Iterable[int]) -> str:
        """The sentence with the pages of the report it rests on, "... (rapport p. 8).", when
        the review knows them; unchanged otherwise (a page is never guessed)."""
        unique = sorted(set(pages))
        if not unique:
            return sentence
        key = "ko_cite_page" if len(unique) == 1 else "ko_cite_pages"
        cite = self.t(key, pages=i18n.page_numbers(unique))
        if sentence.endswith("."):
            return f"{sentence[:-1]} ({cite})."
        return f"{sentence} ({cite})"

    def flag_sentence(self, flag: Flag, report: AssuranceReport) -> str:
        thresholds = rules().thresholds
        values: dict[str, object] = {
            "control": flag.control or "",
            "months": thresholds.min_period_months,
            "stale_months": thresholds.stale_months,
            "bridge_months": thresholds.bridge_max_months,
            "iso2013": self.date(thresholds.iso2013_last_valid),
            "closing": self.closing_text,
            "date": self.date(report.as_of or report.issued),
            "start": self.date(report.period.start) if report.period else "",
            "end": self.date(report.period.end) if report.period else "",
            "until": self.date(report.valid_until) if report.valid_until else "",
            "names": ", ".join(
                s.name
                for s in report.subservice
                if s.method == "carve_out" and s.report not in {r.id for r in self.bid.assurance}
            ),
        }
        if flag.code == "stale" and report.kind == "iso27001" and report.last_audit:
            values["end"] = self.date(report.last_audit)
            return self.t("ko_flag_stale_iso", **values)
        return self.t(f"ko_flag_{flag.code}", **values)
