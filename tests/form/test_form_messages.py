"""Every problem the bid form reader finds is told in the tender's language, as `validate` tells
its own: a catalogue text of texts/validation.yaml in Dutch and English, naming the file, the
sheet, row and cell, and what is wrong; no openpyxl or pydantic English, no English in Dutch."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from test_form_reader import RICH, edit, fact_row, filled_form
from typer.testing import CliRunner

from conftest import REQUIREMENT_SET, bid
from tenderkit.cli import app
from tenderkit.errors import Problem
from tenderkit.form import safety
from tenderkit.form.fill import fill_form
from tenderkit.form.labels import LABELS
from tenderkit.form.reader import read_bid
from tenderkit.form.template import write_template
from tenderkit.formats.bid import Bid
from tenderkit.formats.requirement_set import RequirementSet
from visible_text import foreign_words

OPENPYXL_AND_PYDANTIC_ENGLISH = (
    "There is no item named",
    "File is not a zip file",
    "Field required",
    "Input should be",
    "validation error",
    "Value error,",
)


def _form_words(language: str) -> set[str]:
    """The words of the form's own sheet names, headers and dropdown choices in `language`:
    a message quotes them as the bidder sees them, so they are not a language slip."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.update(w.lower() for w in re.findall(r"[^\W\d_]+", value))

    walk(LABELS[language])
    return found


def assert_told_in_both(problems: Iterable[Problem], form_language: str = "nl") -> None:
    """Each problem is a catalogue text, differs between the languages, and each language's
    text holds no word of the other (apart from the form's own labels it quotes)."""
    problems = list(problems)
    assert problems
    quoted = _form_words(form_language)
    for problem in problems:
        dutch, english = problem.describe("nl"), problem.describe("en")
        assert problem.key, f"not a catalogue text: {english}"
        assert problem.text("nl") != problem.text("en"), dutch
        assert not foreign_words(problem.text("nl"), "nl", quoted), dutch
        assert not foreign_words(problem.text("en"), "en", quoted), english
        for text in (dutch, english):
            assert "{" not in text and "Traceback" not in text, text
            assert not any(phrase in text for phrase in OPENPYXL_AND_PYDANTIC_ENGLISH), text
        if problem.place:  # the place in the reader's words: werkblad, rij, kolom
            assert not re.search(r"\b(sheet|row|column) ", problem.where("nl")), dutch
            assert problem.where("en") == problem.place


def problems_of(path: Path) -> list[Problem]:
    read, problems = read_bid(path, "bids/x.xlsx")
    assert read is None
    return problems


def _cells(changes: dict[str, dict[str, object]]) -> Callable[[Path], Path]:
    return lambda tmp: edit(filled_form(tmp), changes)


def column(path: Path, sheet: str, key: str) -> str:
    """The letter of the column of `key` in a Dutch form's `sheet` (found by its header)."""
    header = LABELS["nl"]["columns"][sheet.lower()][key]
    cells = load_workbook(path)[{"assurance": "Assurance"}.get(sheet, sheet)][1]
    return next(c.column_letter for c in cells if c.value == header)


def _assurance_cell(key: str, value: object) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = filled_form(tmp)
        return edit(path, {"Assurance": {f"{column(path, 'assurance', key)}3": value}})

    return make


def _cells_at_facts(tmp: Path) -> Path:
    path = filled_form(tmp)
    locations, rpo = fact_row(path, "data_locations"), fact_row(path, "rpo_hours")
    free = load_workbook(path)["Feiten"].max_row
    return edit(
        path,
        {
            "Feiten": {
                f"B{locations}": "NL, XX",
                f"B{rpo}": "=1+1",
                f"B{free}": 42,
                f"A{free - 1}": "rpo_hours",
                f"B{free - 1}": "8",
            }
        },
    )


def _without_sheet(tmp: Path) -> Path:
    path = filled_form(tmp)
    workbook = load_workbook(path)
    del workbook["Feiten"]
    workbook.save(path)
    return path


def _with_macros(tmp: Path) -> Path:
    target = tmp / "sneaky.xlsx"
    with zipfile.ZipFile(filled_form(tmp)) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, old.read(item))
        new.writestr("xl/vbaProject.bin", b"\x00" * 64)
    return target


def _damaged(tmp: Path) -> Path:
    target = tmp / "damaged.xlsx"
    with zipfile.ZipFile(filled_form(tmp)) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item, data[: len(data) // 2] if "sheet2" in item.filename else data)
    return target


def _written(name: str, content: bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        (tmp / name).write_bytes(content)
        return tmp / name

    return make


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    # name: (the broken form, a phrase of the Dutch text)
    "formula in a cell": (_cells({"Antwoorden": {"E3": '=IF(1,"voldoet","")'}}), "formule"),
    "external link": (_cells({"Prijs": {"B3": "='[other.xlsx]Sheet1'!A1"}}), "formule"),
    "bad number": (_cells({"Prijs": {"B3": "veel"}}), "hier hoort een getal"),
    "ambiguous number": (_cells({"Prijs": {"B3": "400.000"}}), "dubbelzinnig"),
    "bad date": (_cells({"Assurance": {"D3": "31-02-2026"}}), "is geen datum"),
    "date as a word": (_cells({"Assurance": {"D3": "gisteren"}}), "is geen datum"),
    "id stored as a number": (_cells({"Assurance": {"W4": 8.1}}), "als getal opgeslagen"),
    "wrong dropdown value": (_cells({"Antwoorden": {"E4": "misschien"}}), "mogelijke waarden"),
    "misspelt dropdown value": (_cells({"Antwoorden": {"E4": "voldoet nie"}}), "bedoelt u"),
    "true where text belongs": (_cells({"Prijs": {"B2": True}}), "WAAR"),
    "error value": (_cells({"Prijs": {"B3": "#DIV/0!"}}), "foutwaarde"),
    "misspelt evidence report": (_cells({"Antwoorden": {"G3": "soc2-202"}}), "bedoelt u"),
    "requirement answered twice": (_cells({"Antwoorden": {"A4": "ENC-01"}}), "twee keer"),
    "answer without an id": (_cells({"Antwoorden": {"A4": None}}), "geen eis-ID"),
    "report id twice": (_cells({"Assurance": {"A4": "soc2-2026"}}), "twee keer"),
    "report rule about the period": (
        _cells({"Assurance": {"I3": None, "J3": None}}),
        "(kolom Periode van, Periode tot en met)",
    ),
    "exceptions not as 'control: text'": (
        _assurance_cell("exceptions", "geen dubbele punt"),
        "wat de auditor vond",
    ),
    "subservice not as 'name | method'": (
        _assurance_cell("subservice", "alleen een naam"),
        "carve-out of inclusive",
    ),
    "subservice with an unknown method": (
        _assurance_cell("subservice", "Azure | soms"),
        "regel 1: 'soms' is geen van de mogelijke waarden",
    ),
    "bidder left empty": (_cells({"Prijs": {"B2": None}}), "vul dit in"),
    "missing column": (_cells({"Antwoorden": {"E1": "Oordeel"}}), "geen kolom Status"),
    "facts: bad values, formula, unnamed, twice": (_cells_at_facts, "landcode"),
    "wrong sheet": (_without_sheet, "geen werkblad 'Feiten' of 'Facts'"),
    "macros inside": (_with_macros, "macro's"),
    "damaged workbook": (_damaged, "beschadigd"),
    "not a workbook": (_written("text.xlsx", b"bidder: Alpha\n"), "geen Excel-werkmap"),
    "old xls or password": (
        _written("old.xlsx", safety.OLE_MAGIC + b"\x00" * 600),
        "oud Excel-bestand",
    ),
    "too many cells": (_cells({"Subverwerkers": {"A6000": "ver weg"}}), "meer dan 200.000"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_form_problem_is_told_in_dutch_and_english(tmp_path, name):
    make, dutch = CASES[name]
    problems = problems_of(make(tmp_path))
    assert_told_in_both(problems)
    assert any(dutch in p.describe("nl") for p in problems), [p.describe("nl") for p in problems]


def test_a_cell_is_named_in_the_readers_words(tmp_path):
    (problem,) = problems_of(edit(filled_form(tmp_path), {"Prijs": {"B3": "veel"}}))
    assert problem.describe("nl") == (
        "bids/x.xlsx: werkblad Prijs, rij 3, kolom Waarde (B3): hier hoort een getal, maar er "
        "staat 'veel'"
    )
    assert problem.describe("en") == (
        "bids/x.xlsx: sheet Prijs, row 3, column Waarde (B3): expected a number, got 'veel'"
    )


def test_an_english_form_is_told_in_both_languages_too(tmp_path):
    path = edit(
        filled_form(tmp_path, language="en"),
        {"Assurance": {"B4": "SOC 4", "D3": "yesterday"}, "Answers": {"E3": "=1"}},
    )
    problems = problems_of(path)
    assert_told_in_both(problems, form_language="en")
    assert len(problems) == 3


def test_a_misspelt_report_is_suggested_for_a_subservice(tmp_path):
    data = {**RICH, "assurance": [dict(r) for r in RICH["assurance"]]}
    path = filled_form(tmp_path, data)
    edit(
        path,
        {"Assurance": {f"{column(path, 'assurance', 'subservice')}3": "Azure | carve-out | tpn"}},
    )
    (problem,) = problems_of(path)
    assert_told_in_both([problem])
    assert "bedoelt u 'tpm'?" in problem.describe("nl")
    assert "did you mean 'tpm'?" in problem.describe("en")


@pytest.mark.parametrize("kind", ["oversize", "zip bomb", "too many parts", "macro suffix"])
def test_an_unsafe_file_is_refused_in_both_languages(tmp_path, monkeypatch, kind):
    path = filled_form(tmp_path)
    if kind == "oversize":
        monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1000)
    elif kind == "zip bomb":
        monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 1000)
    elif kind == "too many parts":
        monkeypatch.setattr(safety, "MAX_ZIP_MEMBERS", 3)
    else:
        path = Path(shutil.copy(path, tmp_path / "bid.xlsm"))
    (problem,) = problems_of(path)
    assert_told_in_both([problem])
    assert problem.text("nl").startswith(("is ", "bestaat ", "wordt "))


def _tender_with_a_broken_form(make_tender, tmp_path: Path) -> Path:
    directory = make_tender()
    rs = RequirementSet.model_validate(REQUIREMENT_SET)
    template = write_template(rs, tmp_path / "form.xlsx")
    (directory / "bids" / "beta.yaml").unlink()
    form = fill_form(
        template, Bid.model_validate(bid("Beta NV", 350000)), directory / "bids" / "beta.xlsx"
    )
    edit(form, {"Prijs": {"B3": "=350000*1"}, "Antwoorden": {"E3": "misschien"}})
    return directory


def test_validate_tells_a_forms_problems_in_the_tenders_language(make_tender, tmp_path):
    directory = _tender_with_a_broken_form(make_tender, tmp_path)
    runner = CliRunner()
    dutch = runner.invoke(app, ["validate", str(directory)])
    english = runner.invoke(app, ["validate", str(directory), "--language", "en"])
    assert dutch.exit_code == english.exit_code == 1
    lines = [line for line in dutch.output.splitlines() if "beta.xlsx" in line]
    assert len(lines) == 2, dutch.output
    for line in lines:
        told = line.split(": ", 1)[1]  # after the file's name
        assert "werkblad" in told and "rij" in told and not foreign_words(told, "nl"), line
    assert "bevat een formule" in dutch.output
    assert "holds a formula" in english.output and "sheet Prijs, row 3" in english.output


def test_the_template_command_tells_a_missing_set_in_dutch(tmp_path):
    done = CliRunner().invoke(app, ["template", str(tmp_path / "nope.yaml"), "-o", "x.xlsx"])
    assert done.exit_code == 1
    assert "bestand niet gevonden" in done.output
    done = CliRunner().invoke(
        app, ["template", str(tmp_path / "nope.yaml"), "-o", "x.xlsx", "--language", "en"]
    )
    assert "file not found" in done.output


def test_a_misspelt_requirement_id_is_named_by_its_cell_with_did_you_mean(make_tender, tmp_path):
    directory = _tender_with_a_broken_form(make_tender, tmp_path)
    edit(directory / "bids" / "beta.xlsx", {"Prijs": {"B3": 350000}, "Antwoorden": {"E3": None}})
    sheet = load_workbook(directory / "bids" / "beta.xlsx")["Antwoorden"]
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 5).value)
    wrong = sheet.cell(row, 1).value.replace("-0", "-")  # ENC-01 -> ENC-1
    edit(directory / "bids" / "beta.xlsx", {"Antwoorden": {f"A{row}": wrong}})
    runner = CliRunner()
    dutch = runner.invoke(app, ["validate", str(directory)]).output
    english = runner.invoke(app, ["validate", str(directory), "--language", "en"]).output
    right = wrong.replace("-", "-0")
    assert (
        f"bids/beta.xlsx: werkblad Antwoorden, rij {row}, kolom ID (A{row}): er is geen eis "
        f"'{wrong}' in de set met eisen; bedoelt u '{right}'?"
    ) in dutch
    assert f"bids/beta.xlsx: sheet Antwoorden, row {row}, column ID (A{row}): " in english
    assert f"did you mean '{right}'?" in english
