"""What a board member reads in Dutch is Dutch, and in English English: no codes, no foreign words.

Both bundled examples are reported in Dutch and in English (once per session, tests/reporting/
conftest.py); the visible text of the award report, every letter and every residual-risk page
(tests/visible_text.py: HTML minus styles, scripts and the small expert codes) must hold no
snake_case or upper-case code and no word of the other language. The tender's own data (titles,
names, answers, rationales: the buyer's and the bidders' words) is left out of the language check:
a Dutch tender reported in English keeps its Dutch requirement titles.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tenderkit.bundled import example, example_names
from tenderkit.loader import load_tender
from visible_text import code_tokens, context, data_texts, foreign_words, visible_text, without


def _documents(folder: Path) -> list[Path]:
    return [
        folder / "award_report.html",
        *sorted((folder / "letters").glob("*.html")),
        *sorted((folder / "risk").glob("*.html")),
    ]


def _register_ids(folder: Path) -> set[str]:
    """Risk and measure ids of the register: the analyst's keys on the risk page's tables."""
    result = json.loads((folder / "result.json").read_text("utf-8"))
    ids = set()
    for bid in result["bids"]:
        for risk in bid.get("risks", []):
            ids.add(risk["id"])
            ids.update(risk["measures"])
    return ids


def _leaks(folder: Path, name: str, language: str) -> list[str]:
    tender = load_tender(example(name))
    own = [tender.config, tender.requirement_set, *tender.bids.values()]
    data = data_texts([*own, *tender.panel, *tender.consensus])
    register = _register_ids(folder)
    found = []
    documents = _documents(folder)
    assert len(documents) >= 1 + 2 * len(tender.bids), "the report, a letter and a risk page each"
    for document in documents:
        text = visible_text(document.read_text("utf-8"))
        allowed = register if document.parent.name == "risk" else set()
        where = f"{name} ({language}) {document.relative_to(folder)}"
        for token in sorted(set(code_tokens(text, allowed))):
            found.append(f"{where}: code {token!r} in '{context(text, token)}'")
        for word in foreign_words(without(text, [*data, *allowed]), language):
            found.append(f"{where}: word {word!r} in '{context(text, ' ' + word + ' ')}'")
    return found


@pytest.mark.parametrize("name", example_names())
def test_dutch_output_shows_no_code_and_no_english(reports, name):
    assert _leaks(reports[name], name, "nl") == []


@pytest.mark.parametrize("name", example_names())
def test_english_output_shows_no_code_and_no_dutch(reports_en, name):
    assert _leaks(reports_en[name], name, "en") == []


def test_the_checks_find_what_issue_17_found():
    # the leaks of the report before the labels: each must be caught, or the test above is void
    leaked = (
        "Prijsformule: lowest_relative. Civora NV soc2-2026: limited. appetite 9; 22 risks, 8 "
        "above appetite before measures, 2 to escalate. R-BREACH-LATE. invalid"
    )
    assert {"lowest_relative", "R-BREACH-LATE"} <= set(code_tokens(leaked))
    assert {"limited", "appetite", "risks", "above", "measures", "escalate", "invalid"} <= set(
        foreign_words(leaked, "nl")
    )
    assert foreign_words("De inschrijving is ongeldig; maatregel en kwaliteit.", "en") == [
        "inschrijving",
        "kwaliteit",
        "maatregel",
        "ongeldig",
    ]


def test_an_expert_code_beside_its_label_is_not_visible_text():
    html = (
        '<p>voldoet gedeeltelijk <small class="code">status_partial</small></p><style>a_b{}</style>'
    )
    assert visible_text(html) == "voldoet gedeeltelijk"


def _bid_words(folder: Path) -> dict[str, int]:
    """How often "inschrijving(en)" stands in the report and in each risk page."""
    import re

    documents = [folder / "award_report.html", *sorted((folder / "risk").glob("*.html"))]
    return {
        document.name: len(re.findall(r"inschrijving", visible_text(document.read_text("utf-8"))))
        for document in documents
    }


def test_the_report_and_risk_pages_speak_of_offertes_for_a_private_request(reports):
    """The glossary's word for the regime (texts/glossary.yaml bid_private: "offerte"), as
    the letters say it: a private request for proposals has no "inschrijvingen"."""
    from tenderkit.i18n import term

    private = reports["retail-privcomp-cloud"]
    assert load_tender(example("retail-privcomp-cloud")).config.regime == "private"
    assert _bid_words(private) == dict.fromkeys(_bid_words(private), 0)
    report = visible_text((private / "award_report.html").read_text("utf-8"))
    assert term("bid", "nl", "private") == "offerte"
    assert "3 offertes, waarvan 3 geldig." in report


def test_a_public_tender_keeps_its_inschrijvingen(reports):
    public = reports["gemeente-zaaksysteem"]
    assert load_tender(example("gemeente-zaaksysteem")).config.regime == "public"
    words = _bid_words(public)
    assert words["award_report.html"] > 5
    assert "offerte" not in visible_text((public / "award_report.html").read_text("utf-8"))
