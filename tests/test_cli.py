"""The command line: exit codes, plain problem lists, no traceback for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from conftest import bid
from tenderkit.cli import app

runner = CliRunner()


def test_validate_ok_and_invalid(mini_tender, make_tender):
    ok = runner.invoke(app, ["validate", str(mini_tender)])
    assert ok.exit_code == 0, ok.output
    assert "valid: 2 bids" in ok.output
    broken = make_tender(bids={"acme": bid("Acme", 0, answers={"ENC-01": {"status": "ja"}})})
    bad = runner.invoke(app, ["validate", str(broken)])
    assert bad.exit_code == 1
    assert (
        "bids/acme.yaml: answers.ENC-01.status: 'ja' is not one of meets, partial, fails"
        in bad.output
    )
    assert "bids/acme.yaml: price: must be greater than 0" in bad.output
    assert "Traceback" not in bad.output


def test_wrong_usage_exits_2(mini_tender):
    assert runner.invoke(app, ["validate", str(mini_tender), "--bogus"]).exit_code == 2
    assert runner.invoke(app, ["nonsense"]).exit_code == 2
    assert runner.invoke(app, ["report", str(mini_tender), "--language", "de"]).exit_code == 2


def test_validate_runs_as_a_console_script_without_traceback(tmp_path: Path):
    exe = Path(sys.executable).with_name("tenderkit")
    done = subprocess.run(
        [str(exe), "validate", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "folder not found" in done.stderr and "Traceback" not in done.stderr


def test_schema_writes_json_schemas(tmp_path: Path):
    out = tmp_path / "schemas"
    done = runner.invoke(app, ["schema", "-o", str(out)])
    assert done.exit_code == 0, done.output
    names = sorted(p.name for p in out.iterdir())
    assert "bid.schema.json" in names and "tender.schema.json" in names
    bid_schema = json.loads((out / "bid.schema.json").read_text())
    assert bid_schema["additionalProperties"] is False
    assert "answers" in bid_schema["properties"]
    scoring = json.loads((out / "scoring-model.schema.json").read_text())
    assert "anyOf" in scoring["properties"]["scale"]


def test_lock_writes_and_keeps_comments(mini_tender):
    tender_yaml = mini_tender / "tender.yaml"
    tender_yaml.write_text("# published 1 September\n" + tender_yaml.read_text())
    done = runner.invoke(app, ["lock", str(mini_tender)])
    assert done.exit_code == 0, done.output
    text = tender_yaml.read_text()
    assert text.startswith("# published 1 September\n")
    assert text.count("lock: sha256:") == 1
    assert runner.invoke(app, ["validate", str(mini_tender)]).exit_code == 0
    scoring = mini_tender / "scoring.yaml"
    scoring.write_text(scoring.read_text() + "\n# a comment is no change\n")
    assert runner.invoke(app, ["validate", str(mini_tender)]).exit_code == 0
    scoring.write_text(scoring.read_text().replace("price_weight: 40", "price_weight: 45"))
    changed = runner.invoke(app, ["validate", str(mini_tender)])
    assert changed.exit_code == 1 and "tender.yaml: lock:" in changed.output


def test_lock_twice_refuses_unless_forced_and_keeps_the_earlier_lock(mini_tender):
    first = runner.invoke(app, ["lock", str(mini_tender)])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["lock", str(mini_tender)])
    assert again.exit_code == 1
    assert "tender.yaml: lock: the tender is already locked since" in again.output
    assert "Traceback" not in again.output
    tender_yaml = mini_tender / "tender.yaml"
    tender_yaml.write_text(tender_yaml.read_text().replace("2026-10-15", "2026-10-22"))
    forced = runner.invoke(
        app, ["lock", str(mini_tender), "--force", "--reason", "nota van inlichtingen 2"]
    )
    assert forced.exit_code == 0, forced.output
    text = tender_yaml.read_text()
    assert text.count("lock: sha256:") == 2 and "reason: nota van inlichtingen 2" in text
    assert first.output.split("lock: ")[1].strip() in text.split("lock_history:")[1]
    assert runner.invoke(app, ["validate", str(mini_tender)]).exit_code == 0


def test_evaluate_writes_result_json(mini_tender, tmp_path):
    out = tmp_path / "result.json"
    done = runner.invoke(app, ["evaluate", str(mini_tender), "-o", str(out), "--samples", "500"])
    assert done.exit_code == 0, done.output
    data = json.loads(out.read_text())
    assert data["tender"] == "mini-tender" and data["winner"] in ("alpha", "beta")


# --- faults of the machine and the output-folder guard, at the door -------------------------------


def _full_disk(*args, **kwargs):
    import errno
    import os

    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _one_line_error(done, *parts: str) -> str:
    assert done.exit_code == 1, done.output
    assert "Traceback" not in done.output
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for part in parts:
        assert part in lines[0], lines[0]
    return lines[0]


def test_evaluate_into_a_folder_or_below_a_file_says_so_in_one_line(mini_tender, tmp_path):
    args = ["evaluate", str(mini_tender), "--samples", "100", "-o"]
    _one_line_error(runner.invoke(app, [*args, str(tmp_path)]), str(tmp_path), "is a folder")
    (tmp_path / "notes.txt").write_text("x")
    below = tmp_path / "notes.txt" / "result.json"
    _one_line_error(
        runner.invoke(app, [*args, str(below)]), str(below), "notes.txt is a file, not a folder"
    )


def test_a_full_disk_is_one_line_for_evaluate_template_and_lock(mini_tender, tmp_path, monkeypatch):
    from tenderkit import fileio

    monkeypatch.setattr(fileio.os, "fsync", _full_disk)
    out = tmp_path / "result.json"
    done = runner.invoke(app, ["evaluate", str(mini_tender), "--samples", "100", "-o", str(out)])
    _one_line_error(done, f"{out}: no space left on the disk")
    form = tmp_path / "form.xlsx"
    done = runner.invoke(app, ["template", str(mini_tender / "requirements.yaml"), "-o", str(form)])
    _one_line_error(done, f"{form}: no space left on the disk")
    done = runner.invoke(app, ["lock", str(mini_tender)])
    _one_line_error(done, "tender.yaml: no space left on the disk")
    assert not [p for p in tmp_path.rglob(".*.tmp")]


def test_example_on_a_full_disk_leaves_no_half_tender_and_no_temporary_folder(
    tmp_path, monkeypatch
):
    import shutil

    monkeypatch.setattr(shutil, "copyfile", _full_disk)  # what copytree's copy2 calls per file
    out = tmp_path / "copy"
    done = runner.invoke(app, ["example", "gemeente-zaaksysteem", "-o", str(out)])
    _one_line_error(done, f"{out}: no space left on the disk")
    assert list(tmp_path.iterdir()) == []


def test_report_and_batch_refuse_to_write_over_a_tender_even_with_force(tmp_path):
    from tenderkit.formats.folder_edits import copy_example

    tender = copy_example("retail-privcomp-cloud", tmp_path / "tenders" / "t")
    before = sorted(p.relative_to(tender) for p in tender.rglob("*"))
    for out in (tender, tender / "panel", tender.parent):
        done = runner.invoke(app, ["report", str(tender), "-o", str(out), "--force", "--no-pdf"])
        _one_line_error(done, str(out), "the input folder", "choose an output folder outside it")
    for option in ("--force", "--resume"):
        for out in (tender, tender.parent):
            done = runner.invoke(
                app, ["batch", str(tender.parent), "-o", str(out), option, "--no-progress"]
            )
            _one_line_error(done, str(out), "the input folder")
    assert sorted(p.relative_to(tender) for p in tender.rglob("*")) == before


def test_evaluate_and_template_never_write_over_an_input_file(mini_tender):
    for target in ("tender.yaml", "requirements.yaml"):
        path = mini_tender / target
        before = path.read_bytes()
        done = runner.invoke(
            app, ["evaluate", str(mini_tender), "-o", str(path), "--samples", "100"]
        )
        _one_line_error(done, str(path), "this is an input file")
        assert path.read_bytes() == before
    rs = mini_tender / "requirements.yaml"
    done = runner.invoke(app, ["template", str(rs), "-o", str(rs)])
    _one_line_error(done, "this is an input file")
    assert runner.invoke(app, ["validate", str(mini_tender)]).exit_code == 0


def test_report_and_batch_below_a_file_say_so_in_one_line(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    out = tmp_path / "notes.txt" / "out"
    done = runner.invoke(app, ["report", "-o", str(out), "--no-pdf"])
    _one_line_error(done, "notes.txt is a file, not a folder")
    done = runner.invoke(app, ["batch", "retail-privcomp-cloud", "-o", str(out), "--no-progress"])
    _one_line_error(done, "notes.txt is a file, not a folder")
