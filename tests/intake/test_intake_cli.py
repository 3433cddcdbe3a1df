"""`tenderkit intake`: YAML out, one-line refusals, and writing into a bid without losing it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from pdfgen import Spec, build_report
from typer.testing import CliRunner

from tenderkit.cli import app
from tenderkit.errors import InvalidInput
from tenderkit.formats.folder_edits import copy_example
from tenderkit.loader import load_tender

runner = CliRunner()
EXCEPTION = "For 3 of 25 sampled leavers the account stayed active for two weeks."


@pytest.fixture
def tender(tmp_path: Path) -> Path:
    folder = copy_example("gemeente-zaaksysteem", tmp_path / "tender")
    spec = Spec(kind="soc2_type2", exceptions={"CC6.2": EXCEPTION})
    (folder / "reports").mkdir(exist_ok=True)
    build_report(spec).write(folder / "reports" / "zaakwerk-soc2.pdf")
    return folder


def test_yaml_to_stdout_and_file(tender: Path, tmp_path: Path) -> None:
    pdf = tender / "reports" / "zaakwerk-soc2.pdf"
    shown = runner.invoke(app, ["intake", str(pdf)])
    assert shown.exit_code == 0, shown.output
    document = yaml.safe_load(shown.stdout)
    assert document["assurance"][0]["exceptions"] == [{"control": "CC6.2", "text": EXCEPTION}]
    assert document["intake"]["confirm"] == ["covers_offered_service"]
    out = tmp_path / "entry.yaml"
    written = runner.invoke(app, ["intake", str(pdf), "-o", str(out), "--id", "soc2-zaakwerk"])
    assert written.exit_code == 0
    assert yaml.safe_load(out.read_text())["assurance"][0]["id"] == "soc2-zaakwerk"


def test_refusal_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"PK\x03\x04 a zip file")
    result = runner.invoke(app, ["intake", str(path), "-l", "en"])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "not a PDF" in result.stderr


def test_into_bid_adds_the_entry_keeps_comments_and_validates(tender: Path) -> None:
    bid = tender / "bids" / "zaakwerk.yaml"
    before = bid.read_text()
    pdf = tender / "reports" / "zaakwerk-soc2.pdf"
    result = runner.invoke(
        app, ["intake", str(pdf), "--into", str(bid), "--id", "soc2-pdf", "-l", "en"]
    )
    assert result.exit_code == 0, result.output
    after = bid.read_text()
    assert after.startswith(before.rstrip("\n").split("\nassurance:")[0])  # nothing above changed
    comments = [ln for ln in before.splitlines() if ln.lstrip().startswith("#")]
    assert [ln for ln in after.splitlines() if ln.lstrip().startswith("#")] == [
        *comments,
        "  # read by tenderkit intake; to confirm: covers_offered_service",
    ]
    loaded = load_tender(tender)
    report = loaded.bids["zaakwerk"].report("soc2-pdf")
    assert report is not None and report.source is not None
    assert report.source.file == "reports/zaakwerk-soc2.pdf"
    assert report.source.pages["exceptions[0]"] and report.exceptions[0].control == "CC6.2"
    assert "reports/zaakwerk-soc2.pdf" in loaded.inputs  # recorded like every other input


def test_into_bid_refuses_to_overwrite_without_force(tender: Path) -> None:
    bid = tender / "bids" / "zaakwerk.yaml"
    pdf = tender / "reports" / "zaakwerk-soc2.pdf"
    args = ["intake", str(pdf), "--into", str(bid), "--id", "soc2-pdf", "-l", "en"]
    assert runner.invoke(app, args).exit_code == 0
    once = bid.read_text()
    again = runner.invoke(app, args)
    assert again.exit_code == 1 and "--force" in again.stderr
    assert bid.read_text() == once
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0 and "replaced" in forced.stdout
    assert bid.read_text().count("id: soc2-pdf") == 1
    load_tender(tender)


def test_into_bid_refuses_a_pdf_outside_the_tender(tender: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.pdf"
    shutil.copy(tender / "reports" / "zaakwerk-soc2.pdf", outside)
    bid = tender / "bids" / "zaakwerk.yaml"
    before = bid.read_text()
    args = ["intake", str(outside), "--into", str(bid), "--id", "x", "-l", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "outside the tender folder" in result.stderr
    assert bid.read_text() == before


def test_into_bid_refuses_an_incomplete_entry(tender: Path) -> None:
    pdf = tender / "reports" / "ambiguous.pdf"
    build_report(Spec(kind="soc2_type2", opinion="ambiguous")).write(pdf)
    bid = tender / "bids" / "zaakwerk.yaml"
    before = bid.read_text()
    result = runner.invoke(
        app, ["intake", str(pdf), "--into", str(bid), "--id", "soc2-amb", "-l", "en"]
    )
    assert result.exit_code == 1 and "opinion" in result.stderr
    assert bid.read_text() == before


def test_validate_checks_the_source_hash_and_place(tender: Path) -> None:
    bid = tender / "bids" / "zaakwerk.yaml"
    pdf = tender / "reports" / "zaakwerk-soc2.pdf"
    assert (
        runner.invoke(app, ["intake", str(pdf), "--into", str(bid), "--id", "soc2-pdf"]).exit_code
        == 0
    )
    pdf.write_bytes(pdf.read_bytes() + b"\n% changed")
    with pytest.raises(InvalidInput) as caught:
        load_tender(tender)
    (problem,) = caught.value.problems
    assert problem.file == "bids/zaakwerk.yaml" and "changed since it was read" in problem.message
    bid.write_text(
        bid.read_text().replace("file: reports/zaakwerk-soc2.pdf", "file: ../../etc/passwd")
    )
    with pytest.raises(InvalidInput) as caught:
        load_tender(tender)
    assert "inside the tender folder" in caught.value.problems[0].message
