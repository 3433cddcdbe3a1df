"""The saved scenarios as one HTML document a facilitator hands out or attaches to the annex of
the award report: per scenario what it changed, in words, and the ranking it gives beside the
published one. The document is built from the Results; it never changes the published result
and says so at the top.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from tenderkit.formatting import date, fixed, percent
from tenderkit.i18n import label
from tenderkit.result import Result
from tenderkit.tender import Tender
from tenderkit.workshop import fragments
from tenderkit.workshop.compare import score_changes
from tenderkit.workshop.fragments import escape, t
from tenderkit.workshop.scenario import Scenario, quality_share

__all__ = ["describe_scenario", "scenarios_document"]


def describe_scenario(
    tender: Tender, scenario: Scenario, language: str, measure_titles: Mapping[str, str]
) -> list[str]:
    """What a scenario changes against the published tender, one sentence per change."""
    names = {b: bid.bidder for b, bid in tender.bids.items()}
    currency = tender.config.currency
    lines = []
    if scenario.quality_share is not None:
        lines.append(
            t(
                "describe_split",
                language,
                before=percent(quality_share(tender), language),
                after=percent(scenario.quality_share, language),
            )
        )
    published = {c.id: c.weight for c in tender.requirement_set.criteria}
    for criterion, weight in sorted(scenario.criteria.items()):
        if published.get(criterion) != weight:
            lines.append(
                t(
                    "describe_weight",
                    language,
                    criterion=criterion,
                    before=fixed(published.get(criterion, 0), language, 0),
                    after=fixed(weight, language, 0),
                )
            )
    if scenario.formula is not None:
        lines.append(
            t(
                "describe_formula",
                language,
                before=fragments.formula_label(tender.scoring.price.formula, language),
                after=fragments.formula_label(scenario.formula, language),
            )
        )
    for name, value in sorted(scenario.price_params.items()):
        shown = f"{value:g}" if name == "a" else fragments.euros(value, language, currency)
        lines.append(t("describe_param", language, param=t(f"param_{name}", language), value=shown))
    if scenario.invalidated_bid_rule is not None:
        lines.append(
            t(
                "describe_rule",
                language,
                rule=label("rule", scenario.invalidated_bid_rule, language),
            )
        )
    for bid in sorted(scenario.excluded):
        lines.append(t("describe_excluded", language, bidder=names.get(bid, bid)))
    for (bid, requirement), status in sorted(scenario.answers.items()):
        lines.append(
            t(
                "change_answer",
                language,
                bidder=names.get(bid, bid),
                requirement=requirement,
                status=fragments.status_label(status, language),
            )
        )
    for (bid, fact), value in sorted(scenario.facts.items()):
        lines.append(
            t(
                "change_fact",
                language,
                bidder=names.get(bid, bid),
                fact=fragments.fact_label(fact, language),
                value=t("yes" if value else "no", language),
            )
        )
    for bid, taken in sorted(scenario.measures.items()):
        for m in taken:
            lines.append(
                t(
                    "change_measure",
                    language,
                    bidder=names.get(bid, bid),
                    measure=measure_titles.get(m, m),
                )
            )
    for (bid, target), score in sorted(scenario.panel.items()):
        lines.append(
            t("describe_panel", language, bidder=names.get(bid, bid), target=target, score=score)
        )
    for bid, price in sorted(scenario.prices.items()):
        lines.append(
            t(
                "describe_price",
                language,
                bidder=names.get(bid, bid),
                price=fragments.euros(price, language, currency),
            )
        )
    return lines


DOCUMENT_STYLE = """
body { font-family: sans-serif; font-size: 11pt; color: #1d1d1d; max-width: 60em;
  margin: 2em auto; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; }
th { text-align: left; border-bottom: 2px solid #5a6b7d; padding: 4px 6px; }
td { padding: 4px 6px; border-bottom: 1px solid #d5dbe2; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
.tk-delta { font-size: 9pt; font-weight: 700; } .tk-up { color: #1b7f3b; }
.tk-down { color: #b3261e; } .tk-badge { font-size: 9pt; font-weight: 600; }
.tk-note, .tk-reason, .tk-moved { color: #4a5866; font-size: 9pt; }
.tk-opt { display: table-cell; }
"""


def scenarios_document(
    tender: Tender,
    published: Result,
    scenarios: Sequence[tuple[str, Scenario, Result]],
    language: str,
    measure_titles: Mapping[str, str],
    today: dt.date | None = None,
) -> str:
    """One self-contained HTML page (no external resources): the published ranking, then per
    saved scenario its changes in words, its winner and its ranking with the differences."""
    currency = tender.config.currency
    baseline = {b.id: b.rank for b in published.bids}
    today = today or dt.date.today()
    parts = [
        f"<h1>{escape(t('document_title', language, title=tender.config.title))}</h1>",
        f"<p>{escape(t('document_intro', language, date=date(today, language)))}</p>",
        f"<h2>{escape(t('published', language))}</h2>",
        fragments.banner_html(published, language),
        fragments.ranking_html(published, language, currency=currency),
    ]
    if not scenarios:
        parts.append(f"<p>{escape(t('no_scenarios', language))}</p>")
    for name, scenario, result in scenarios:
        lines = describe_scenario(tender, scenario, language, measure_titles)
        items = "".join(f"<li>{escape(line)}</li>" for line in lines) or (
            f"<li>{escape(t('describe_nothing', language))}</li>"
        )
        parts += [
            f"<h2>{escape(t('document_scenario', language, name=name))}</h2>",
            f"<p><b>{escape(t('document_changes', language))}</b></p><ul>{items}</ul>",
            fragments.banner_html(result, language, published.winner),
            fragments.ranking_html(
                result,
                language,
                currency=currency,
                excluded=scenario.excluded,
                baseline=baseline,
                changes=score_changes(published, result),
            ),
        ]
    body = "".join(parts)
    title = escape(t("document_title", language, title=tender.config.title))
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{DOCUMENT_STYLE}</style></head><body>{body}</body></html>"
    )
