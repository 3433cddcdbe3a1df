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
