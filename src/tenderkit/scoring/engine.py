"""Scoring a validated tender: knockouts, panel, quality, price, ranking, sensitivity.

`score_tender` is pure: it reads the tender (and the assurance coverage, when reviewed) and returns
plain results. Everything is computed once, here; renderers only display it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from string import Formatter
from typing import Any

import numpy as np

from tenderkit.formats.collector import collector_paused
from tenderkit.i18n import catalogue_template, count_text, joined, label, text
from tenderkit.memo import IdentityMemo
from tenderkit.result import Knockout, Notice, PanelLine, Price, Quality, constructed
from tenderkit.scoring import design
from tenderkit.scoring.knockouts import knockouts_of
from tenderkit.scoring.panel import PanelOutcome, combine_panel
from tenderkit.scoring.price import PriceOutcome, price_deficit, score_prices
from tenderkit.scoring.quality import QualityMatrix, quality_matrix
from tenderkit.scoring.ranking import Ranking, rank_bids
from tenderkit.scoring.sensitivity import (
    Scenario,
    criterion_flips,
    leave_one_out,
    monte_carlo,
    seed_for,
    split_flip,
)
from tenderkit.tender import Tender

_DISAGREEMENTS: IdentityMemo[dict[tuple, list[Notice]]] = IdentityMemo(size=64)
_NOTICE_FIELDS = {"code", "message", "bidder"}  # one fields-set shared, as compact() does


def _disagreement_warnings(
    panel: PanelOutcome, names: Mapping[str, str], language: str
) -> list[Notice]:
    """A warning per panel line whose spread is above the threshold; once per panel outcome,
    bidder names and language (the workshop keeps its panel outcome across slider changes).

    A panel of 50 bids x 500 requirements x 7 evaluators gives some 10,000 of them, so each is
    built the short way: read off the panel record's columns (no PanelLine made), the
    catalogue text looked up once, each distinct "name score" pair joined once, and the Notices
    given the four slots validation would set, without validating three strings made here
    (`result.constructed`, one fields-set shared).
    `_plain_disagreement_warnings` is the plain way."""
    memo = _DISAGREEMENTS.get(panel, lambda _: {})
    key = (language, tuple(names.items()))
    found = memo.get(key)
    if found is None:
        written = catalogue_template("scoring", "panel_disagreement", language)
        printf = _printf(written)
        fill = written.format_map if printf is None else printf.__mod__
        join, get, shown = ", ".join, names.get, _Pairs()
        record = panel.record
        bidder, target, starts = record.bidder, record.target, record.starts
        scorers, scores = record.names, record.shown

        def listed(i: int) -> str:  # line i's "evaluator score" pairs, in its scores' order
            start, end = starts[i], starts[i + 1]
            pairs = zip(scorers[start:end], scores[start:end], strict=True)
            return join(map(shown.__getitem__, pairs))

        found = constructed(
            Notice,
            [
                {
                    "code": "panel_disagreement",
                    "message": fill(
                        {
                            "bidder": get(bidder[i], bidder[i]),
                            "target": target[i],
                            "scores": listed(i),
                        }
                    ),
                    "bidder": bidder[i],
                }
                for i in compress(range(len(record)), record.disagreement)
            ],
            _NOTICE_FIELDS,
        )
        memo[key] = found
    return list(found)


def _printf(template: str) -> str | None:
    """`template` ("... {bidder} op {target} ...") as a %-template ("... %(bidder)s op
    %(target)s ..."), or None when a field is more than a plain name (a format spec, a
    conversion, an index). For text values `printf % values` equals `template.format_map(values)`
    (str of each value, literal braces and percent signs kept) in half the time, which counts
    for the tens of thousands of disagreement notices of a large panel."""
    parts = []
    for literal, name, spec, conversion in Formatter().parse(template):
        parts.append(literal.replace("%", "%%"))
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            return None
        parts.append(f"%({name})s")
    return "".join(parts)


class _Pairs(dict[tuple[str, str], str]):
    """(evaluator, score) -> "evaluator score", each pair joined once: a panel has few of them
    (evaluators x labels) and its warnings name some 70,000."""

    def __missing__(self, pair: tuple[str, str]) -> str:
        text = self[pair] = " ".join(pair)
        return text


def _plain_disagreement_warnings(
    panel: PanelOutcome, names: Mapping[str, str], language: str
) -> list[Notice]:
    """`_disagreement_warnings` the plain way (no memo, validated Notices, `text` per line): the
    reference tests/test_evaluation_reference.py compares against."""
    return [
        Notice(
            code="panel_disagreement",
            bidder=line.bidder,
            message=text(
                "scoring",
                "panel_disagreement",
                language,
                bidder=names.get(line.bidder, line.bidder),
                target=line.target,
                scores=", ".join(f"{who} {score}" for who, score in line.scores.items()),
            ),
        )
        for line in panel.lines.values()
        if line.disagreement
    ]


@dataclass(frozen=True)
class ScoreSheet:
    """What scoring produced: per-bid figures, ranking, sensitivity and warnings."""

    ids: list[str]
    knockouts: dict[str, list[Knockout]]
    valid: dict[str, bool]
    quality: dict[str, Quality]
    price: dict[str, Price]
    total: dict[str, float | None]
    score: dict[str, float]
    ranking: Ranking
    panel: Sequence[PanelLine]
    sensitivity: dict[str, Any]
    warnings: list[Notice]
    matrix: QualityMatrix
    unanswered: dict[str, list[str]]
    runner_up: str | None = None
    """the second valid bid by rank (then id), as the report names it"""
    margin: float | None = None
    """the winner's score minus the runner-up's, in the unit of the price method"""


def _opt(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


@collector_paused
def score_tender(
    tender: Tender,
    coverage: Mapping[str, Mapping[str, str]] | None = None,
    sensitivity: bool = True,
    samples: int | None = None,
    excluded: Iterable[str] = (),
    panel: PanelOutcome | None = None,
) -> ScoreSheet:
    """Score, rank and (optionally) analyse the sensitivity of every bid.

    `excluded` is a hook for what-ifs (the workshop's "mark this bid invalid"): bids named there
    count as invalid, exactly as if a knockout had failed (no rank, no reference under the
    `recalculate` rule), but get no knockout entry, since no requirement failed. `panel` is
    `combine_panel(tender)` when the caller kept it (the workshop: weights, formula and
    exclusions never change the panel outcome).
    """
    scoring, language = tender.scoring, tender.language
    ids = sorted(tender.bids)  # by id: equal tenders (dict order aside) give equal results
    names = {b: tender.bids[b].bidder for b in ids}
    knockouts = {
        b: knockouts_of(
            tender.bids[b],
            tender.requirement_set,
            language,
            None if coverage is None else coverage.get(b, {}),
        )
        for b in ids
    }
    set_aside = frozenset(excluded)
    valid = np.array([not knockouts[b] and b not in set_aside for b in ids], dtype=bool)
    panel = combine_panel(tender) if panel is None else panel
    matrix = quality_matrix(tender, panel, coverage)
    quality = matrix.quality()
    prices = np.array([tender.bids[b].price for b in ids], dtype=float)
    keep_original = scoring.invalidated_bid_rule == "keep_original"
    reference = np.ones(len(ids), dtype=bool) if keep_original or not valid.any() else valid
    outcome = score_prices(
        scoring.price, prices, quality, reference, scoring.quality_weight, scoring.price_weight
    )
    ranking = rank_bids(ids, outcome.score, quality, prices, valid, scoring.tie_break)

    warnings: list[Notice] = list(design.published_warnings(scoring, language))
    warnings += matrix.warnings
    warnings += _disagreement_warnings(panel, names, language)
    warnings += _tie_warnings(ranking, names, scoring.tie_break, language)
    if not valid.any():
        warnings.append(
            Notice(code="no_valid_bids", message=text("scoring", "no_valid_bids", language))
        )
    quality_points = scoring.quality_weight * quality
    warnings += design.outcome_warnings(
        scoring,
        language,
        ids,
        names,
        valid,
        quality_points,
        outcome.points,
        outcome.comparison,
        ranking.winner,
    )

    scenario = Scenario(
        ids=ids,
        spec=scoring.price,
        prices=prices,
        valid=valid,
        reference=reference,
        quality_weight=scoring.quality_weight,
        price_weight=scoring.price_weight,
        matrix=matrix,
    )
    result_sensitivity: dict[str, Any] = {}
    if sensitivity and valid.sum() >= 2:
        result_sensitivity, more = _sensitivity(tender, scenario, ranking, names, samples)
        warnings += more
    warnings += _invalid_rule_warning(tender, scenario, outcome, ranking, names, language)

    deficit = None
    # the price deficit is only defined when the best valid utility index is positive
    if (
        scoring.price.formula == "utility_index"
        and valid.any()
        and float(np.max(outcome.comparison[valid])) > 0
    ):
        deficit = price_deficit(outcome.comparison, prices, valid)
    per_quality, per_price, total, score = {}, {}, {}, {}
    shares = matrix.criterion_shares
    # the fictitious discount's money value of full quality marks, split by the criterion weights
    quality_value = (
        float(scoring.price.quality_value)
        if scoring.price.formula == "fictitious_discount"
        else None
    )
    for i, b in enumerate(ids):
        fractions = {
            c: float(matrix.criterion_fraction[i, c_i]) for c_i, c in enumerate(matrix.criteria)
        }
        per_quality[b] = Quality(
            fraction=float(quality[i]),
            points=float(quality_points[i]),
            criteria=fractions,
            criterion_points={
                c: float(scoring.quality_weight * shares[c_i] * fractions[c])
                for c_i, c in enumerate(matrix.criteria)
            },
            criterion_discount=None
            if quality_value is None
            else {
                c: float(quality_value * shares[c_i] * fractions[c])
                for c_i, c in enumerate(matrix.criteria)
            },
            criterion_sources=matrix.criterion_sources[b],
            requirements=matrix.sources[b],
        )
        per_price[b] = Price(
            amount=float(prices[i]),
            fraction=_opt(outcome.fraction[i]),
            points=_opt(outcome.points[i]),
            comparison=None if outcome.comparison is None else float(outcome.comparison[i]),
            deficit=None if deficit is None else _opt(deficit[i]),
            discount=None if quality_value is None else float(quality_value * quality[i]),
        )
        total[b] = None if outcome.total is None else float(outcome.total[i])
        score[b] = float(outcome.score[i])
    by_rank = sorted((b for b in ids if b in ranking.ranks), key=lambda b: (ranking.ranks[b], b))
    runner_up = next((b for b in by_rank if b != ranking.winner), None)
    margin = (
        score[ranking.winner] - score[runner_up]
        if ranking.winner is not None and runner_up is not None
        else None
    )
    unanswered = {b: _unanswered(matrix.requirements, tender.bids[b].answers) for b in ids}
    return ScoreSheet(
        ids=ids,
        knockouts=knockouts,
        valid=dict(zip(ids, valid.tolist(), strict=True)),
        quality=per_quality,
        price=per_price,
        total=total,
        score=score,
        ranking=ranking,
        panel=panel.record,
        sensitivity=result_sensitivity,
        warnings=warnings,
        matrix=matrix,
        unanswered=unanswered,
        runner_up=runner_up,
        margin=margin,
    )


def _unanswered(requirements: list[str], answers: Mapping[str, Any]) -> list[str]:
    """The scored requirements a bid left unanswered, in set order; the bid's answers looked up
    once, not once per requirement (100,000 cells in a 200-bid tender)."""
    return [r for r in requirements if r not in answers]


def _tie_warnings(ranking: Ranking, names, rules, language) -> list[Notice]:
    out = []
    for bids, rule, unresolved in ranking.ties:
        for group in unresolved:
            out.append(
                Notice(
                    code="tie_unresolved",
                    message=text(
                        "scoring",
                        "tie_unresolved",
                        language,
                        bidders=", ".join(names[b] for b in group),
                        rules=", ".join(label("tie", r, language) for r in rules),
                    ),
                )
            )
        if not unresolved:
            out.append(
                Notice(
                    code="tie_settled",
                    message=text(
                        "scoring",
                        "tie_settled",
                        language,
                        bidders=", ".join(names[b] for b in bids),
                        rule=label("tie", rule, language) if rule else "-",
                    ),
                )
            )
    return out


def _sensitivity(tender: Tender, sc: Scenario, ranking: Ranking, names, samples):
    language = tender.language
    warnings = []
    loo = leave_one_out(sc, ranking.order)
    seen = set()
    for entry in loo:
        for a, b in entry["swapped"]:
            key = (entry["dropped"], a, b)
            if key not in seen:
                seen.add(key)
                warnings.append(
                    Notice(
                        code="rank_reversal",
                        message=text(
                            "scoring",
                            "rank_reversal",
                            language,
                            dropped=names[entry["dropped"]],
                            pair=f"{names[a]} / {names[b]}",
                        ),
                    )
                )
    winner_index = sc.ids.index(ranking.order[0]) if ranking.order else -1
    data = {
        "leave_one_out": loo,
        "split": split_flip(sc, winner_index),
        "criteria": criterion_flips(sc, winner_index),
        "monte_carlo": monte_carlo(
            sc, seed_for(tender.id), **({"samples": samples} if samples else {})
        ),
    }
    return data, warnings


def _invalid_rule_warning(tender, sc: Scenario, outcome: PriceOutcome, ranking, names, language):
    """Would the other invalidated-bid rule pick another winner? Say so; apply the published one."""
    if sc.valid.all() or not sc.valid.any() or ranking.winner is None:
        return []
    rule = tender.scoring.invalidated_bid_rule
    other_reference = sc.valid if rule == "keep_original" else np.ones(len(sc.ids), dtype=bool)
    other = sc.scores(sc.matrix.quality(), reference=other_reference)
    masked = np.where(sc.valid, other, -np.inf)
    other_winner = sc.ids[int(np.argmax(masked))]
    if other_winner == ranking.winner:
        return []
    invalid = [names[b] for b, ok in zip(sc.ids, sc.valid, strict=True) if not ok]
    return [
        Notice(
            code="invalid_bid_rule_matters",
            message=count_text(
                "scoring",
                "invalid_bid_rule_matters",
                len(invalid),
                language,
                bidders=joined(invalid, language),
                other_rule=label(
                    "rule", "keep_original" if rule == "recalculate" else "recalculate", language
                ),
                other_winner=names[other_winner],
                winner=names[ranking.winner],
                rule=label("rule", rule, language),
            ),
        )
    ]
