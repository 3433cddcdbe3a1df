"""The workbook of both bundled examples as a board member and an auditor meet it: printed, its
price points as formulas that give the award report's figures, its scores where they were given,
and every word in the reader's language."""

from __future__ import annotations

import re
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from workbook_text import language_problems, source_texts

from office import needs_libreoffice, printed_by_libreoffice
from tenderkit.api import load_tender
from tenderkit.evaluation import evaluate
from tenderkit.i18n import label, text
from tenderkit.render.workbook import write_workbook
from tenderkit.reporting.view import with_language

EXAMPLES = ("gemeente-zaaksysteem", "retail-privcomp-cloud")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """(example, language) -> (workbook path, Result, Tender)."""
    folder = tmp_path_factory.mktemp("workbooks")
    out = {}
    for example in EXAMPLES:
        base = load_tender(example)
        for language in ("nl", "en"):
            tender = with_language(base, language)
            result = evaluate(tender)
            path = write_workbook(result, tender, folder / f"{example}-{language}.xlsx")
            out[example, language] = (path, result, tender)
    return out


def _header_row(ws, first: str) -> int:
    return next(r[0].row for r in ws.iter_rows() if r[0].value == first)


def _column(ws, header_row: int, label: str) -> int:
    for cell in ws[header_row]:
        if cell.value == label:
            return cell.column
    raise AssertionError(f"{ws.title}: no column {label!r}")


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_sheet_prints_a4_landscape_one_page_wide_with_its_header_rows(written, example):
    path, _, _ = written[example, "nl"]
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.paperSize == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth in (1, None) and ws.page_setup.fitToHeight == 0
        assert ws.oddFooter.right.text and "&P" in ws.oddFooter.right.text
    for name in ("Scorematrix", "Prijs", "Dekking", "Knock-outs", "Antwoorden", "Panel"):
        assert wb[name].print_title_rows, name  # header rows repeat on every printed page
    assert wb["Scorematrix"].print_title_rows == "$1:$3"
    assert wb["Scorematrix"].print_title_cols == "$A:$B"


def _print_width(ws) -> float:
    """The width of the columns a sheet prints, first to last used, as the file stores it
    (openpyxl keeps equal neighbouring widths as one range)."""
    widths = {
        col: dim.width
        for dim in ws.column_dimensions.values()
        if dim.min and dim.max and dim.width
        for col in range(dim.min, dim.max + 1)
    }
    return sum(widths.get(col, 9.14) for col in range(1, ws.max_column + 1))


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_sheet_prints_readable_on_a4(written, example):
    """Fitted to one page wide, a sheet prints at PAGE_WIDTH / its width in LibreOffice (the
    panel and risk sheets printed at 40 % before); that scale stays at 70 % or more, and a sheet
    too wide for it prints at 70 % over several pages instead of shrinking."""
    from tenderkit.render.workbook.base import MIN_SCALE, PAGE_WIDTH

    path, _, _ = written[example, "nl"]
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        width = _print_width(ws)
        if ws.sheet_properties.pageSetUpPr.fitToPage:
            scale = min(1.0, PAGE_WIDTH / width)
        else:
            scale = (ws.page_setup.scale or 100) / 100
        assert scale >= MIN_SCALE, (ws.title, round(width), round(scale, 2))
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        if ws.title != text("excel", "sheet_sensitivity", "nl"):  # one page, no table header
            assert ws.print_title_rows, ws.title
    assert wb["Risico's"].print_title_rows == "$1:$3"  # the title, the groups, the header
    assert wb["Panel"].print_title_rows == "$1:$1"


def test_a_sheet_too_wide_for_one_readable_page_prints_at_the_readable_scale(tmp_path):
    """A panel of many evaluators, a matrix of many columns: no sheet is shrunk below 70 %."""
    from xlsxwriter import Workbook

    from tenderkit.render.workbook.base import MAX_PRINT_WIDTH, Sheets

    tender = load_tender("gemeente-zaaksysteem")
    result = evaluate(tender, sensitivity=False)
    workbook = Workbook(str(tmp_path / "wide.xlsx"))
    book = Sheets(workbook, result, tender)
    ws = book.sheet("sheet_matrix")
    for col in range(12):
        book.set_width(ws, col, col, MAX_PRINT_WIDTH / 10)
        book.string(ws, 0, col, "x")
    book.finish()
    workbook.close()
    sheet = openpyxl.load_workbook(tmp_path / "wide.xlsx").worksheets[0]
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.scale == 70


@needs_libreoffice
def test_printed_through_libreoffice_the_body_text_is_readable(written, tmp_path):
    """Printed to PDF by LibreOffice, the most common text size on every page of the Dutch
    gemeente workbook is at least 7.5 point (11-point text at 70 %); it was 4.4 on the risk pages.
    """
    import pypdf

    source = written["gemeente-zaaksysteem", "nl"][0]
    reader = pypdf.PdfReader(printed_by_libreoffice(source, tmp_path))
    small = []
    for number, page in enumerate(reader.pages, start=1):
        sizes: dict[float, int] = {}

        def visit(words, cm, tm, font, size, sizes=sizes):
            scale = abs(tm[0] * cm[0] + tm[1] * cm[2]) or abs(tm[3] * cm[3])
            if words.strip():
                key = round(size * scale, 1)
                sizes[key] = sizes.get(key, 0) + len(words.strip())

        page.extract_text(visitor_text=visit)
        body = max(sizes, key=sizes.get)
        if body < 7.5:
            small.append((number, body))
    assert not small, small


@pytest.mark.parametrize(("language", "code"), [("nl", "[$-413]"), ("en", "[$-809]")])
def test_dates_carry_the_locale_code_of_the_language(written, language, code):
    path, _, tender = written["gemeente-zaaksysteem", language]
    ws = openpyxl.load_workbook(path).worksheets[0]
    label = text("excel", "closing_date", language)
    cell = next(r[1] for r in ws.iter_rows() if r[0].value == label)
    assert cell.is_date and cell.value.date() == tender.config.dates.closing
    assert cell.number_format.startswith(code) and "mmmm" in cell.number_format


def test_rows_are_as_high_as_their_wrapped_text(written):
    path, result, _ = written["gemeente-zaaksysteem", "nl"]
    wb = openpyxl.load_workbook(path)
    ws = wb["Samenvatting"]
    long_warning = max(result.warnings, key=lambda w: len(w.message))
    cell = next(c for r in ws.iter_rows() for c in r if c.value == long_warning.message)
    height = ws.row_dimensions[cell.row].height
    assert height is not None and height >= 30  # more than one line, not clipped to one
    matrix = wb["Scorematrix"]
    assert matrix.row_dimensions[2].height and matrix.row_dimensions[2].height > 15
    assert all(c.alignment.wrap_text for c in matrix[3] if c.value)  # headers wrap, not clip


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_matrix_shows_what_was_scored_where_it_was_scored(written, example):
    path, result, _ = written[example, "nl"]
    ws = openpyxl.load_workbook(path)["Scorematrix"]
    header_row = _header_row(ws, "Inschrijving")
    header = [c.value for c in ws[header_row]]
    for b in result.bids:
        row = next(r for r in ws.iter_rows(min_row=header_row + 1) if r[0].value == b.id)
        cells = dict(zip(header, (c.value for c in row), strict=False))
        for rid, score in b.quality.requirements.items():
            if score.source == "criterion":  # the panel scored the criterion, not this one
                assert cells.get(rid) is None, (b.id, rid)
            else:
                assert cells[rid] == pytest.approx(score.fraction)
        for cid, fraction in b.quality.criteria.items():
            assert cells[cid] == pytest.approx(fraction)
    # both examples' panels scored criteria: no requirement column pretends otherwise
    assert not any(re.fullmatch(r"[A-Z]{3}-\d\d", str(h)) for h in header)


def _price_cells(path: Path, data_only: bool) -> dict[str, dict[str, object]]:
    ws = openpyxl.load_workbook(path, data_only=data_only)["Prijs"]
    header_row = _header_row(ws, "Inschrijving")
    header = [c.value for c in ws[header_row]]
    return {
        r[0].value: dict(zip(header, (c.value for c in r), strict=False))
        for r in ws.iter_rows(min_row=header_row + 1)
        if r[0].value
    }


FIGURES = {  # column -> the Result's figure, and the decimals the sheet shows
    "Prijsfractie": (lambda b: b.price.fraction, 3),
    "Prijspunten": (lambda b: b.price.points, 2),
    "Vergelijkingswaarde": (lambda b: b.price.comparison, 2),
}


@pytest.mark.parametrize("example", EXAMPLES)
def test_price_figures_are_formulas_whose_cached_value_is_the_results(written, example):
    path, result, _ = written[example, "nl"]
    formulas, cached = _price_cells(path, False), _price_cells(path, True)
    checked = 0
    for b in (b for b in result.bids if b.valid):  # an invalid bid has no figures: see below
        for column, (figure, _) in FIGURES.items():
            if column not in formulas[b.id] or figure(b) is None:
                continue
            formula = formulas[b.id][column]
            assert isinstance(formula, str) and formula.startswith("="), (b.id, column)
            assert cached[b.id][column] == pytest.approx(figure(b), abs=1e-6)
            checked += 1
    assert checked >= len(result.bids)


def _shown(value: float, digits: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


@needs_libreoffice
def test_recalculated_price_formulas_give_the_results_figures(written, tmp_path):
    """LibreOffice recalculates every formula on load (a profile that says so), and the figures
    it computes equal result.json at the precision the sheet shows."""
    profile = tmp_path / "profile" / "user"
    profile.mkdir(parents=True)
    (profile / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items '
        'xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
        '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>'
        "</oor:items>\n",
        "utf-8",
    )
    sources = [written[e, "nl"][0] for e in EXAMPLES]
    out = tmp_path / "recalculated"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for example, source in zip(EXAMPLES, sources, strict=True):
        _, result, _ = written[example, "nl"]
        recalculated = _price_cells(out / source.name, True)
        for b in (b for b in result.bids if b.valid):
            for column, (figure, digits) in FIGURES.items():
                if column in recalculated[b.id] and figure(b) is not None:
                    value = recalculated[b.id][column]
                    assert isinstance(value, float | int), (example, b.id, column, value)
                    assert _shown(value, digits) == _shown(figure(b), digits), (b.id, column)


def _would_be(b) -> list[float]:
    """An invalid bid's figures that are no score: price points, total, fractions of the price
    method, comparison values. Its price and its quality (fraction and points, which cannot pass
    their maximum) are facts of the evaluation, and stay, as in the award report."""
    figures = [b.price.points, b.price.fraction, b.total, b.price.comparison]
    figures += [b.price.deficit, b.score]
    return [f for f in figures if f is not None]


def _invalid_rows(path: Path, result) -> list[tuple[str, object, list, list, list]]:
    """(sheet, bid, the row's values as written, its cached values, its formula cells) of every
    row that names an invalid bid, in every sheet of the workbook."""
    formulas, cached = openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)
    found = []
    for b in (b for b in result.bids if not b.valid):
        for ws in formulas.worksheets:
            for row, values in zip(ws.iter_rows(), cached[ws.title].iter_rows(), strict=True):
                if any(c.value in (b.id, b.name) for c in row):
                    written = [c.value for c in row]
                    formula = [c.coordinate for c in row if c.data_type == "f"]
                    found.append((ws.title, b, written, [c.value for c in values], formula))
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_invalid_bid_shows_no_points_anywhere_but_why_it_is_invalid(written, language):
    """As in the award report: "ongeldig (knock-out: PRV-03)" where a valid bid says yes, a dash
    where it has points, and no formula that would give it the would-be points (45,10 of 40)."""
    path, result, _ = written["gemeente-zaaksysteem", language]
    invalid = [b for b in result.bids if not b.valid]
    assert invalid and any(max(_would_be(b)) > 40 for b in invalid)  # the case of the issue
    rows = _invalid_rows(path, result)
    sheets = {sheet for sheet, *_ in rows}
    for key in ("sheet_summary", "sheet_matrix", "sheet_price", "sheet_knockouts"):
        assert text("excel", key, language) in sheets
    for sheet, b, values, shown, formulas in rows:
        assert not formulas, (sheet, b.id, formulas)
        for figure in shown:
            if isinstance(figure, int | float) and not isinstance(figure, bool):
                assert all(figure != pytest.approx(f) for f in _would_be(b)), (sheet, b.id)
        if sheet in (text("excel", k, language) for k in ("sheet_summary", "sheet_price")):
            ids = ", ".join(dict.fromkeys(k.requirement for k in b.knockouts))
            assert text("report", "invalid_reason", language, ids=ids) in values, sheet
            assert "—" in values, sheet


def test_an_invalid_bid_under_a_comparison_formula_has_no_comparison_value(tmp_path):
    """A bid set aside under fictitious discount: no comparison value, no formula, and the
    valid bids' formulas still give the Result's figures."""
    tender = load_tender("retail-privcomp-cloud")
    result = evaluate(tender, sensitivity=False, excluded=["skyline"])
    path = write_workbook(result, tender, tmp_path / "retail.xlsx")
    assert [b.id for b in result.bids if not b.valid] == ["skyline"]
    rows = _invalid_rows(path, result)
    assert rows
    for sheet, b, _, shown, formulas in rows:
        assert not formulas, sheet
        figures = [f for f in shown if isinstance(f, int | float) and not isinstance(f, bool)]
        assert all(f != pytest.approx(b.price.comparison) for f in figures), sheet
    cached = _price_cells(path, True)
    for b in (b for b in result.bids if b.valid):
        assert cached[b.id]["Vergelijkingswaarde"] == pytest.approx(b.price.comparison)


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_codes_and_no_words_of_the_other_language(written, example, language):
    """Every label is in the reader's language, no snake_case code shows; the tender's and the
    bids' own texts (names, titles, answers, the panel's words, the evaluation's messages) are
    theirs and not checked here."""
    path, result, tender = written[example, language]
    own = source_texts(tender) | source_texts(result.panel)
    own |= source_texts([w.message for w in result.warnings])
    for b in result.bids:
        own |= source_texts([f.message for r in b.assurance for f in r.flags])
        own |= source_texts([k.message for k in b.knockouts])
        own |= source_texts([(s.text, s.offered, s.required) for s in b.sla])
        own |= source_texts([b.actions, b.risks, b.buyer_obligations])
    assert language_problems(path, own, language) == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_summary_names_the_tie_break_rules_in_words(written, language):
    # the scoring model's codes (quality, price, lot) are the tender's own words, so the check
    # above cuts them: the labels are asserted here
    path, result, _ = written["gemeente-zaaksysteem", language]
    summary = openpyxl.load_workbook(path).worksheets[0]
    row = next(r for r in summary.iter_rows() if r[0].value == text("excel", "tie_break", language))
    assert row[1].value == ", ".join(label("tie", r, language) for r in result.method.tie_break)


def test_the_language_check_finds_a_code_and_an_english_word(tmp_path):
    """The check above can fail: a workbook with a code and English words in Dutch fails it."""
    wb = openpyxl.Workbook()
    wb.active.title = "Blad"
    wb.active["A1"] = "lowest_relative"
    wb.active["A2"] = "quality, price, lot"
    wb.save(tmp_path / "bad.xlsx")
    problems = language_problems(tmp_path / "bad.xlsx", set(), "nl")
    assert any("lowest_relative" in p for p in problems)
    assert any("'quality'" in p for p in problems)
    assert language_problems(tmp_path / "bad.xlsx", {"lowest_relative"}, "nl") != []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_rule_for_invalid_bids_plays_no_part_under_an_absolute_formula(written, language):
    """Summary and price sheet say so for the fictitious discount (no reference values exist),
    and state the published rule for the relative gemeente formula."""
    expected = {
        "retail-privcomp-cloud": label("rule", "not_relative", language),
        "gemeente-zaaksysteem": label("rule", "recalculate", language),
    }
    for example, wanted in expected.items():
        book = openpyxl.load_workbook(written[example, language][0], read_only=True)
        for sheet in (
            text("excel", "sheet_summary", language),
            text("excel", "sheet_price", language),
        ):
            cells = {c for row in book[sheet].iter_rows(values_only=True) for c in row if c}
            assert wanted in cells, (example, sheet)


def _column_widths(ws) -> dict[int, float]:
    """Each column's width as the file stores it (openpyxl keeps a range under its first letter)."""
    widths = {}
    for dim in ws.column_dimensions.values():
        for col in range((dim.min or 1), (dim.max or dim.min or 1) + 1):
            widths[col] = dim.width
    return widths


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("language", ("nl", "en"))
def test_records_sheets_break_no_word_in_two(written, example, language):
    """SLA lines and actions are wrapped; a column narrower than a word in it (a Dutch compound
    such as "verwerkingsverantwoordelijke") makes Excel break the word, which nobody reads back.
    The estimate is the one the row heights use."""
    from tenderkit.render.workbook.base import (
        CHARS_PER_WIDTH,
        DEFAULT_WIDTH,
        MAX_WORD_WIDTH,
        PADDING,
    )

    path, _, _ = written[example, language]
    wb = openpyxl.load_workbook(path)
    sheets = [text("excel", k, language)[:31] for k in ("sheet_sla", "sheet_actions")]
    checked = 0
    for ws in (wb[name] for name in sheets if name in wb.sheetnames):
        widths = _column_widths(ws)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if not (isinstance(cell.value, str) and cell.alignment.wrap_text):
                    continue
                if cell.coordinate in ws.merged_cells:  # spans columns: wide enough
                    continue
                width = widths.get(cell.column, DEFAULT_WIDTH) - PADDING
                longest = max(cell.value.split(), key=len, default="")
                checked += 1
                assert len(longest) <= width * CHARS_PER_WIDTH or width >= MAX_WORD_WIDTH, (
                    ws.title,
                    cell.coordinate,
                    longest,
                    width,
                )
    assert checked
