"""`tenderkit evaluate DIR -o result.json`: stable bytes, sorted keys, exit statuses 0, 1 and 2."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from tenderkit.cli import app

runner = CliRunner()
TENDERKIT = Path(sys.executable).with_name("tenderkit")


def evaluate_cli(*args: str):
    return runner.invoke(app, ["evaluate", *args])


def keys_in_order(text: str) -> list[list[str]]:
    """The keys of every JSON object, in the order they appear in the file."""
    seen: list[list[str]] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen.append([k for k, _ in pairs])
        return dict(pairs)

    json.loads(text, object_pairs_hook=hook)
    return seen


def test_evaluate_writes_result_json(mini_tender, tmp_path):
    out = tmp_path / "result.json"
    result = evaluate_cli(str(mini_tender), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"{out}: winner beta" in result.stdout
    data = json.loads(out.read_text("utf-8"))
    assert data["tenderkit"] == 1
    assert data["tender"] == "mini-tender"
    assert data["winner"] == "beta"
    assert set(data["inputs"]) >= {
        "tender.yaml",
        "requirements.yaml",
        "scoring.yaml",
        "bids/alpha.yaml",
        "bids/beta.yaml",
        "panel/anna.csv",
        "panel/bram.csv",
    }
    assert all(v.startswith("sha256:") for v in data["inputs"].values())
    bids = {b["id"]: b for b in data["bids"]}
    assert {b: (bid["valid"], bid["rank"]) for b, bid in bids.items()} == {
        "alpha": (True, 2),
        "beta": (True, 1),
    }
    for bid in data["bids"]:
        assert {"knockouts", "quality", "price", "total", "assurance", "coverage", "risks"} <= set(
            bid
        )
        assert {"fraction", "points", "criteria"} <= set(bid["quality"])
        assert {"amount", "fraction", "points", "comparison"} <= set(bid["price"])
    # beta: Pbest / Pi = 1, 40 points; quality 0.6 * 0.6 (median of 6 and 6) + 0.4 * 0.5 = 0.56
    assert bids["beta"]["price"]["points"] == 40
    assert bids["beta"]["quality"]["fraction"] == 0.56
    assert set(data["sensitivity"]) == {"leave_one_out", "split", "criteria", "monte_carlo"}
    assert data["sensitivity"]["monte_carlo"]["samples"] == 10_000


def test_two_runs_give_identical_bytes(mini_tender, tmp_path):
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    assert evaluate_cli(str(mini_tender), "-o", str(first)).exit_code == 0
    assert evaluate_cli(str(mini_tender), "--out", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    # and a third run over the same path replaces the file with the same bytes
    assert evaluate_cli(str(mini_tender), "-o", str(first)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_keys_are_sorted_at_every_level(mini_tender, tmp_path):
    out = tmp_path / "result.json"
    assert evaluate_cli(str(mini_tender), "-o", str(out)).exit_code == 0
    text = out.read_text("utf-8")
    objects = keys_in_order(text)
    assert len(objects) > 20  # nested objects were checked, not just the top level
    for keys in objects:
        assert keys == sorted(keys)
    assert text.endswith("}\n")


def test_the_same_result_from_a_copy_of_the_tender_elsewhere(mini_tender, tmp_path):
    """Nothing of the folder's location leaks into result.json."""
    copy = shutil.copytree(mini_tender, tmp_path / "elsewhere" / "tender")
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert evaluate_cli(str(mini_tender), "-o", str(one)).exit_code == 0
    assert evaluate_cli(str(copy), "-o", str(two)).exit_code == 0
    assert one.read_bytes() == two.read_bytes()


def test_an_invalid_tender_exits_1_with_every_problem(mini_tender, tmp_path):
    beta = mini_tender / "bids" / "beta.yaml"
    data = yaml.safe_load(beta.read_text("utf-8"))
    data["answers"]["LOG-01"]["status"] = "maybe"
    beta.write_text(yaml.safe_dump(data), "utf-8")
    (mini_tender / "panel" / "bram.csv").write_text(
        "bidder,target,score,rationale\nalpha,K1,7,odd score\n", "utf-8"
    )
    out = tmp_path / "result.json"
    result = evaluate_cli(str(mini_tender), "-o", str(out))
    assert result.exit_code == 1
    assert "bids/beta.yaml" in result.stderr and "maybe" in result.stderr
    assert "panel/bram.csv: rij 2, kolom score: '7' staat niet op de schaal" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_missing_folder_exits_1(tmp_path):
    result = evaluate_cli(str(tmp_path / "nowhere"), "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 1
    assert "map niet gevonden" in result.stderr  # no tender.yaml to say otherwise: Dutch
    english = evaluate_cli(str(tmp_path / "nowhere"), "-o", str(tmp_path / "r.json"), "-l", "en")
    assert english.exit_code == 1 and "folder not found" in english.stderr


def test_wrong_usage_exits_2(mini_tender, tmp_path):
    out = str(tmp_path / "result.json")
    assert evaluate_cli(str(mini_tender), "--bogus").exit_code == 2
    assert evaluate_cli(str(mini_tender), "-o").exit_code == 2  # option without its value
    assert evaluate_cli(str(mini_tender), "-o", out, "--samples", "5").exit_code == 2  # min 100
    assert evaluate_cli(str(mini_tender), "-o", out, "--samples", "many").exit_code == 2
    assert not Path(out).exists()


def test_the_installed_command_has_the_same_exit_statuses(mini_tender, tmp_path):
    out = tmp_path / "result.json"

    def tenderkit(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(TENDERKIT), *args], capture_output=True, text=True, timeout=120, check=False
        )

    ok = tenderkit("evaluate", str(mini_tender), "-o", str(out), "--samples", "500")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(out.read_text("utf-8"))["winner"] == "beta"
    usage = tenderkit("evaluate", str(mini_tender), "--no-such-option")
    assert usage.returncode == 2
    (mini_tender / "scoring.yaml").write_text("tenderkit: 1\nid: broken\n", "utf-8")
    invalid = tenderkit("evaluate", str(mini_tender), "-o", str(tmp_path / "other.json"))
    assert invalid.returncode == 1
    assert "scoring.yaml" in invalid.stderr
    assert "Traceback" not in invalid.stderr
