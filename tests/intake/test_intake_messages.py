"""Everything `tenderkit intake` says is told in the tender's language (or `--language`), as
`validate` tells its own problems: a catalogue text of texts/validation.yaml in Dutch and
English, after the PDF's or bid's name, saying what is wrong and what to do; no English in
Dutch, no Dutch in English, no raw placeholder.

Refusals of a PDF (safety, report, ocr), the problems of writing into a bid (into_bid) and of
the reviewer's answers (confirm), and the lines the command prints when all went well."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytesseract
import pytest
import yaml
from pdfgen import Spec, build_report
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from test_intake_hostile import _report_writer, _save
from typer.testing import CliRunner

from tenderkit.cli import app
from tenderkit.errors import Invalid, InvalidInput, Problem
from tenderkit.formats.folder_edits import copy_example
from tenderkit.intake import Refused, read_report
from tenderkit.intake.confirm import confirmed_entry
from tenderkit.intake.into_bid import bid_entry, write_into_bid
from tenderkit.intake.ocr import OcrUnavailable, check_tesseract
from tenderkit.intake.output import default_id
from visible_text import foreign_words

runner = CliRunner()

ENGLISH = frozenset(
    [
        "the",
        "not",
        "has",
        "holds",
        "carries",
        "ask",
        "and",
        "with",
        "cannot",
        "file",
        "pages",
        "entry",
        "fields",
        "read",
        "added",
        "replaced",
        "confirm",
        "lies",
        "outside",
        "folder",
        "put",
        "exists",
        "give",
        "another",
        "answer",
        "could",
        "place",
        "hand",
    ]
)
"""English words of intake's old messages (visible_text's list is the report's vocabulary)."""
DUTCH = frozenset(
    [
        "het",
        "een",
        "niet",
        "geen",
        "bestand",
        "vraag",
        "inschrijver",
        "bevat",
        "heeft",
        "ligt",
        "buiten",
        "map",
        "toegevoegd",
        "vervangen",
        "ingelezen",
        "bevestigen",
        "nog",
        "antwoord",
        "vul",
    ]
)


def _prose(text: str) -> str:
    """A message without the options (`--force`), paths and file names it names."""
    return re.sub(r"--\w+|\S*[/\\]\S*|\S+\.(?:pdf|yaml)\b", " ", text)


def assert_in_language(text: str, language: str) -> None:
    """`text` is written in `language`: no word of the other, no placeholder, no traceback."""
    assert "{" not in text and "}" not in text and "Traceback" not in text, text
    prose = _prose(text)
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", prose)}
    if language == "nl":
        slips = foreign_words(prose, "nl") + sorted(words & ENGLISH)
    else:
        slips = foreign_words(prose, "en") + sorted(words & DUTCH)
    assert not slips, f"{slips} in {language}: {text}"


def assert_told_in_both(told: Invalid | Problem) -> None:
    """A catalogue text, different in the two languages, each written in its own."""
    assert told.key.startswith(("intake_", "file_not_found")), told.key
    dutch, english = told.text("nl"), told.text("en")
    assert dutch != english
    assert_in_language(dutch, "nl")
    assert_in_language(english, "en")


# --- refusals of the PDF ------------------------------------------------------------------------


def _javascript(path: Path) -> Path:
    writer = _report_writer()
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _save(writer, path)


def _launch(path: Path) -> Path:
    writer = _report_writer()
    action = DictionaryObject({NameObject("/S"): NameObject("/Launch")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _save(writer, path)


def _embedded(path: Path) -> Path:
    writer = _report_writer()
    writer.add_attachment("payload.exe", b"MZ not really a program")
    return _save(writer, path)


def _encrypted(path: Path) -> Path:
    writer = _report_writer()
    writer.encrypt(user_password="secret", owner_password="owner")
    return _save(writer, path)


def _plain(content: bytes) -> object:
    def write(path: Path) -> Path:
        path.write_bytes(content)
        return path

    return write


def _no_report(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "Offerte voor de levering van kantoorartikelen aan de gemeente.")
    path.write_bytes(bytes(pdf.output()))
    return path


HOSTILE = [
    ("zip", "intake_not_pdf", _plain(b"PK\x03\x04 a zip file")),
    ("damaged", "intake_damaged", _plain(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")),
    ("encrypted", "intake_encrypted", _encrypted),
    ("javascript", "intake_active", _javascript),
    ("launch", "intake_active", _launch),
    ("embedded", "intake_active", _embedded),
    ("no-report", "intake_not_a_report", _no_report),
]


@pytest.mark.parametrize(("name", "key", "write"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_every_refusal_is_told_in_both_languages(name, key, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "rapport.pdf")
    with pytest.raises(Refused) as caught:
        read_report(path)
    assert caught.value.key == key
    assert_told_in_both(caught.value)
    assert caught.value.reason == caught.value.text("en")  # the English text, for logs


def test_a_missing_tesseract_is_told_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(config: str = "") -> list[str]:
        raise pytesseract.TesseractNotFoundError()

    monkeypatch.setattr(pytesseract, "get_languages", missing)
    with pytest.raises(OcrUnavailable) as caught:
        check_tesseract()
    assert isinstance(caught.value, Refused)
    assert_told_in_both(caught.value)
    monkeypatch.setattr(pytesseract, "get_languages", lambda config="": ["eng", "osd"])
    with pytest.raises(OcrUnavailable) as caught:
        check_tesseract()
    assert "nld" in caught.value.text("nl")
    assert_told_in_both(caught.value)


def test_the_command_line_refuses_in_dutch_by_default_and_in_english_on_request(
    tmp_path: Path,
) -> None:
    path = _plain(b"PK\x03\x04 a zip file")(tmp_path / "rapport.pdf")
    dutch = runner.invoke(app, ["intake", str(path)])
    assert dutch.exit_code == 1
    assert dutch.stderr.startswith(f"{path}: ") and dutch.stderr.count("\n") == 1
    assert "geen PDF" in dutch.stderr
    assert_in_language(dutch.stderr.removeprefix(f"{path}: "), "nl")
    english = runner.invoke(app, ["intake", str(path), "--language", "en"])
    assert english.exit_code == 1 and "not a PDF" in english.stderr
    assert_in_language(english.stderr.removeprefix(f"{path}: "), "en")
    gone = tmp_path / "weg.pdf"
    for language, words in (("nl", "bestand niet gevonden"), ("en", "file not found")):
        result = runner.invoke(app, ["intake", str(gone), "-l", language])
        assert result.exit_code == 1 and result.stderr == f"{gone}: {words}\n"


# --- writing into a bid -------------------------------------------------------------------------


@pytest.fixture
def tender(tmp_path: Path) -> Path:
    """A Dutch tender (language: nl) with a SOC 2 report in reports/."""
    folder = copy_example("gemeente-zaaksysteem", tmp_path / "tender")
    assert "language: nl" in (folder / "tender.yaml").read_text()
    (folder / "reports").mkdir(exist_ok=True)
    build_report(Spec(kind="soc2_type2")).write(folder / "reports" / "soc2.pdf")
    return folder


def _stderr_problems(result) -> list[str]:  # type: ignore[no-untyped-def]
    lines = result.stderr.strip().splitlines()
    return [line.strip() for line in lines[1:]]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_into_a_bid_every_line_in_the_tenders_language(tender: Path, language: str) -> None:
    bid = tender / "bids" / "zaakwerk.yaml"
    pdf = tender / "reports" / "soc2.pdf"
    chosen = [] if language == "nl" else ["-l", "en"]  # nl: the tender's own language
    args = ["intake", str(pdf), "--into", str(bid), "--id", "soc2-pdf", *chosen]
    added = runner.invoke(app, args)
    assert added.exit_code == 0, added.output
    assert added.stdout.startswith(f"{bid}: ")
    assert ("toegevoegd" if language == "nl" else "added") in added.stdout
    assert_in_language(added.stdout.removeprefix(f"{bid}: "), language)
    confirm = added.stderr.strip()
    assert confirm.endswith(": covers_offered_service")  # the bid format's key, as in the YAML
    assert_in_language(confirm.removesuffix("covers_offered_service"), language)
    note = next(ln.strip() for ln in bid.read_text().splitlines() if "tenderkit intake" in ln)
    assert_in_language(note.removesuffix("covers_offered_service"), language)

    again = runner.invoke(app, args)
    assert again.exit_code == 1 and "--force" in again.stderr
    (problem,) = _stderr_problems(again)
    assert problem.startswith(f"{bid}: assurance (soc2-pdf): ")
    assert_in_language(problem.split(": ", 2)[2], language)

    replaced = runner.invoke(app, [*args, "--force"])
    assert replaced.exit_code == 0
    assert ("vervangen" if language == "nl" else "replaced") in replaced.stdout
    assert_in_language(replaced.stdout.removeprefix(f"{bid}: "), language)
    assert bid.read_text().count("tenderkit intake") == 1  # the note replaced with its entry


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_pdf_outside_the_tender_and_an_incomplete_entry(
    tender: Path, tmp_path: Path, language: str
) -> None:
    bid = tender / "bids" / "zaakwerk.yaml"
    chosen = [] if language == "nl" else ["--language", "en"]
    outside = tmp_path / "elders.pdf"
    shutil.copy(tender / "reports" / "soc2.pdf", outside)
    result = runner.invoke(app, ["intake", str(outside), "--into", str(bid), *chosen])
    assert result.exit_code == 1
    (problem,) = _stderr_problems(result)
    assert problem.startswith(f"{outside}: ") and str(tender) in problem
    assert_in_language(problem.removeprefix(f"{outside}: "), language)

    ambiguous = tender / "reports" / "amb.pdf"
    build_report(Spec(kind="soc2_type2", opinion="ambiguous")).write(ambiguous)
    result = runner.invoke(app, ["intake", str(ambiguous), "--into", str(bid), *chosen])
    assert result.exit_code == 1
    problems = _stderr_problems(result)
    assert problems and all(p.startswith(f"{bid}: assurance (") for p in problems)
    assert any("opinion" in p for p in problems)  # names the field that is open
    for problem in problems:
        assert_in_language(problem.split(": ", 2)[2].replace("opinion", ""), language)


def test_every_problem_of_writing_into_a_bid(tender: Path, tmp_path: Path) -> None:
    intake = read_report(tender / "reports" / "soc2.pdf")
    entry = bid_entry(intake, default_id(intake), tender / "reports" / "soc2.pdf", tender)
    told: list[Problem] = []
    for bid, force in (
        (tender / "bids" / "missing.yaml", False),
        (tmp_path / "list.yaml", False),
    ):
        if bid.name == "list.yaml":
            bid.write_text("- not\n- a bid\n")
        with pytest.raises(InvalidInput) as caught:
            write_into_bid(bid, entry, force=force)
        told += caught.value.problems
    with pytest.raises(InvalidInput) as caught:
        bid_entry(intake, "x", tmp_path / "elders.pdf", tender)
    told += caught.value.problems
    open_entry = {k: v for k, v in entry.items() if k != "opinion"}
    with pytest.raises(InvalidInput) as caught:
        write_into_bid(tender / "bids" / "zaakwerk.yaml", open_entry, force=False)
    told += caught.value.problems
    assert {p.key for p in told} >= {
        "file_not_found",
        "intake_not_a_bid",
        "intake_outside_tender",
        "intake_entry_incomplete",
    }
    for problem in told:
        assert_told_in_both(problem)


# --- the reviewer's answers ---------------------------------------------------------------------


def test_every_problem_of_the_reviewers_answers(tender: Path) -> None:
    intake = read_report(tender / "reports" / "soc2.pdf")
    entry = bid_entry(intake, "soc2", tender / "reports" / "soc2.pdf", tender)
    answers = {
        "issued": "2026-13-45",
        "period": "2026",
        "covers_offered_service": "42",
        "exceptions": "[unclosed",
    }
    done, problems = confirmed_entry(entry, answers, " ", dt_now(), "bids/zaakwerk.yaml")
    assert done is None
    assert {p.key for p in problems} == {
        "intake_confirm_reviewer",
        "intake_answer_date",
        "intake_answer_period",
        "intake_answer_yes_no",
        "intake_answer_yaml",
    }
    for problem in problems:
        assert_told_in_both(problem)
        assert problem.file == "bids/zaakwerk.yaml"


def dt_now():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


# --- the YAML written to a file -----------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_line_after_writing_the_yaml(tender: Path, tmp_path: Path, language: str) -> None:
    out = tmp_path / "entry.yaml"
    args = ["intake", str(tender / "reports" / "soc2.pdf"), "-o", str(out), "-l", language]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["assurance"]
    assert result.stdout.startswith(f"{out}: ")
    assert_in_language(result.stdout.removeprefix(f"{out}: "), language)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_workshops_review_tells_problems_and_success_in_its_language(
    tender: Path, language: str
) -> None:
    import html

    from tenderkit.workshop.intake_review import IntakeReview

    pdf = tender / "reports" / "amb.pdf"
    build_report(Spec(kind="soc2_type2", opinion="ambiguous")).write(pdf)
    bid = tender / "bids" / "zaakwerk.yaml"
    review = IntakeReview(pdf, bid, "soc2-amb", language=language)
    review.inputs["issued"] = type(review.reviewer)(value="2026-13-45")  # not a date
    assert not review.write(dt_now())
    shown = re.findall(r"<li>(.*?)</li>", review.message.value)
    assert len(shown) == 2  # the reviewer's name and the date, at once
    for line in shown:
        assert_in_language(html.unescape(line).split(": ", 1)[1], language)
    review.inputs.pop("issued")
    review.reviewer.value = "M. Bakker"
    review.inputs["opinion"].value = "unqualified"
    assert review.write(dt_now())
    said = html.unescape(review.message.value)
    assert said.startswith("zaakwerk.yaml: ") and "soc2-amb" in said
    assert ("toegevoegd" if language == "nl" else "added") in said
    assert_in_language(said.removeprefix("zaakwerk.yaml: "), language)
