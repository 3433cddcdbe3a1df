"""rules.yaml: one definition of every flag code (matching FORMATS.md), texts in both languages,
strict validation, and the calendar-month arithmetic the thresholds use."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from tenderkit.assurance import FLAG_CODES, add_months, rules
from tenderkit.assurance.months import (
    lasts_at_least,
    more_than_months_after,
    more_than_months_before,
)
from tenderkit.assurance.rules import RulesError, fields_of, load_rules

# The list in FORMATS.md ("Assurance flag codes"), in its order.
FORMATS_FLAG_CODES = [
    "type1_only",
    "period_too_short",
    "stale",
    "bridge_gap",
    "opinion_qualified",
    "opinion_adverse",
    "opinion_disclaimer",
    "no_management_assertion",
    "scope_mismatch",
    "category_missing",
    "carve_out_unreported",
    "exception",
    "cert_expired",
    "cert_not_accredited",
    "iso_2013_withdrawn",
    "control_excluded",
    "soc3_summary_only",
    "isae3402_financial_scope",
    "cuecs",
]

ROOT = Path(__file__).resolve().parents[2]
FORMATS_CANDIDATES = [
    ROOT / "docs" / "FORMATS.md",
    ROOT / "FORMATS.md",
    ROOT.parent / "shared" / "FORMATS.md",  # the shared project notes next to this checkout
]


def formats_md_codes(text: str) -> list[str]:
    """The backticked codes of FORMATS.md's "Assurance flag codes" paragraph, outside brackets."""
    start = text.index("Assurance flag codes")
    paragraph = text[start : text.index("\n\n", start)]
    paragraph = paragraph.split(":", 1)[1]
    while re.search(r"\([^()]*\)", paragraph):
        paragraph = re.sub(r"\([^()]*\)", "", paragraph)
    return re.findall(r"`([a-z0-9_]+)`", paragraph)


def test_flag_codes_are_those_of_formats_md_in_order() -> None:
    assert list(FLAG_CODES) == FORMATS_FLAG_CODES
    assert list(rules().flags) == FORMATS_FLAG_CODES


def test_flag_codes_match_the_formats_md_file() -> None:
    found = next((p for p in FORMATS_CANDIDATES if p.is_file()), None)
    if found is None:
        pytest.skip("FORMATS.md is not next to this checkout")
    assert formats_md_codes(found.read_text("utf-8")) == FORMATS_FLAG_CODES


SAMPLE = {
    "bridge": "1 april 2026",
    "category": "beschikbaarheid",
    "closing": "15 oktober 2026",
    "control": "CC6.1",
    "count": 2,
    "date": "30 juni 2026",
    "end": "30 juni 2026",
    "months": 6,
    "name": "Hoster BV",
    "own_report": "hoster-soc2",
    "report": "soc2",
    "requirements": "ENC-01",
    "service": "hosting",
    "services": "Zaaksysteem",
    "start": "1 januari 2026",
    "text": "2 van 25",
}


@pytest.mark.parametrize("code", FORMATS_FLAG_CODES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_code_has_a_message_in_both_languages(code: str, language: str) -> None:
    rule = rules().flags[code]  # type: ignore[index]
    for variant in [None, *rule.variants]:
        text = rule.text(language, variant).format(**SAMPLE)
        assert len(text) > 40
        assert "{" not in text and "}" not in text
    assert rule.text("nl") != rule.text("en")


def test_severities_decide_the_documented_verdicts() -> None:
    by_severity: dict[str, set[str]] = {}
    for code, rule in rules().flags.items():
        by_severity.setdefault(rule.severity, set()).add(code)
    assert by_severity == {
        "reject": {
            "opinion_adverse",
            "opinion_disclaimer",
            "cert_expired",
            "iso_2013_withdrawn",
            "scope_mismatch",
        },
        "limit": {
            "type1_only",
            "period_too_short",
            "stale",
            "bridge_gap",
            "opinion_qualified",
            "no_management_assertion",
            "cert_not_accredited",
            "soc3_summary_only",
            "isae3402_financial_scope",
            "carve_out_unreported",
        },
        "coverage": {"exception", "category_missing", "control_excluded"},
        "info": {"cuecs"},
    }


def test_thresholds() -> None:
    limits = rules().thresholds
    assert limits.min_period_months == 6
    assert limits.stale_months == 12
    assert limits.bridge_max_months == 3
    assert limits.iso2013_last_valid == dt.date(2025, 10, 31)


def test_docs_mention_every_code_and_threshold() -> None:
    docs = ROOT / "docs" / "assurance.md"
    text = docs.read_text("utf-8")
    for code in FORMATS_FLAG_CODES:
        assert f"`{code}`" in text, code
    for name in rules().thresholds.model_dump():
        assert f"`{name}`" in text, name


# Strict validation of the rules file.


def raw_rules() -> dict[str, Any]:
    return copy.deepcopy(rules().model_dump(mode="json"))


def test_the_shipped_rules_validate_again() -> None:
    assert load_rules(raw_rules()) == rules()


def test_a_missing_flag_code_is_refused() -> None:
    data = raw_rules()
    del data["flags"]["cuecs"]
    with pytest.raises(RulesError, match="cuecs"):
        load_rules(data)


def test_an_unknown_flag_code_is_refused() -> None:
    data = raw_rules()
    data["flags"]["made_up"] = data["flags"]["cuecs"]
    with pytest.raises(RulesError, match="made_up"):
        load_rules(data)


def test_a_placeholder_the_code_does_not_declare_is_refused() -> None:
    data = raw_rules()
    data["flags"]["cuecs"]["message"]["en"] = "{count} and {control}"
    with pytest.raises(RulesError, match="control"):
        load_rules(data)


def test_languages_must_use_the_same_placeholders() -> None:
    data = raw_rules()
    data["flags"]["exception"]["message"]["en"] = "Exception at {control}."
    with pytest.raises(RulesError, match="both must say the same"):
        load_rules(data)


def test_an_unknown_key_is_refused() -> None:
    data = raw_rules()
    data["thresholds"]["min_period_days"] = 180
    with pytest.raises(RulesError, match="min_period_days"):
        load_rules(data)


def test_fields_of() -> None:
    assert fields_of("{a} en {b} en {a}") == {"a", "b"}


# Calendar months.


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-01-01", 6, "2026-07-01"),
        ("2025-08-31", 6, "2026-02-28"),
        ("2027-08-31", 6, "2028-02-29"),
        ("2026-10-15", -12, "2025-10-15"),
        ("2028-02-29", -12, "2027-02-28"),
        ("2025-12-31", 3, "2026-03-31"),
        ("2025-11-30", 3, "2026-02-28"),
        ("2026-01-31", -1, "2025-12-31"),
        ("2026-03-15", 0, "2026-03-15"),
    ],
)
def test_add_months(day: str, months: int, expected: str) -> None:
    assert add_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


def test_month_predicates_at_their_boundaries() -> None:
    d = dt.date.fromisoformat
    assert lasts_at_least(d("2026-01-01"), d("2026-06-30"), 6)
    assert not lasts_at_least(d("2026-01-01"), d("2026-06-29"), 6)
    assert not more_than_months_before(d("2025-10-15"), d("2026-10-15"), 12)
    assert more_than_months_before(d("2025-10-14"), d("2026-10-15"), 12)
    assert not more_than_months_after(d("2025-12-31"), d("2026-03-31"), 3)
    assert more_than_months_after(d("2025-12-31"), d("2026-04-01"), 3)
