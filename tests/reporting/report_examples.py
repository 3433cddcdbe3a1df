"""Both bundled examples loaded and evaluated once per test session, as AwardReports."""

from __future__ import annotations

from functools import cache

from tenderkit.bundled import example
from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender
from tenderkit.reporting.view import AwardReport, with_language

EXAMPLES = ("gemeente-zaaksysteem", "retail-privcomp-cloud")


@cache
def award_report(name: str, language: str | None = None) -> AwardReport:
    tender = with_language(load_tender(example(name)), language)
    return AwardReport(tender, evaluate(tender))
