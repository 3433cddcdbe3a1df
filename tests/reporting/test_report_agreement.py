"""The award report, the workbook and the letters show the same figures for every bid.

`tenderkit report` evaluates once and every renderer formats the Result read back from
result.json, so a bid's quality points, price points and total read the same, character for
character, in the HTML, in the cells of the workbook as Excel displays them, and in its letter.
"""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from tenderkit.bundled import example
from tenderkit.i18n import text
from tenderkit.reporting.run import build_report

FIGURES = ("quality_points", "price_points", "total")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("agreement") / "report"
    return build_report(
        example("gemeente-zaaksysteem"), out, pdf=False, risk_notebooks=False
    ).folder


def _cells(row) -> list[str]:
    return [c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])]


def html_figures(folder: Path) -> dict[str, dict[str, str]]:
    """Per bidder name: the figures of the award report's ranking table, as shown."""
    soup = BeautifulSoup((folder / "award_report.html").read_text("utf-8"), "html.parser")
    labels = {
        "quality_points": text("report", "col_quality_points", "nl"),
        "price_points": text("report", "col_price_points", "nl"),
        "total": text("report", "col_total", "nl"),
        "bid": text("report", "col_bid", "nl"),
    }
    for table in soup.find_all("table", class_="tk-table"):
        head = _cells(table.find("thead"))
        if all(label in head for label in labels.values()):
            rows = [_cells(tr) for tr in table.find("tbody").find_all("tr")]
            return {
                row[head.index(labels["bid"])]: {k: row[head.index(labels[k])] for k in FIGURES}
                for row in rows
            }
    raise AssertionError("the award report has no ranking table")


def excel_shown(value: float, number_format: str) -> str:
    """A number as Excel displays it in a Dutch workbook: `#,##0.00` rounds half up."""
    decimals = len(number_format.split(".")[1].rstrip("%#")) if "." in number_format else 0
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:,.{decimals}f}".partition(".")
    return whole.replace(",", ".") + ("," + fraction if fraction else "")


def workbook_figures(folder: Path) -> dict[str, dict[str, str]]:
    """Per bidder name: the figures of the summary sheet's ranking, as Excel shows them."""
    sheet = openpyxl.load_workbook(folder / "scoring.xlsx")[text("excel", "sheet_summary", "nl")]
    rows = list(sheet.iter_rows())
    labels = {
        "quality_points": text("excel", "quality_points", "nl"),
        "price_points": text("excel", "price_points", "nl"),
        "total": text("excel", "total", "nl"),
        "bid": text("excel", "bidder", "nl"),
    }
    for index, row in enumerate(rows):
        head = [c.value for c in row]
        if all(label in head for label in labels.values()):
            shown = {}
            for line in rows[index + 1 :]:
                name = line[head.index(labels["bid"])].value
                if name is None:
                    break
                shown[name] = {  # a text (an invalid bid's dash) as it stands
                    k: excel_shown(cell.value, cell.number_format)
                    if isinstance(cell.value, int | float)
                    else cell.value
                    for k in FIGURES
                    for cell in [line[head.index(labels[k])]]
                }
            return shown
    raise AssertionError("the workbook has no ranking on its summary sheet")


def letter_figures(folder: Path, result: dict) -> dict[str, dict[str, str]]:
    """Per bidder name: the figures in the own column of each valid bidder's letter."""
    rows_of = {
        "quality_points": text("letters", "row_quality", "nl"),
        "price_points": text("letters", "row_price", "nl"),
        "total": text("letters", "row_total_points", "nl"),
    }
    shown = {}
    for bid in result["bids"]:
        if not bid["valid"]:
            continue
        html = (folder / "letters" / f"letter-{bid['id']}.html").read_text("utf-8")
        table = BeautifulSoup(html, "html.parser").find("table", class_="scores")
        own = {}
        for tr in table.find("tbody").find_all("tr"):
            cells = tr.find_all("td")
            label = cells[0].get_text(" ", strip=True)
            for key, row_label in rows_of.items():
                if label == row_label:
                    own[key] = next(cells[3].strings).strip()  # the first figure: the points
        shown[bid["name"]] = own
    return shown


def test_the_award_report_workbook_and_letters_show_the_same_figures(folder):
    result = json.loads((folder / "result.json").read_text("utf-8"))
    in_html = html_figures(folder)
    in_workbook = workbook_figures(folder)
    in_letters = letter_figures(folder, result)
    names = {b["name"] for b in result["bids"]}
    assert set(in_html) == set(in_workbook) == names
    assert set(in_letters) == {b["name"] for b in result["bids"] if b["valid"]}
    valid = {b["name"] for b in result["bids"] if b["valid"]}
    for name in names:
        if name in valid:
            assert in_html[name] == in_workbook[name], name
        else:  # the report shows no would-be price points or total for an invalid bid
            assert in_html[name]["quality_points"] == in_workbook[name]["quality_points"], name
            assert in_html[name]["price_points"] == in_html[name]["total"] == "—", name
            assert in_workbook[name]["price_points"] == in_workbook[name]["total"] == "—", name
        if name in in_letters:
            assert in_letters[name] == in_html[name], name
    for name in valid:  # shown figures, not blanks: the check compares numbers
        assert all(re.fullmatch(r"\d+,\d\d", in_html[name][k]) for k in FIGURES)
    assert valid != names  # the example has invalid bids, so both branches are checked


def test_excel_display_rounds_half_up():
    assert excel_shown(49.225, "#,##0.00") == "49,23"
    assert excel_shown(1234.5, "#,##0.00") == "1.234,50"
