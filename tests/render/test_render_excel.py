"""The award report's Excel workbook: Result figures in the tender's language, safe and stable."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import BIDS, SCORING, TENDER, bid
from tenderkit.evaluation import evaluate
from tenderkit.i18n import label, text
from tenderkit.loader import Tender, load_tender
from tenderkit.render.excel import write_workbook
from tenderkit.result import BidResult, Result, RiskLevel, RiskResult

NASTY = ['=HYPERLINK("http://x")', "+31 6 1234", "-1", "@SUM(A1)"]
DUTCH_SHEETS = [
    "Samenvatting",
    "Knock-outs",
    "Scorematrix",
    "Prijs",
    "Gevoeligheid",
    "Assurance",
    "Dekking",
    "Risico's",
    "Risico-onderbouwing",
    "Acties",
    "Panel",
    "Antwoorden",
]
ENGLISH_SHEETS = [
    "Summary",
    "Knock-outs",
    "Score matrix",
    "Price",
    "Sensitivity",
    "Assurance",
    "Coverage",
    "Risks",
    "Risk reasoning",
    "Actions",
    "Panel",
    "Answers",
]


def _evaluated(make_tender: Callable[..., Path], **parts: Any) -> tuple[Result, Tender]:
    tender = load_tender(make_tender(**parts))
    return evaluate(tender, samples=200), tender


@pytest.fixture
def three_bids(make_tender: Callable[..., Path]) -> tuple[Result, Tender]:
    bids = dict(BIDS)
    bids["gamma"] = bid("Gamma Cloud BV", 380000)
    return _evaluated(make_tender, bids=bids)


def _sla_sheet(result: Result) -> list[str]:
    """The SLA sheet is there when the Result carries service-level lines."""
    return ["SLA"] if any(getattr(b, "sla", None) for b in result.bids) else []


def _rows(ws: Any) -> list[list[Any]]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def _table(ws: Any, first_header: str) -> tuple[list[Any], list[list[Any]]]:
    """The header row starting with `first_header` and the rows below it up to a blank row."""
    rows = _rows(ws)
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
    body = []
    for row in rows[start + 1 :]:
        if all(v is None for v in row):
            break
        body.append(row)
    return rows[start], body


def test_sheets_exist_with_dutch_labels_by_default(three_bids, tmp_path):
    result, tender = three_bids
    path = write_workbook(result, tender, tmp_path / "award.xlsx")
    assert path == tmp_path / "award.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == DUTCH_SHEETS + _sla_sheet(result)
    header, _ = _table(wb["Samenvatting"], "Rang")
    assert header[:4] == ["Rang", "Inschrijving", "Inschrijver", "Geldig"]
    assert wb["Samenvatting"]["A1"].value == TENDER["title"]
    assert wb["Knock-outs"]["C1"].value == "Eis/wens"


def test_english_labels_with_language_en(make_tender, tmp_path):
    result, tender = _evaluated(make_tender, tender={**TENDER, "language": "en"})
    wb = openpyxl.load_workbook(write_workbook(result, tender, tmp_path / "award.xlsx"))
    assert wb.sheetnames == ENGLISH_SHEETS + _sla_sheet(result)
    header, _ = _table(wb["Summary"], "Rank")
    assert header[:4] == ["Rank", "Bid", "Bidder", "Valid"]
    header, _ = _table(wb["Price"], "Bid")
    assert "Price" in header and "Price points" in header
    values = {v for row in _rows(wb["Summary"]) for v in row}
    assert "yes" in values and "ja" not in values


def test_scores_equal_the_result_json_figures(three_bids, tmp_path):
    result, tender = three_bids
    data = json.loads(result.to_json())
    wb = openpyxl.load_workbook(write_workbook(result, tender, tmp_path / "award.xlsx"))

    header, rows = _table(wb["Samenvatting"], "Rang")
    by_id = {row[1]: dict(zip(header, row, strict=False)) for row in rows}
    assert set(by_id) == {b["id"] for b in data["bids"]}
    for b in data["bids"]:
        row = by_id[b["id"]]
        assert row["Rang"] == b["rank"]
        assert row["Inschrijver"] == b["name"]
        assert row["Kwaliteitspunten"] == b["quality"]["points"]
        assert row["Prijspunten"] == b["price"]["points"]
        assert row["Prijs"] == b["price"]["amount"]
        assert row["Totaal"] == b["total"]
    ranked = [row[1] for row in rows if row[0] is not None]
    assert ranked[0] == data["winner"]
    assert [by_id[i]["Rang"] for i in ranked] == sorted(by_id[i]["Rang"] for i in ranked)

    header, rows = _table(wb["Scorematrix"], "Inschrijving")
    for row in rows:
        cells = dict(zip(header, row, strict=False))
        quality = next(b for b in data["bids"] if b["id"] == row[0])["quality"]
        for rid, score in quality["requirements"].items():
            # a score given per criterion is shown there, never copied into its requirements
            assert cells.get(rid) == (None if score["source"] == "criterion" else score["fraction"])
        for cid, fraction in quality["criteria"].items():
            assert cells[cid] == fraction
        assert cells["Kwaliteitspunten"] == quality["points"]

    cached = openpyxl.load_workbook(tmp_path / "award.xlsx", data_only=True)
    header, rows = _table(cached["Prijs"], "Inschrijving")
    for row in rows:
        cells = dict(zip(header, row, strict=False))
        price = next(b for b in data["bids"] if b["id"] == row[0])["price"]
        assert cells["Prijsfractie"] == price["fraction"]
        assert cells["Prijspunten"] == price["points"]

    shares = data["sensitivity"]["monte_carlo"]["win_share"]
    header, rows = _table(wb["Gevoeligheid"], "Inschrijving")
    assert {row[0]: row[2] for row in rows} == shares


def test_comparison_value_for_fictitious_discount(make_tender, tmp_path):
    scoring = {**SCORING, "price": {"formula": "fictitious_discount", "quality_value": 100000}}
    result, tender = _evaluated(make_tender, scoring=scoring)
    assert all(b.total is None for b in result.bids)
    wb = openpyxl.load_workbook(write_workbook(result, tender, tmp_path / "award.xlsx"))
    header, rows = _table(wb["Samenvatting"], "Rang")
    column = header.index(text("excel", "comparison_price", "nl"))
    assert text("excel", "price_points", "nl") not in header  # no points in a comparison
    for row in rows:
        assert row[column] == round(result.bid(row[1]).price.comparison, 6)


def test_supplier_text_is_never_a_formula(make_tender, tmp_path):
    bids = {}
    for number, name in enumerate(NASTY):
        data = bid(name, 300000 + number * 10000)
        data["answers"]["SLA-01"]["note"] = name
        bids[f"b{number}"] = data
    panel = {"anna": "bidder,target,score,rationale\nb0,K1,8,=1+1\nb1,K1,6,@cmd\n"}
    result, tender = _evaluated(make_tender, bids=bids, panel=panel)
    path = write_workbook(result, tender, tmp_path / "award.xlsx")

    wb = openpyxl.load_workbook(path)
    found = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in {*NASTY, "=1+1", "@cmd"}:
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    found.add((ws.title, cell.value))
    for name in NASTY:
        for sheet in ("Samenvatting", "Scorematrix", "Prijs", "Antwoorden"):
            assert (sheet, name) in found
    assert ("Panel", "=1+1") in found and ("Panel", "@cmd") in found
    # the only formulas are the price sheet's own, over cell references and nothing else
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert ws.title == "Prijs", (ws.title, cell.coordinate)
                    assert re.fullmatch(r"=[A-Z0-9$().,:+\-*/]+", cell.value), cell.value
    # and nothing anywhere in the package is a link
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert "hyperlink" not in package.read(name).decode("utf-8").lower()
        assert not any("externalLink" in n or "hyperlink" in n.lower() for n in package.namelist())


def test_same_inputs_give_identical_bytes(three_bids, tmp_path):
    result, tender = three_bids
    first = write_workbook(result, tender, tmp_path / "one" / "award.xlsx").read_bytes()
    second = write_workbook(result, tender, tmp_path / "two" / "award.xlsx").read_bytes()
    again = write_workbook(result, tender, tmp_path / "one" / "award.xlsx").read_bytes()
    assert first == second == again
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["award.xlsx"]


def test_document_properties_are_fixed(three_bids, tmp_path):
    result, tender = three_bids
    wb = openpyxl.load_workbook(write_workbook(result, tender, tmp_path / "award.xlsx"))
    assert wb.properties.creator == "tenderkit"
    assert wb.properties.title == TENDER["title"]
    assert wb.properties.created.date() == dt.date.fromisoformat(TENDER["dates"]["closing"])


def test_charts_of_totals_and_win_shares(three_bids, tmp_path):
    result, tender = three_bids
    path = write_workbook(result, tender, tmp_path / "award.xlsx")
    with zipfile.ZipFile(path) as package:
        charts = sorted(n for n in package.namelist() if n.startswith("xl/charts/chart"))
        assert charts == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
        kinds = {n: package.read(n).decode("utf-8") for n in charts}
    assert '<c:barDir val="col"/>' in kinds["xl/charts/chart1.xml"]
    assert '<c:barDir val="bar"/>' in kinds["xl/charts/chart2.xml"]
    wb = openpyxl.load_workbook(path)
    assert len(wb["Samenvatting"]._charts) == 1
    assert len(wb["Gevoeligheid"]._charts) == 1


def test_frozen_headers_and_autofilters(three_bids, tmp_path):
    result, tender = three_bids
    wb = openpyxl.load_workbook(write_workbook(result, tender, tmp_path / "award.xlsx"))
    assert wb["Knock-outs"].freeze_panes == "A2"
    assert wb["Scorematrix"].freeze_panes == "C4"
    for name in ("Knock-outs", "Scorematrix", "Prijs", "Assurance", "Panel", "Antwoorden"):
        assert wb[name].auto_filter.ref, name
    header, _ = _table(wb["Prijs"], "Inschrijving")
    first = next(r for r in wb["Prijs"].iter_rows() if r[0].value == "Inschrijving")[0].row + 1
    price = {h: wb["Prijs"].cell(first, i + 1) for i, h in enumerate(header)}
    assert price["Prijs"].number_format == "€ #,##0.00"
    assert price["Prijsfractie"].number_format == "0.0%"
    assert wb["Scorematrix"].conditional_formatting


def test_knockouts_assurance_and_panel_show_the_result(make_tender, tmp_path):
    bids = dict(BIDS)
    bids["gamma"] = bid("Gamma Cloud BV", 300000, answers={"ENC-01": {"status": "fails"}})
    result, tender = _evaluated(make_tender, bids=bids)
    wb = openpyxl.load_workbook(write_workbook(result, tender, tmp_path / "award.xlsx"))

    _, rows = _table(wb["Knock-outs"], "Inschrijving")
    expected = [
        (b.id, k.requirement, label("reason", k.reason, "nl"), k.message)
        for b in result.ranking
        for k in b.knockouts
    ]
    assert expected and [(r[0], r[2], r[4], r[5]) for r in rows] == expected

    _, rows = _table(wb["Assurance"], "Inschrijving")
    reports = {(b.id, r.report): r.verdict for b in result.bids for r in b.assurance}
    shown = {(r[0], r[2]): r[3] for r in rows}
    for key, verdict in reports.items():
        assert shown[key] == label("verdict", verdict, "nl")

    # a row per evaluator's score, then the outcome, for each line of the record
    header, rows = _table(wb["Panel"], "Inschrijving")
    assert header[4:7] == ["Beoordelaar", "Score", "Motivering"]
    blocks = list(dict.fromkeys((r[0], r[2]) for r in rows))
    assert blocks == [(p.bidder, p.target) for p in result.panel]
    for line in result.panel:
        block = [r for r in rows if (r[0], r[2]) == (line.bidder, line.target)]
        assert [(r[4], r[5]) for r in block[:-1]] == sorted(line.scores.items())
        outcome = dict(zip(header, block[-1], strict=False))
        assert outcome["Beoordelaar"].startswith("Uitkomst")
        assert outcome["Fractie"] == pytest.approx(line.fraction)
        assert outcome["Methode"] == label("method", line.method, "nl")


def test_risk_register_and_buyer_duties_when_present(three_bids, tmp_path):
    result, tender = three_bids
    risk = RiskResult(
        id="R-AVAIL",
        inherent=RiskLevel(likelihood=4, impact=5, score=20),
        measures=["M-ONE", "M-TWO"],
        residual=RiskLevel(likelihood=2, impact=5, score=10),
        within_appetite=False,
    )
    extra: dict[str, Any] = {"risks": [risk], "buyer_obligations": ["=Beheer MFA zelf"]}
    if "actions" in BidResult.model_fields:
        extra["actions"] = [
            {
                "kind": "measure",
                "id": "M-ONE",
                "text": "-Exit oefenen",
                "owner": "buyer",
                "effort_days": 3.5,
                "risks": ["R-AVAIL"],
            }
        ]
        extra["effort_days_total"] = 3.5
    if "sla" in BidResult.model_fields:
        extra["sla"] = [
            {
                "topic": "availability",
                "offered": "99.9%",
                "required": "99.8%",
                "verdict": "tight",
                "text": "+krap",
            }
        ]
    first = result.bids[0].model_dump()
    bids = [BidResult.model_validate({**first, **extra}), *result.bids[1:]]
    result = result.model_copy(update={"bids": bids})
    wb = openpyxl.load_workbook(write_workbook(result, tender, tmp_path / "award.xlsx"))

    ws = wb["Risico's"]
    header, rows = _table(ws, "Inschrijving")
    row = dict(zip(header, rows[0], strict=False))
    assert row["Risico"] == "R-AVAIL"
    groups = [c.value for c in next(r for r in ws.iter_rows() if r[4].value)]
    assert groups[4] == "Inherent risico" and groups[8] == "Restrisico"  # over kans/impact/score
    assert header[4:7] == header[8:11] == ["Kans", "Impact", "Score"]
    assert (rows[0][6], rows[0][10]) == (20, 10)
    assert row["Maatregelen"] == "M-ONE, M-TWO"
    assert row["Binnen risicobereidheid"] == "nee"
    ws = wb["Acties"]
    values = [c for r in ws.iter_rows() for c in r if c.value is not None]
    duty = next(c for c in values if c.value == "=Beheer MFA zelf")
    assert duty.data_type == "s"
    if "actions" in BidResult.model_fields:
        action = next(c for c in values if c.value == "-Exit oefenen")
        assert action.data_type == "s"
        assert 3.5 in [c.value for c in values]
    if "sla" in BidResult.model_fields:
        sla = [c for r in wb["SLA"].iter_rows() for c in r if c.value is not None]
        assert any(c.value == "+krap" and c.data_type == "s" for c in sla)
        assert text("risk", "verdict_tight", "nl") in [c.value for c in sla]


def test_no_sensitivity_and_no_panel_still_write(make_tender, tmp_path):
    tender = load_tender(make_tender(panel={}))
    result = evaluate(tender, sensitivity=False)
    wb = openpyxl.load_workbook(write_workbook(result, tender, tmp_path / "award.xlsx"))
    assert wb.sheetnames == DUTCH_SHEETS + _sla_sheet(result)
    values = [v for row in _rows(wb["Panel"]) for v in row if v is not None]
    assert text("excel", "no_panel", "nl") in values
