"""Reading a filled-in form: round trips, human variation, and untrusted files refused clearly."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
from form_fixtures import requirement_set_with_own_facts
from openpyxl import load_workbook

from conftest import REQUIREMENT_SET, bid
from tenderkit.errors import InvalidInput
from tenderkit.form import safety, values
from tenderkit.form.fill import fill_form
from tenderkit.form.reader import read_bid
from tenderkit.form.template import write_template
from tenderkit.form.values import parse_number
from tenderkit.formats.bid import Bid
from tenderkit.formats.requirement_set import RequirementSet
from tenderkit.loader import load_tender

RICH = bid(
    "Zeta Cloud B.V. – “Nederland”",
    1234567.5,
    answers={
        "ENC-01": {
            "status": "meets",
            "note": "AES-256, sleutels in HSM.\nTweede regel.",
            "evidence": ["soc2-2026", "8.10"],
        },
        "LOC-01": {"status": "partial", "note": "Back-ups in NO."},
        "LOG-01": {"status": "fails"},
        "USR-01": {"status": "meets", "evidence": ["tpm"]},
        "SSO-01": {"status": "meets"},
    },
    facts={
        "availability_percent": 99.95,
        "availability_window": "quarter",
        "maintenance_counts_as_downtime": False,
        "support_hours": "business",
        "incident_response_hours": {"P1": 0.5, "P2": 2, "P3": 8, "P4": 24},
        "incident_resolution_hours": {"P1": 4, "P3": 40},
        "breach_notification_hours": 24,
        "rpo_hours": 1,
        "rto_hours": 4,
        "data_locations": ["NL", "DE", "NO"],
        "transfer_mechanism": "scc",
        "exit_support": True,
        "escrow": False,
        "encryption_at_rest": True,
        "customer_managed_keys": False,
        "mfa": True,
        "max_users": 2500,
        "ui_languages": ["nl", "en"],
        "sso": True,
        "own_rating": 4.5,
        "green_hosting": True,
        "hosting_partner": "Nordic DC",
    },
    subprocessors=[
        {"name": "Nordic DC AS", "country": "NO", "service": "hosting"},
        {"name": "Helpdesk BV", "country": "NL"},
    ],
    assurance=[
        {
            "id": "soc2-2026",
            "kind": "soc2_type2",
            "issuer": "Audit & Co",
            "issued": "2026-03-01",
            "period": {"start": "2025-01-01", "end": "2025-12-31"},
            "opinion": "qualified",
            "categories": ["security", "availability", "processing_integrity"],
            "scope": {"services": ["Zeta HR", "Zeta Payroll, module 2"], "locations": ["NL"]},
            "exceptions": [
                {"control": "CC6.1", "text": "Two leavers kept access: 14 days."},
                {"control": "CC7.2", "text": "Alerts not reviewed in March"},
            ],
            "subservice": [
                {
                    "name": "Nordic DC",
                    "method": "carve_out",
                    "report": "8.10",
                    "service": "hosting",
                },
                {"name": "Mail Inc", "method": "inclusive"},
            ],
            "cuecs": ["Review user access quarterly", "Protect your own SSO; keep MFA on"],
            "bridge_letter_until": "2026-06-30",
            "management_assertion": True,
        },
        {
            "id": "8.10",
            "kind": "iso27001",
            "issuer": "Cert NL",
            "issued": "2025-05-01",
            "standard_version": "2022",
            "accreditation": "RvA",
            "valid_until": "2028-05-01",
            "last_audit": "2026-04-15",
            "excluded_controls": ["8.10", "7.4"],
            "covers_offered_service": False,
            "scope": {"locations": ["Oslo"]},
        },
        {
            "id": "tpm",
            "kind": "isae3000_type1",
            "issuer": "TPM BV",
            "issued": "2026-02-01",
            "as_of": "2026-01-15",
            "opinion": "unqualified",
            "criteria": ["bio", "iso27002"],
            "controls": {"bio": ["8.24.01"], "iso27001": ["8.24", "8.10"]},
            "management_assertion": False,
        },
    ],
)

ENGLISH = bid(
    "Acme Ltd",
    99000,
    answers={"SLA-01": {"status": "meets", "note": "99.99%"}},
    facts={"availability_percent": 100, "data_locations": ["IE"], "support_hours": "24x7"},
    assurance=[
        {
            "id": "soc3",
            "kind": "soc3",
            "issuer": "Big Four LLP",
            "issued": "2026-01-10",
            "opinion": "adverse",
        }
    ],
)

EMPTY = {"tenderkit": 1, "bidder": "Minimal", "price": 1}


@pytest.mark.parametrize(
    ("data", "language"),
    [(bid("Alpha BV", 400000), "nl"), (RICH, "nl"), (RICH, "en"), (ENGLISH, "en"), (EMPTY, "nl")],
    ids=["alpha", "rich-nl", "rich-en", "english", "empty"],
)
def test_round_trip(tmp_path, data, language):
    original = Bid.model_validate(data)
    template = write_template(requirement_set_with_own_facts(), tmp_path / "form.xlsx", language)
    filled = fill_form(template, original, tmp_path / "filled.xlsx")
    read, problems = read_bid(filled, "bids/x.xlsx")
    assert problems == []
    assert read == original


def filled_form(tmp_path: Path, data=None, language: str = "nl") -> Path:
    template = write_template(requirement_set_with_own_facts(), tmp_path / "form.xlsx", language)
    return fill_form(template, Bid.model_validate(data or RICH), tmp_path / "filled.xlsx")


def edit(path: Path, changes: dict[str, dict[str, object]], out: Path | None = None) -> Path:
    """Change cells like a person would (sheet -> {cell: value}); None empties a cell."""
    workbook = load_workbook(path)
    for sheet, cells in changes.items():
        for ref, value in cells.items():
            workbook[sheet][ref] = value
    out = out or path
    workbook.save(out)
    return out


def only_problem(path: Path, display: str = "bids/x.xlsx"):
    bid_read, problems = read_bid(path, display)
    assert bid_read is None
    assert len(problems) == 1, problems
    return problems[0]


def fact_row(path: Path, code: str, sheet: str = "Feiten") -> int:
    worksheet = load_workbook(path)[sheet]
    return next(r for r in range(2, worksheet.max_row + 1) if worksheet.cell(r, 4).value == code)


def test_human_variation_is_tolerated(tmp_path):
    path = filled_form(tmp_path, bid("Alpha BV", 400000))
    availability = fact_row(path, "availability_percent")
    mfa = fact_row(path, "mfa")
    window = fact_row(path, "availability_window")
    support = fact_row(path, "support_hours")
    edit(
        path,
        {
            "Antwoorden": {"E3": "  Voldoet Niet ", "E4": "MEETS", "E5": "Partial", "E6": None},
            "Feiten": {
                f"B{availability}": "99,9",
                f"B{mfa}": " Yes",
                f"B{window}": "Quarter",
                f"B{support}": "24/7",
            },
            "Assurance": {
                "A3": None,
                "A5": "soc2",  # the report moved down, empty rows above it
                "B5": "soc 2 type 2",
                "C5": "Audit BV ",
                "D5": "01-03-2026",
                "I5": "2025-01-01",
                "J5": dt.datetime(2025, 12, 31),
                "H5": "Goedkeurend",
                "E5": "NEE",
                "M5": "yes",
                "N5": "Security; beschikbaarheid",
            },
            "Prijs": {"B3": "€ 400000,00"},
        },
    )
    workbook = load_workbook(path)
    for column in "BCDEFGHIJKLMNOPQRSTUVWX":
        workbook["Assurance"][f"{column}3"] = None
    workbook.save(path)
    read, problems = read_bid(path, "bids/x.xlsx")
    assert problems == []
    assert read.answers["ENC-01"].status == "fails"
    assert read.answers["LOC-01"].status == "meets"
    assert read.answers["LOG-01"].status == "partial"
    assert "SLA-01" not in read.answers  # empty status: unanswered
    assert read.facts.availability_percent == 99.9
    assert read.facts.mfa is True
    assert read.facts.availability_window == "quarter"
    assert read.facts.support_hours == "24x7"
    report = read.assurance[0]
    assert (report.id, report.kind, report.issuer) == ("soc2", "soc2_type2", "Audit BV")
    assert report.issued == dt.date(2026, 3, 1) and report.period.end == dt.date(2025, 12, 31)
    assert report.opinion == "unqualified" and report.covers_offered_service is False
    assert report.categories == ["security", "availability"]
    assert read.price == 400000


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("99,9", 99.9),
        ("99.9", 99.9),
        ("1.234.567,5", 1234567.5),
        ("1,234,567.5", 1234567.5),
        ("412 000", 412000),
        ("€412000", 412000),
        ("99,9 %", 99.9),
        ("-3", -3),
        ("0,5", 0.5),
    ],
)
def test_numbers_as_people_type_them(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["400.000", "1,000", "12a", "", "1.2.3,4,5", "--1"])
def test_ambiguous_or_bad_numbers_refused(text):
    with pytest.raises(values.BadValue):
        parse_number(text)


def test_ambiguous_price_names_the_cell(tmp_path):
    path = edit(filled_form(tmp_path), {"Prijs": {"B3": "400.000"}})
    problem = only_problem(path)
    assert problem.place == "sheet Prijs, row 3, column Waarde (B3)"
    assert "without thousands separators" in problem.message


def test_wrong_dropdown_value(tmp_path):
    path = edit(filled_form(tmp_path), {"Antwoorden": {"E4": "misschien"}})
    problem = only_problem(path)
    assert problem.file == "bids/x.xlsx"
    assert problem.place == "sheet Antwoorden, row 4, column Status (E4)"
    assert problem.message == "'misschien' is not one of voldoet, gedeeltelijk, voldoet niet"


def test_wrong_dropdown_value_in_english_form(tmp_path):
    path = edit(filled_form(tmp_path, language="en"), {"Assurance": {"B4": "SOC 4"}})
    problem = only_problem(path)
    assert problem.place == "sheet Assurance, row 4, column Report type (B4)"
    assert "'SOC 4' is not one of SOC 2 Type I, SOC 2 Type II" in problem.message


def test_formula_in_an_answer_cell(tmp_path):
    path = edit(filled_form(tmp_path), {"Antwoorden": {"E3": '=IF(1,"voldoet","")'}})
    problem = only_problem(path)
    assert problem.place == "sheet Antwoorden, row 3, column Status (E3)"
    assert "formula" in problem.message and "never calculates" in problem.message


def test_formula_in_price_and_facts(tmp_path):
    path = filled_form(tmp_path)
    row = fact_row(path, "rpo_hours")
    edit(path, {"Prijs": {"B3": "=1000*1000"}, "Feiten": {f"B{row}": "=1+1"}})
    _, problems = read_bid(path, "bids/x.xlsx")
    assert [p.place for p in problems] == [
        f"sheet Feiten, row {row}, column Waarde (B{row})",
        "sheet Prijs, row 3, column Waarde (B3)",
    ]


def test_report_model_rules_name_the_row(tmp_path):
    path = edit(filled_form(tmp_path), {"Assurance": {"I3": None, "J3": None}})
    problem = only_problem(path)
    assert problem.place == "sheet Assurance, row 3, column Soort rapport (B3)"
    assert "needs its 'period'" in problem.message
    assert "Periode van, Periode tot en met" in problem.message


def test_bad_values_each_name_their_cell(tmp_path):
    path = filled_form(tmp_path)
    locations = fact_row(path, "data_locations")
    edit(
        path,
        {
            "Feiten": {f"B{locations}": "NL, XX"},
            "Assurance": {"D3": "31-02-2026", "W4": 8.1},
            "Subverwerkers": {"B4": "Nederland"},
            "Antwoorden": {"G4": "nope"},
        },
    )
    _, problems = read_bid(path, "bids/x.xlsx")
    by_place = {p.place: p.message for p in problems}
    assert (
        "'XX' is not an ISO 3166-1"
        in by_place[f"sheet Feiten, row {locations}, column Waarde (B{locations})"]
    )
    assert (
        "is not a date"
        in by_place["sheet Assurance, row 3, column Datum rapport of certificaat (D3)"]
    )
    assert (
        "Excel may have changed it"
        in by_place["sheet Assurance, row 4, column Uitgesloten controls (VvT) (W4)"]
    )
    assert "country code" in by_place["sheet Subverwerkers, row 4, column Land (B4)"]
    assert (
        "no report 'nope'" in by_place["sheet Antwoorden, row 4, column Bewijs (rapport-ID's) (G4)"]
    )


def test_missing_sheet(tmp_path):
    path = filled_form(tmp_path)
    workbook = load_workbook(path)
    del workbook["Feiten"]
    workbook.save(path)
    problem = only_problem(path)
    assert problem.place == ""
    assert "has no sheet 'Feiten' or 'Facts'" in problem.message


def test_missing_column(tmp_path):
    path = edit(filled_form(tmp_path), {"Antwoorden": {"E1": "Oordeel"}})
    problem = only_problem(path)
    assert problem.place == "sheet Antwoorden, row 1"
    assert "has no column Status" in problem.message


def test_a_form_with_the_headers_of_an_earlier_version_still_reads(tmp_path):
    # forms already sent out keep working after a header's wording changed (texts/form.yaml
    # column_aliases): the answers' "Onderwerp" and the assurance sheet's old CUEC header
    path = filled_form(tmp_path)
    workbook = load_workbook(path)
    cuecs = next(
        c
        for c in workbook["Assurance"][1]
        if c.value == "Maatregelen voor de opdrachtgever (CUEC's)"
    )
    workbook.close()
    edited = edit(
        path,
        {
            "Antwoorden": {"B1": "Onderwerp"},
            "Assurance": {f"{cuecs.column_letter}1": "Maatregelen voor de klant (CUEC's)"},
        },
        tmp_path / "old.xlsx",
    )
    read, problems = read_bid(edited, "bids/x.xlsx")
    assert problems == []
    assert read == Bid.model_validate(RICH)


def test_macro_enabled_extension(tmp_path):
    path = shutil.copy(filled_form(tmp_path), tmp_path / "bid.xlsm")
    problem = only_problem(Path(path))
    assert "macro" in problem.message and ".xlsx" in problem.message


def test_vba_project_inside_an_xlsx(tmp_path):
    source = filled_form(tmp_path)
    target = tmp_path / "sneaky.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, old.read(item))
        new.writestr("xl/vbaProject.bin", b"\x00" * 64)
    problem = only_problem(target)
    assert "contains macros" in problem.message


def test_zip_bomb(tmp_path):
    target = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (safety.MAX_UNCOMPRESSED_BYTES + 1))
    assert target.stat().st_size < 200_000
    problem = only_problem(target)
    assert "unpacks to" in problem.message and "zip bomb" in problem.message


def test_too_many_cells(tmp_path):
    path = edit(filled_form(tmp_path), {"Subverwerkers": {"A6000": "far away"}})
    problem = only_problem(path)
    assert problem.place == "sheet Subverwerkers"
    assert "more than 200,000 cells" in problem.message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"bidder: Alpha\nprice: 1\n", "is not an Excel workbook (.xlsx)"),
        (b"", "is not an Excel workbook (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old Excel file (.xls)"),
    ],
    ids=["text", "empty", "xls-or-encrypted"],
)
def test_not_an_xlsx(tmp_path, content, expected):
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(content)
    problem = only_problem(path)
    assert expected in problem.message


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "is not an Excel workbook" in only_problem(path).message


def test_damaged_workbook_inside_a_valid_zip(tmp_path):
    source = filled_form(tmp_path)
    target = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]
            new.writestr(item, data)
    assert "cannot be read as an Excel workbook" in only_problem(target).message


def test_external_links_are_not_kept(tmp_path):
    path = edit(filled_form(tmp_path), {"Prijs": {"B3": "='[other.xlsx]Sheet1'!A1"}})
    problem = only_problem(path)
    assert problem.place == "sheet Prijs, row 3, column Waarde (B3)"
    assert "formula" in problem.message


def test_answer_without_status_is_unanswered(tmp_path):
    path = edit(filled_form(tmp_path), {"Antwoorden": {"E3": None}})
    read, problems = read_bid(path, "bids/x.xlsx")
    assert problems == []
    assert "ENC-01" not in read.answers and "LOC-01" in read.answers


def test_loader_reads_an_xlsx_bid(make_tender, tmp_path):
    directory = make_tender()
    rs = RequirementSet.model_validate(REQUIREMENT_SET)
    beta = Bid.model_validate(bid("Beta NV", 350000))
    template = write_template(rs, tmp_path / "form.xlsx")
    (directory / "bids" / "beta.yaml").unlink()
    fill_form(template, beta, directory / "bids" / "beta.xlsx")
    tender = load_tender(directory)
    assert list(tender.bids) == ["alpha", "beta"]
    assert tender.bids["beta"] == beta
    assert "bids/beta.xlsx" in tender.inputs


def test_loader_reports_a_bad_xlsx_bid(make_tender):
    directory = make_tender(panel={})
    (directory / "bids" / "beta.yaml").unlink()
    (directory / "bids" / "beta.xlsx").write_text("not a workbook", "utf-8")
    with pytest.raises(InvalidInput) as info:
        load_tender(directory)
    assert [(p.file, p.place) for p in info.value.problems] == [("bids/beta.xlsx", "")]


def test_own_fact_named_without_a_code(tmp_path):
    path = filled_form(tmp_path, bid("Alpha BV", 400000))
    sheet = load_workbook(path)["Feiten"]
    free = sheet.max_row
    edit(path, {"Feiten": {f"A{free}": "Groene hosting ", f"B{free}": "Ja", f"A{free - 1}": "x"}})
    read, problems = read_bid(path, "bids/x.xlsx")
    assert problems == []
    assert read.facts.get("groene_hosting") is True
    assert read.facts.get("x") is None  # a name without a value: nothing stated


def test_own_fact_value_without_a_name(tmp_path):
    path = filled_form(tmp_path, bid("Alpha BV", 400000))
    free = load_workbook(path)["Feiten"].max_row
    problem = only_problem(edit(path, {"Feiten": {f"B{free}": 42}}))
    assert problem.place == f"sheet Feiten, row {free}, column Waarde (B{free})"
    assert "says not what it is" in problem.message
