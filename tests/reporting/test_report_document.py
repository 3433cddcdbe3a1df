"""The award report as a document (issue 17, point 6): its language, a tagged PDF with title and
language, the running header and page numbers, the SLA comparison, the coverage matrix with
titles, invalid bids without would-be points, the fictitious-discount design sentence and the
consensus advice only while no consensus is recorded."""

from __future__ import annotations

import base64
import io
import re
import shutil
from html import unescape
from pathlib import Path

import nbformat
import pypdf
import pytest
from report_examples import EXAMPLES, award_report

from tenderkit.evaluation import evaluate
from tenderkit.i18n import text
from tenderkit.loader import load_tender
from tenderkit.reporting.export import html_to_pdf, notebook_html
from tenderkit.reporting.view import AwardReport


def shown(html) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", str(html))))


def _notebook(*outputs) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    for output in outputs:
        cell = nbformat.v4.new_code_cell()
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": str(output)})]
        notebook.cells.append(cell)
    return notebook


@pytest.mark.parametrize(("language", "expected"), [("nl", "nl"), ("en", "en")])
def test_the_html_says_its_language(language, expected):
    report = award_report("gemeente-zaaksysteem", language)
    page = notebook_html(_notebook(report.title()), "t", report.language)
    assert f'<html lang="{expected}">' in page
    printed = notebook_html(_notebook(report.title()), "t", report.language, print_only=True)
    assert f'<html lang="{expected}">' in printed


@pytest.fixture(scope="module")
def pdf() -> pypdf.PdfReader:
    report = award_report("gemeente-zaaksysteem")
    notebook = _notebook(report.title(), report.decision(), report.open_items(), report.summary())
    title = report.tender.config.title
    printed = notebook_html(notebook, title, report.language, print_only=True)
    return pypdf.PdfReader(io.BytesIO(html_to_pdf(printed)))


def test_the_pdf_is_tagged_with_title_and_language(pdf):
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert pdf.metadata.title == award_report("gemeente-zaaksysteem").tender.config.title


def test_every_page_is_numbered_and_after_the_first_headed_with_the_tender(pdf):
    title = award_report("gemeente-zaaksysteem").tender.config.title
    pages = [page.extract_text() for page in pdf.pages]
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert f"{number} / {len(pages)}" in page
    header = [title in (line.strip() for line in page.splitlines()) for page in pages]
    assert header == [False] + [True] * (len(pages) - 1)  # the title page has its own title


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_sla_comparison_is_in_the_report_as_the_result_holds_it(name):
    report = award_report(name)
    bids = [b for b in report.result.bids if b.sla]
    assert bids
    section = shown(report.sla())
    assert text("report", "h_sla", "nl", report.tender.config.regime) in section
    for bid in bids:
        assert bid.name in section
        for line in bid.sla:
            assert line.offered is None or shown(line.offered) in section
            assert line.required is None or shown(line.required) in section
    verdicts = {line.verdict for b in bids for line in b.sla}
    for verdict in verdicts:
        assert text("risk", f"verdict_{verdict}", "nl") in section


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_coverage_matrix_names_each_requirement(name):
    report = award_report(name)
    section = shown(report.assurance())
    for requirement in report.tender.requirement_set.requirements:
        assert f"{requirement.id} {shown(requirement.title)}" in section


def test_an_invalid_bid_shows_ongeldig_with_its_knockouts_and_no_would_be_points():
    report = award_report("gemeente-zaaksysteem")  # the retail example has no invalid bid
    invalid = [b for b in report.result.bids if not b.valid]
    assert invalid
    formula = report.result.method.formula
    for section in (report.ranking_table(), report.price()):
        rows = [shown(r) for r in re.findall(r'<tr class="invalid">.*?</tr>', str(section), re.S)]
        assert len(rows) == len(invalid)
        for bid in invalid:
            row = next(r for r in rows if bid.name in r)
            assert "ongeldig (knock-out: " in row
            assert all(k.requirement in row for k in bid.knockouts)
            if formula not in ("fictitious_discount", "utility_index"):
                assert report.num(bid.price.points) not in row
                assert report.num(bid.total) not in row


def test_the_gemeente_invalid_bid_would_have_had_more_than_the_maximum():
    # the case the rule is for: 45,10 price points of 40 for an invalid bid
    report = award_report("gemeente-zaaksysteem")
    worst = max((b for b in report.result.bids if not b.valid), key=lambda b: b.price.points)
    assert worst.price.points > report.result.method.price_weight
    assert report.num(worst.price.points) not in shown(report.price())


def test_under_fictitious_discount_the_weights_are_not_claimed_and_the_value_is_named():
    report = award_report("retail-privcomp-cloud")
    method = report.result.method
    assert method.formula == "fictitious_discount"
    design = shown(report.design())
    weights = f"Kwaliteit {report.num(method.quality_weight, 0)} punten"
    assert weights not in design
    assert shown(report.money(method.price.quality_value)) in design
    assert "laagste vergelijkingsprijs wint" in design
    assert "Kwaliteit 60 punten, prijs 40 punten" in shown(award_report(EXAMPLES[0]).design())


def test_in_english_the_fictitious_discount_says_the_same():
    report = award_report("retail-privcomp-cloud", "en")
    design = shown(report.design())
    assert "Quality 50 points" not in design and "lowest comparison price wins" in design


ADVICE = "Bespreek dit in de consensusvergadering"


def test_the_consensus_advice_only_while_no_consensus_is_recorded():
    report = award_report("gemeente-zaaksysteem")
    disputed = [line for line in report.result.panel if line.disagreement]
    assert disputed and all(line.consensus_score is not None for line in disputed)
    assert any(ADVICE in w.message for w in report.result.warnings)  # the Result's own words
    design = shown(report.design())
    assert ADVICE not in design
    for line in disputed:
        assert f"in consensus {line.consensus_score} vastgesteld" in design

    # the same Result before the consensus meeting: the advice stands
    panel = [
        line.model_copy(update={"consensus_score": None}) if line.disagreement else line
        for line in report.result.panel
    ]
    before = type(report)(report.tender, report.result.model_copy(update={"panel": panel}))
    assert shown(before.design()).count(ADVICE) == len(disputed)


def test_a_chart_is_described_by_its_title():
    report = award_report("gemeente-zaaksysteem")
    chart = report.totals_chart()
    assert repr(chart) == text("report", "chart_totals", "nl")
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell()
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"image/png": base64.b64encode(chart).decode(), "text/plain": repr(chart)},
        )
    ]
    notebook.cells.append(cell)
    page = notebook_html(notebook, "t", "nl", print_only=True)
    assert f'alt="{chart!r}"' in page
    assert "No description has been provided" not in page


def test_under_fictitious_discount_an_invalid_bid_has_no_comparison_price(tmp_path):
    """The retail example with Skyline's multi-factor authentication withdrawn (a knock-out):
    its would-be comparison price is no figure of the award and could undercut the winner."""
    root = Path(__file__).resolve().parents[2]
    for folder in ("requirement_sets", "scoring"):
        shutil.copytree(root / folder, tmp_path / folder)
    copy = tmp_path / "examples" / "retail-privcomp-cloud"
    shutil.copytree(root / "examples" / "retail-privcomp-cloud", copy)
    bid = copy / "bids" / "skyline.yaml"
    bid.write_text(bid.read_text("utf-8").replace("  mfa: true", "  mfa: false"), "utf-8")
    tender = load_tender(copy)
    report = AwardReport(tender, evaluate(tender))
    skyline = next(b for b in report.result.bids if b.id == "skyline")
    assert not skyline.valid and report.result.method.unit == "money"
    for section in (report.ranking_table(), report.price()):
        row = shown(re.findall(r'<tr class="invalid">.*?</tr>', str(section), re.S)[0])
        assert "ongeldig (knock-out: SEC-06)" in row
        assert report.amount(skyline.price.comparison) not in row
    assert "geen vergelijkingsprijs" in shown(report.price())


def test_with_every_bid_valid_the_price_section_has_no_note_on_invalid_bids():
    for name in EXAMPLES[1:]:  # every retail bid is valid
        report = award_report(name)
        assert all(b.valid for b in report.result.bids)
        assert "ongeldig" not in shown(report.price()).lower()


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_summary_words_the_margin_as_the_decision_does(name):
    report = award_report(name)
    winner, second = [b for b in report.result.ranking if b.valid][:2]
    margin = shown(report._margin(winner, second)).strip()
    assert f"({second.name}): {margin}." in shown(report.summary())
    assert f"({second.name}): {margin}." in shown(report.decision())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_column_of_the_design_tables_has_a_header(language):
    for name in EXAMPLES:
        design = str(award_report(name, language).design())
        headers = re.findall(r"<th[^>]*>(.*?)</th>", design, re.S)
        assert headers and all(shown(h).strip() for h in headers)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_chapter_the_texts_point_to_is_the_chapter_of_that_topic(language):
    """'zie hoofdstuk 9' must lead to the residual risks, 'hoofdstuk 3' to the knock-outs: a
    chapter added or moved renumbers the headings, and these references with them."""
    word = {"nl": "hoofdstuk", "en": "(?:section|chapter)"}[language]
    number = {
        key: text("report", key, language).split(".")[0]
        for key in ("h_knockouts", "h_risk", "h_ranking")
    }
    pointers = {
        "report": {"invalid_note_points": "h_knockouts", "invalid_note_money": "h_knockouts"},
        "record": {
            "decision_contract_measures_other": "h_risk",
            "decision_contract_measures_private_other": "h_risk",
        },
    }
    for catalogue, keys in pointers.items():
        for key, heading_key in keys.items():
            words = text(catalogue, key, language, count=2, winner="X", measures="Y")
            found = re.findall(rf"{word} (\d+)", words)
            assert found == [number[heading_key]], (key, words)
    headings = [text("report", k, language) for k in ("h_price", "h_sla", "h_ranking")]
    assert [h.split(".")[0] for h in headings] == ["5", "6", "7"]


def test_the_rule_for_invalid_bids_is_said_to_play_no_part_under_an_absolute_formula():
    """The fictitious discount compares no price with another bid's: 'recalculate the reference
    values' would name values that do not exist. The relative gemeente formula keeps the rule."""
    retail, gemeente = award_report("retail-privcomp-cloud"), award_report("gemeente-zaaksysteem")
    assert not retail.result.method.relative and gemeente.result.method.relative
    assert "speelt geen rol" in shown(retail.design())
    assert "referentiewaarden" not in shown(retail.design())
    assert "referentiewaarden opnieuw berekenen" in shown(gemeente.design())
