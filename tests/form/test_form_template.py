"""The bidder's form as written: sheets, locked and open cells, dropdowns, printing, determinism."""

from __future__ import annotations

import copy

import pytest
import yaml
from form_fixtures import requirement_set_with_own_facts
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import REQUIREMENT_SET
from office import needs_libreoffice, printed_by_libreoffice
from tenderkit.cli import app
from tenderkit.form import layout
from tenderkit.form.template import template_bytes, write_template
from tenderkit.formats.requirement_set import RequirementSet


def requirement_set(**changes) -> RequirementSet:
    data = copy.deepcopy(REQUIREMENT_SET)
    data.update(changes)
    return RequirementSet.model_validate(data)


@pytest.fixture
def form_nl(tmp_path):
    return load_workbook(
        write_template(
            requirement_set_with_own_facts(sso_text="=SSO via SAML of OIDC."),
            tmp_path / "form.xlsx",
        )
    )


def test_dutch_form_has_all_sheets_in_order(form_nl):
    assert form_nl.sheetnames == [
        "Instructies",
        "Antwoorden",
        "Feiten",
        "Assurance",
        "Subverwerkers",
        "Prijs",
    ]


def test_english_when_the_set_or_the_caller_says_so(tmp_path):
    by_set = load_workbook(write_template(requirement_set(language="en"), tmp_path / "a.xlsx"))
    by_caller = load_workbook(write_template(requirement_set(), tmp_path / "b.xlsx", "en"))
    for workbook in (by_set, by_caller):
        assert workbook.sheetnames[:3] == ["Instructions", "Answers", "Facts"]
        assert workbook["Answers"]["E1"].value == "Status"
        # ENC-01 asks for an accepted independent report, LOC-01 does not
        assert workbook["Answers"]["D3"].value == "knockout (must), report required"
        assert workbook["Answers"]["D4"].value == "knockout (must)"
    with pytest.raises(ValueError):
        write_template(requirement_set(), tmp_path / "c.xlsx", "de")


def test_answers_sheet_one_row_per_requirement(form_nl):
    sheet = form_nl["Antwoorden"]
    headers = [c.value for c in sheet[1]]
    assert headers == [
        "ID",
        "Titel",
        "Eis of wens",
        "Soort",
        "Status",
        "Toelichting",
        "Bewijs (rapport-ID's)",
    ]
    ids = [sheet.cell(row, 1).value for row in range(3, sheet.max_row + 1)]
    assert ids == ["ENC-01", "LOC-01", "LOG-01", "SLA-01", "USR-01", "LNG-01", "SSO-01"]
    assert sheet["D3"].value == "eis (knock-out), rapport verplicht"
    assert sheet["D4"].value == "eis (knock-out)" and sheet["D5"].value == "wens (punten)"
    # a text that starts with '=' stays text, never a formula
    assert sheet["C9"].value.startswith("=SSO via SAML of OIDC.") and sheet["C9"].data_type == "s"
    # a requirement with a check says which fact it is checked against
    assert sheet["C6"].value.endswith("Getoetst aan tabblad Feiten: Beschikbaarheid (%).")
    assert sheet["C5"].value == "Alle beheerhandelingen worden gelogd."


def test_ids_and_headers_locked_answer_cells_open(form_nl):
    sheet = form_nl["Antwoorden"]
    assert sheet.protection.sheet is True
    assert not sheet.protection.password
    assert sheet["A3"].protection.locked and sheet["C3"].protection.locked
    assert sheet["E1"].protection.locked
    for cell in ("E3", "F3", "G3", "E9"):
        assert not sheet[cell].protection.locked
    assert sheet.freeze_panes == "B3"
    for name in form_nl.sheetnames:
        assert form_nl[name].protection.sheet is True


def test_status_dropdown(form_nl):
    sheet = form_nl["Antwoorden"]
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert [dv.formula1 for dv in lists] == ['"voldoet,gedeeltelijk,voldoet niet"']
    assert str(lists[0].sqref) == "E3:E9"


def test_facts_sheet_typed_validation(form_nl):
    sheet = form_nl["Feiten"]
    rows = {sheet.cell(r, 4).value: r for r in range(2, sheet.max_row + 1)}
    for code, _ in layout.RESERVED_FACTS:
        assert code in rows
    # the checks' own facts get rows too, typed by their check
    assert sheet.cell(rows["max_users"], 5).value == "number"
    assert sheet.cell(rows["ui_languages"], 5).value == "list"
    assert sheet.cell(rows["sso"], 5).value == "bool"
    assert sheet.column_dimensions["E"].hidden
    by_cell = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}

    def rule(code):
        return by_cell[f"B{rows[code]}"]

    assert rule("availability_percent").type == "decimal"
    assert rule("availability_percent").operator in (None, "between")  # between is the default
    assert (rule("availability_percent").formula1, rule("availability_percent").formula2) == (
        "0",
        "100",
    )
    assert rule("rpo_hours").operator == "greaterThanOrEqual"
    assert rule("incident_response_hours.P4").formula1 == "0"
    assert rule("availability_window").formula1 == '"maand,kwartaal,jaar"'
    assert rule("support_hours").formula1 == '"24x7,kantooruren"'
    assert rule("mfa").formula1 == '"ja,nee"'
    assert rule("transfer_mechanism").type == "list"
    assert rule("data_locations").promptTitle == "Landcodes"
    assert not sheet.cell(rows["mfa"], 2).protection.locked
    assert sheet.cell(rows["mfa"], 4).protection.locked
    assert sheet.cell(rows["mfa"], 3).value.endswith("kies: ja / nee")
    # free rows for own facts: name, value and code open
    free = sheet.max_row
    assert sheet.cell(free, 4).value is None
    assert not any(sheet.cell(free, c).protection.locked for c in (1, 2, 4))


def test_assurance_sheet_columns_and_validation(form_nl):
    sheet = form_nl["Assurance"]
    assert len([c for c in sheet[1] if c.value]) == len(layout.ASSURANCE_COLUMNS)
    kinds = {dv.type for dv in sheet.data_validations.dataValidation if dv.type in ("list", "date")}
    assert kinds == {"list", "date"}
    dates = [str(dv.sqref) for dv in sheet.data_validations.dataValidation if dv.type == "date"]
    assert "D3:D22" in dates  # issued
    assert not sheet["A22"].protection.locked and sheet["A23"].protection.locked


def test_printing_landscape_fit_to_width(form_nl):
    for name in form_nl.sheetnames:
        sheet = form_nl[name]
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        if name == "Assurance":
            continue
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth in (1, None) and sheet.page_setup.fitToHeight == 0


def test_the_assurance_sheet_prints_readable_over_several_pages(form_nl):
    """24 columns do not fit one A4 readable: each printed page holds the columns that fit at a
    readable scale, with the report ID and the header and hint rows repeated on every page, and
    wrapped headers and hints in rows high enough for them."""
    from tenderkit.form.template import ASSURANCE_WIDTHS, assurance_pages

    sheet = form_nl["Assurance"]
    breaks = [b.id for b in sheet.col_breaks.brk]
    pages = assurance_pages()
    assert len(breaks) == len(pages) - 1 and sorted(breaks) == breaks
    assert [c for page in pages for c in page] == list(layout.ASSURANCE_COLUMNS)
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    scale = sheet.page_setup.scale or 100
    assert 60 <= scale <= 100
    assert sheet.print_title_cols == "$A:$A"
    assert sheet.print_title_rows == f"$1:${layout.HINT_ROW}"
    for page in pages:  # each page fits A4 landscape at that scale
        width = sum(ASSURANCE_WIDTHS[c] for c in page if c != "id") + ASSURANCE_WIDTHS["id"]
        assert width * scale / 100 <= 125
    for row in (layout.HEADER_ROW, layout.HINT_ROW):
        assert all(c.alignment.wrap_text for c in sheet[row] if c.value)
        assert sheet.row_dimensions[row].height > 15
    # it prints the header, the hints and ASSURANCE_PRINT_ROWS entry rows, not 20 empty rows
    last = layout.HINT_ROW + layout.ASSURANCE_PRINT_ROWS
    assert sheet.print_area == f"'Assurance'!$A$1:$X${last}"
    assert len(layout.ASSURANCE_COLUMNS) == 24  # A:X
    assert layout.ASSURANCE_PRINT_ROWS < layout.ASSURANCE_ROWS  # the sheet keeps its room


def test_a_filled_form_prints_every_report(tmp_path):
    """More reports than the template prints: the filled form's print area covers them all."""
    from tenderkit.form.fill import fill_form
    from tenderkit.formats.bid import Bid

    report = {"id": "r", "kind": "soc3", "issuer": "Big Four", "issued": "2026-01-10"}
    report["opinion"] = "unqualified"
    count = layout.ASSURANCE_PRINT_ROWS + 3
    reports = [{**report, "id": f"r{i}"} for i in range(count)]
    bid = Bid.model_validate({"tenderkit": 1, "bidder": "X", "price": 1, "assurance": reports})
    template = write_template(requirement_set_with_own_facts(), tmp_path / "form.xlsx")
    filled = load_workbook(fill_form(template, bid, tmp_path / "filled.xlsx"))["Assurance"]
    assert filled.print_area == f"'Assurance'!$A$1:$X${layout.HINT_ROW + count}"
    assert filled.print_title_rows == f"$1:${layout.HINT_ROW}"


def _printed_pages(path, tmp_path) -> list[tuple[str, float]]:
    """(the footer, naming the sheet, and the most common text size) of every page LibreOffice
    prints."""
    import pypdf

    printed = printed_by_libreoffice(path, tmp_path)
    pages = []
    for page in pypdf.PdfReader(printed).pages:
        sizes: dict[float, int] = {}
        lines: list[tuple[float, str]] = []

        def visit(words, cm, tm, font, size, sizes=sizes, lines=lines):
            if words.strip():
                scale = abs(tm[0] * cm[0] + tm[1] * cm[2]) or abs(tm[3] * cm[3])
                key = round(size * scale, 1)
                sizes[key] = sizes.get(key, 0) + len(words.strip())
                lines.append((tm[5] * cm[3] + cm[5], words.strip()))

        page.extract_text(visitor_text=visit)
        low = min(y for y, _ in lines)
        footer = " ".join(words for y, words in lines if abs(y - low) < 2)
        pages.append((footer, max(sizes, key=sizes.get)))
    return pages


@needs_libreoffice
def test_printed_through_libreoffice_every_sheet_is_readable(tmp_path):
    """The assurance sheet prints one page per group of columns (21 pages before), and every
    sheet's text is at least 6.8 point (10-point text at 68 %; the answers printed at 5.6)."""
    from tenderkit.form.template import assurance_pages

    path = write_template(requirement_set_with_own_facts(), tmp_path / "form.xlsx")
    pages = _printed_pages(path, tmp_path)
    assert sum(1 for footer, _ in pages if "Assurance" in footer) == len(assurance_pages())
    assert [(footer, size) for footer, size in pages if size < 6.8] == []


def test_same_set_same_bytes(tmp_path):
    rs = requirement_set_with_own_facts(sso_text="=SSO via SAML of OIDC.")
    first = write_template(rs, tmp_path / "one.xlsx").read_bytes()
    second = write_template(rs, tmp_path / "two.xlsx").read_bytes()
    assert first == second
    assert template_bytes(rs, "en") != first
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file, then renamed


def test_cli_template(tmp_path):
    source = tmp_path / "set.yaml"
    source.write_text(yaml.safe_dump(REQUIREMENT_SET), "utf-8")
    out = tmp_path / "form.xlsx"
    result = CliRunner().invoke(app, ["template", str(source), "-o", str(out), "--language", "en"])
    assert result.exit_code == 0, result.output
    assert load_workbook(out).sheetnames[1] == "Answers"


def test_cli_template_bad_set(tmp_path):
    source = tmp_path / "set.yaml"
    source.write_text(yaml.safe_dump({**REQUIREMENT_SET, "risk_appetite": 99}), "utf-8")
    result = CliRunner().invoke(app, ["template", str(source), "-o", str(tmp_path / "f.xlsx")])
    assert result.exit_code == 1
    assert "risk_appetite" in result.output
    assert not (tmp_path / "f.xlsx").exists()


def bundled_sets() -> list:
    from tenderkit.bundled import bundled

    return sorted(bundled("requirement_sets").glob("*.yaml"))


@pytest.mark.parametrize("path", bundled_sets(), ids=lambda p: p.stem)
def test_bundled_sets_give_a_form_that_reads_back(tmp_path, path):
    from tenderkit.form.fill import fill_form
    from tenderkit.form.reader import read_bid
    from tenderkit.formats.bid import Bid
    from tenderkit.formats.messages import validate
    from tenderkit.formats.yamlio import read_yaml

    data, problems = read_yaml(path, path.name)
    rs, problems = validate(RequirementSet, data, path.name)
    assert not problems
    answers = {r.id: {"status": "meets", "note": r.title} for r in rs.requirements}
    original = Bid.model_validate(
        {"tenderkit": 1, "bidder": "Test BV", "price": 100000, "answers": answers}
    )
    for language in ("nl", "en"):
        form = write_template(rs, tmp_path / f"{language}.xlsx", language)
        read, problems = read_bid(fill_form(form, original, tmp_path / "f.xlsx"), "f.xlsx")
        assert problems == []
        assert read == original


def test_a_knockout_that_needs_a_report_says_so_and_what_counts(form_nl, tmp_path):
    """Transparency (issue 16): no bidder is knocked out on a ground it could not see."""
    sheet = form_nl["Antwoorden"]
    rows = {sheet.cell(row, 1).value: row for row in range(3, sheet.max_row + 1)}
    enc, loc = rows["ENC-01"], rows["LOC-01"]
    assert sheet.cell(enc, 4).value == "eis (knock-out), rapport verplicht"
    text = sheet.cell(enc, 3).value
    for part in (
        "Onafhankelijk rapport verplicht",
        "de normen 8.24, CC6.1 dekken",
        "ten minste 6 maanden",
        "niet meer dan 12 maanden voor de sluitingsdatum",
        "ISO/IEC 27001:2022",
        "Niet genoeg: een Type I-rapport",
    ):
        assert part in text, part
    assert sheet.cell(loc, 4).value == "eis (knock-out)"
    assert "rapport verplicht" not in sheet.cell(loc, 3).value
    instructions = " ".join(
        str(c.value) for row in form_nl["Instructies"].iter_rows() for c in row if c.value
    )
    assert "Staat bij een eis 'rapport verplicht'" in instructions
    assert "type I-rapport toetst alleen de opzet op één datum" in instructions
