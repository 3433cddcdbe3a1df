"""`tenderkit report` end to end: execute the award notebook and read what it wrote."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from html import unescape

import nbformat
import pytest
import yaml

from tenderkit.bundled import example, example_names
from tenderkit.errors import TenderkitError
from tenderkit.evaluation import evaluate
from tenderkit.fileio import describe_os_error
from tenderkit.loader import load_tender
from tenderkit.outputs import OutputRefused, report_lock
from tenderkit.reporting import run as report_run
from tenderkit.reporting.run import ReportFailed, build_report


def test_both_examples_are_bundled():
    assert {"gemeente-zaaksysteem", "retail-privcomp-cloud"} <= set(example_names())


def test_result_json_equals_evaluate(reports):
    for name, folder in reports.items():
        expected = evaluate(load_tender(example(name))).to_json()
        assert (folder / "result.json").read_text("utf-8") == expected, name


def test_html_names_the_winner_has_charts_and_no_code(reports):
    for _name, folder in reports.items():
        result = json.loads((folder / "result.json").read_text("utf-8"))
        html = (folder / "award_report.html").read_text("utf-8")
        winner = next(b["name"] for b in result["bids"] if b["id"] == result["winner"])
        assert winner.replace("&", "&amp;") in html
        assert html.count("data:image/png;base64,") >= 3
        for code in ("AwardReport.load", "display(report", "import "):
            assert code not in html
        assert "cdn.jsdelivr" not in html and "cdnjs" not in html and "<script src" not in html


def test_pdf_and_manifest(reports):
    folder = next(iter(reports.values()))
    assert (folder / "award_report.pdf").read_bytes().startswith(b"%PDF")
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["outputs"]["result.json"].startswith("sha256:")
    assert "award_report.pdf" in manifest["outputs"]
    assert "tender.yaml" in manifest["inputs"]
    assert manifest["packages"]["nbconvert"] >= "7.17.1"
    assert manifest["tool_version"]


def test_workbook_and_letters(reports):
    import openpyxl

    for _name, folder in reports.items():
        result = json.loads((folder / "result.json").read_text("utf-8"))
        workbook = openpyxl.load_workbook(folder / "scoring.xlsx")
        assert len(workbook.sheetnames) >= 6
        letters = sorted((folder / "letters").glob("*.html"))
        assert len(letters) == len(result["bids"])


def test_refuses_to_overwrite_without_force(reports, tmp_path):
    folder = next(iter(reports.values()))
    with pytest.raises(TenderkitError, match="already exists"):
        build_report(example(), folder, pdf=False)


# --- the output folder: never an input, only tenderkit's own, one writer at a time --------------


def test_force_never_replaces_a_folder_tenderkit_did_not_write(tmp_path):
    mine = tmp_path / "dossier"
    mine.mkdir()
    (mine / "minutes.docx").write_text("the user's")
    with pytest.raises(OutputRefused, match="is not a tenderkit report"):
        build_report(example(), mine, force=True, pdf=False)
    assert [p.name for p in mine.iterdir()] == ["minutes.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossier"]


def test_the_folders_of_the_requirement_set_and_scoring_model_are_never_written(tmp_path):
    tender = load_tender(example())
    for relative in (tender.config.requirement_set, tender.config.scoring):
        folder = (example() / relative).resolve().parent
        with pytest.raises(OutputRefused, match="lies inside the input folder"):
            build_report(example(), folder / "report", force=True, pdf=False)
        assert not (folder / "report").exists()


def test_a_second_report_into_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    with (
        report_lock(out.resolve()),  # a report into `out` is running
        pytest.raises(OutputRefused, match="another tenderkit report is being written"),
    ):
        build_report(example(), out, pdf=False)
    assert not out.exists()


def test_a_full_disk_late_in_the_report_keeps_the_earlier_report_and_no_temporary_folder(
    reports, tmp_path, monkeypatch
):
    name = next(iter(reports))
    out = tmp_path / "out"
    shutil.copytree(reports[name], out)
    before = (out / "result.json").read_bytes()

    def full(result, tender, path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(report_run, "write_workbook", full)
    with pytest.raises(OSError) as info:
        build_report(example(name), out, force=True, pdf=False, risk_notebooks=False)
    assert describe_os_error(info.value).startswith(f"{out / 'scoring.xlsx'}: no space left")
    assert (out / "result.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no .out.* folder, no lock


def test_english_report(tmp_path):
    folder = build_report(
        example("retail-privcomp-cloud"),
        tmp_path / "en",
        language="en",
        pdf=False,
        risk_notebooks=False,
    ).folder
    html = (folder / "award_report.html").read_text("utf-8")
    assert "Award report" in html and "Gunningsadvies" not in html


def test_supplier_text_is_escaped_and_never_a_formula(tmp_path):
    import openpyxl

    tender = tmp_path / "tender"
    shutil.copytree(example(), tender)
    for name in ("tender.yaml",):
        text = (tender / name).read_text("utf-8")
        text = re.sub(
            r"(requirement_set|scoring): \.\./\.\./",
            lambda m: f"{m.group(1)}: {example().parent.parent}/",
            text,
        )
        (tender / name).write_text(text, "utf-8")
    bid_file = sorted((tender / "bids").glob("*.yaml"))[0]
    data = yaml.safe_load(bid_file.read_text("utf-8"))
    data["bidder"] = '<script>alert(1)</script> =HYPERLINK("http://x")'
    first = next(iter(data["answers"]))
    data["answers"][first]["note"] = "@SUM(A1) +31 6 -1"
    bid_file.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    folder = build_report(tender, tmp_path / "out", pdf=False, risk_notebooks=False).folder
    html = (folder / "award_report.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    workbook = openpyxl.load_workbook(folder / "scoring.xlsx")
    found = [
        c
        for ws in workbook
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert found and all(c.data_type == "s" for c in found)
    for letter in (folder / "letters").glob("*.html"):
        assert "<script>alert(1)</script>" not in letter.read_text("utf-8")


def test_failing_cell_names_the_section_and_keeps_the_notebook(tmp_path, monkeypatch):
    notebook = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "tenderkit", "display_name": "tenderkit", "language": "python"}
        }
    )
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "tender = None\nout = None\nlanguage = None", metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell(
            "raise ValueError('boom')", metadata={"tags": ["section-quality"]}
        ),
    ]
    path = tmp_path / "failing.ipynb"
    nbformat.write(notebook, path)
    monkeypatch.setattr(report_run, "notebook_path", lambda name: path)
    with pytest.raises(ReportFailed, match=r"section 'quality'.*ValueError: boom") as info:
        build_report(example(), tmp_path / "out", pdf=False)
    kept = tmp_path / "out.failed"
    assert str(kept) in str(info.value)
    assert (kept / "award_report.ipynb").is_file()
    assert json.loads((kept / "manifest.json").read_text("utf-8"))["status"] == "failed"
    assert not (tmp_path / "out").exists()
    with pytest.raises(ReportFailed):  # a later failure replaces the kept folder: it is ours
        build_report(example(), tmp_path / "out", pdf=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["failing.ipynb", "out.failed"]


def visible_text(html: str) -> str:
    """The text a reader sees: comments, styles and tags dropped, whitespace folded."""
    html = re.sub(r"<!--.*?-->|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_report_opens_with_the_decision_and_the_open_items(reports):
    gemeente = visible_text((reports["gemeente-zaaksysteem"] / "award_report.html").read_text())
    assert gemeente.index("Besluitvoorstel") < gemeente.index("Openstaande punten voor verzending")
    assert gemeente.index("Openstaande punten voor verzending") < gemeente.index("1. Samenvatting")
    assert "Opgesteld door: J. de Wit, senior inkoopadviseur" in gemeente
    assert "Budget: € 520.000,00; de prijs ligt € 22.500,00 (4,3%) onder het budget." in gemeente
    assert "Status: concept" in gemeente  # the example keeps one missing consensus
    assert "Polderdata B.V., K4 Dienstverlening en SLA: geen consensus" in gemeente
    retail = visible_text((reports["retail-privcomp-cloud"] / "award_report.html").read_text())
    assert "Status: definitief" in retail
    assert "Geen openstaande punten" in retail
    for text in (gemeente, retail):
        assert "tenderkit result" not in text
        assert "zelfstandig" not in text  # no claim the data does not carry


def test_the_evaluation_record_states_only_what_the_data_shows(reports):
    gemeente = visible_text((reports["gemeente-zaaksysteem"] / "award_report.html").read_text())
    assert "Anouk Visser (a-visser)" in gemeente
    assert "verklaarde op 16 oktober 2026 geen belangenconflict te hebben" in gemeente
    assert "Consensusbijeenkomsten van de commissie: 26 oktober 2026, 27 oktober 2026." in gemeente
    assert "vóór de opening van de prijzen op 28 oktober 2026 10:00" in gemeente
    assert "een consensusscore met motivering voor Polderdata B.V. K4" in gemeente
    assert "Ondertekening" in gemeente
    retail = visible_text((reports["retail-privcomp-cloud"] / "award_report.html").read_text())
    assert "er zijn geen individuele scores vastgelegd" in retail.lower()
    assert "meldde op 16 juni 2026 een belangenconflict" in retail


def test_letters_of_the_examples_are_concept_or_final_as_the_open_items_say(reports):
    concept = (reports["gemeente-zaaksysteem"] / "letters" / "letter-zaakwerk.html").read_text()
    assert "CONCEPT – niet verzenden" in concept
    final = (reports["retail-privcomp-cloud"] / "letters" / "letter-eurostack.html").read_text()
    assert "CONCEPT" not in final and "2.127" not in final


def test_a_report_without_award_date_is_written_with_concept_letters(tmp_path):
    tender = tmp_path / "tender"
    shutil.copytree(example("retail-privcomp-cloud"), tender)
    text = (tender / "tender.yaml").read_text("utf-8")
    text = re.sub(
        r"(requirement_set|scoring): \.\./\.\./",
        lambda m: f"{m.group(1)}: {example().parent.parent}/",
        text,
    )
    text = text.replace(", award: 2026-07-06}", "}")
    assert "award:" not in text
    (tender / "tender.yaml").write_text(text, "utf-8")
    folder = build_report(tender, tmp_path / "out", pdf=False, risk_notebooks=False).folder
    html = visible_text((folder / "award_report.html").read_text("utf-8"))
    assert "nog niet vastgesteld (dates.award)" in html
    assert "Er is nog geen gunningsdatum" in html
    for letter in (folder / "letters").glob("*.html"):
        body = visible_text(letter.read_text("utf-8"))
        assert body.count("CONCEPT") >= 2
        assert "[datum van verzending]" in body
