"""The command line: exit codes, plain problem lists, no traceback for bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import bid
from tenderkit.cli import app

runner = CliRunner()


def test_validate_ok_and_invalid(mini_tender, make_tender):
    ok = runner.invoke(app, ["validate", str(mini_tender), "--language", "en"])
    assert ok.exit_code == 0, ok.output
    assert "valid: 2 bids" in ok.output
    dutch = runner.invoke(app, ["validate", str(mini_tender)])
    assert dutch.exit_code == 0 and "geldig: 2 inschrijving(en), 4 eis(en)" in dutch.output
    broken = make_tender(bids={"acme": bid("Acme", 0, answers={"ENC-01": {"status": "ja"}})})
    bad = runner.invoke(app, ["validate", str(broken), "--language", "en"])
    assert bad.exit_code == 1
    assert (
        "bids/acme.yaml: line 6, answers.ENC-01.status: 'ja' is not one of meets, partial, fails"
        in bad.output
    )
    assert "bids/acme.yaml: line 3, price: must be greater than 0" in bad.output
    assert "Traceback" not in bad.output
    dutch = runner.invoke(app, ["validate", str(broken)])  # the tender's language: nl
    assert dutch.exit_code == 1
    assert (
        "bids/acme.yaml: regel 6, answers.ENC-01.status: 'ja' is geen van de mogelijke waarden "
        "meets, partial, fails" in dutch.output
    )
    assert "bids/acme.yaml: regel 3, price: moet groter zijn dan 0, maar is 0" in dutch.output


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
    assert "map niet gevonden" in done.stderr and "Traceback" not in done.stderr  # nl: default


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


def test_a_one_shot_command_freezes_what_it_loaded_and_evaluated_and_only_then(
    mini_tender, tmp_path, monkeypatch
):
    """The console command's own process takes the loaded tender and the Result out of the
    collector's sight (gc.freeze); a process that goes on, as this test's, never has its objects
    frozen, and the result.json is the same either way."""
    import tenderkit.cli as cli_module

    frozen: list[str] = []
    monkeypatch.setattr(cli_module.gc, "freeze", lambda: frozen.append("freeze"))
    plain, shot = tmp_path / "plain.json", tmp_path / "shot.json"
    done = runner.invoke(app, ["evaluate", str(mini_tender), "-o", str(plain), "--samples", "500"])
    assert done.exit_code == 0, done.output
    assert frozen == []  # not the command's own process: nothing frozen
    monkeypatch.setattr(cli_module, "_ONE_SHOT", True)
    done = runner.invoke(app, ["evaluate", str(mini_tender), "-o", str(shot), "--samples", "500"])
    assert done.exit_code == 0, done.output
    assert frozen == ["freeze", "freeze"]  # after loading and after evaluating
    assert shot.read_bytes() == plain.read_bytes()
    done = runner.invoke(app, ["validate", str(mini_tender)])
    assert done.exit_code == 0 and frozen == ["freeze"] * 3


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


# --- messages in the tender's language, never pydantic's English ---------------------------------

PYDANTIC_ENGLISH = (
    "Field required",
    "Input should be",
    "Extra inputs are not permitted",
    "validation error",
    "Value error,",
    "Assertion failed",
    "Input tag",
    "Unable to extract tag",
)


def _broken_copies(folder: Path) -> list[Path]:
    """Copies of the hostile tender with something broken in every file, many kinds at once."""
    import yaml

    from hostile_tender import BID, hostile_tender

    def edit(path: Path, change: Callable[[Any], Any]) -> None:
        data = yaml.safe_load(path.read_text("utf-8"))
        path.write_text(yaml.safe_dump(change(data) or data, allow_unicode=True), "utf-8")

    def bid_one(data: dict) -> None:
        data["price"] = "veel"
        data["pirce"] = 5
        data.pop("bidder")
        first = next(iter(data["answers"]))
        data["answers"][first]["status"] = "ja"
        data["answers"][first]["evidence"] = ["soc2-202"]
        data["answers"]["ASS-1"] = {"status": "meets"}
        report = data["assurance"][0]
        report["period"] = {"start": "2026-08-31", "end": "2025-09-01"}
        report["opinion"] = "unqualifed"
        report["covers_offerd_service"] = True
        report["issued"] = [2026]
        data["subprocessors"] = [{"name": 5, "country": "Nederland", "service": None}]
        data["facts"]["availability_percent"] = float("inf")
        data["facts"]["rpo_hours"] = "een uur"

    def bid_two(data: dict) -> None:
        data["answers"] = ["ASS-01"]
        data["assurance"] = [{"id": "x", "kind": "soc3"}, {"kind": "iso27001", "id": "y"}, 7]
        data["price"] = True
        data["bidder"] = "B" * 500

    def tender(data: dict) -> None:
        data["dates"]["closing"] = "15-10-2026"
        data["contract_months"] = 1.5
        data["regime"] = "publiek"
        data["evaluators"] = data.get("evaluators", [])[:1] * 2
        data["langauge"] = "nl"
        data["budget"] = "n.v.t."

    def requirements(data: dict) -> None:
        data["criteria"][0]["weight"] = "zestig"
        one, two = data["requirements"][0], data["requirements"][1]
        one["kind"] = "knock-out"
        two.pop("id")
        two["criterion"] = "K9"
        two.setdefault("controls", {})["iso27001"] = ["A.8.24", "8.244"]
        data["requirements"][2]["check"] = {"fact": "mfa", "op": "=="}

    def scoring(data: dict) -> None:
        data["scale"] = [0, 2, "vier"]
        data["price"] = {"formula": "relatief"}
        data["tie_break"] = ["lot", "price"]
        data["consensus"] = 5

    copies = []
    for number, bid_change in enumerate((bid_one, bid_two)):
        tender_dir = hostile_tender(folder / f"broken{number}")
        edit(tender_dir / "bids" / f"{BID}.yaml", bid_change)
        edit(tender_dir / "bids" / "civora.yaml", bid_two if number == 0 else bid_one)
        if number == 0:  # a broken tender.yaml: the other files are not reached
            edit(tender_dir / "tender.yaml", tender)
        edit(tender_dir / "requirements.yaml", requirements)
        scoring_file = tender_dir / "scoring.yaml"
        scoring_file.write_text(
            Path(yaml.safe_load((tender_dir / "tender.yaml").read_text())["scoring"]).read_text()
        )
        edit(tender_dir / "tender.yaml", lambda d: {**d, "scoring": "scoring.yaml"})
        edit(scoring_file, scoring)
        panel = tender_dir / "panel" / "a-visser.csv"
        panel.write_text(
            panel.read_text("utf-8") + "civoa,K1,7,x\nzaakwerk,K7,8,y\n,,\nzaakwerk\n", "utf-8"
        )
        copies.append(tender_dir)
    return copies


def test_validate_in_dutch_never_shows_pydantics_english(tmp_path):
    from typing import get_args

    from pydantic_core.core_schema import ErrorType

    snake = [kind for kind in get_args(ErrorType) if "_" in kind]
    for tender_dir in _broken_copies(tmp_path):
        done = runner.invoke(app, ["validate", str(tender_dir)])
        assert done.exit_code == 1
        lines = done.output.splitlines()
        assert lines[0].endswith("problemen gevonden:") and len(lines) > 20, done.output
        for line in lines:
            assert not any(phrase in line for phrase in PYDANTIC_ENGLISH), line
            assert not any(re.search(rf"\b{kind}\b", line) for kind in snake), line
            assert "Traceback" not in line
        assert "bedoelt u '" in done.output
        english = runner.invoke(app, ["validate", str(tender_dir), "--language", "en"])
        assert english.output.splitlines()[0].endswith("problems found:")
        assert len(english.output.splitlines()) == len(lines)
        assert not any(phrase in english.output for phrase in PYDANTIC_ENGLISH)


def test_evaluate_takes_the_language_of_its_messages(make_tender, tmp_path):
    broken = make_tender(bids={"acme": bid("Acme", 100, pirce=1)})
    out = str(tmp_path / "result.json")
    dutch = runner.invoke(app, ["evaluate", str(broken), "--out", out])
    english = runner.invoke(app, ["evaluate", str(broken), "--out", out, "-l", "en"])
    assert dutch.exit_code == english.exit_code == 1
    assert "regel" in dutch.output and "bedoelt u 'price'?" in dutch.output
    assert "line" in english.output and "did you mean 'price'?" in english.output
    assert runner.invoke(app, ["evaluate", str(broken), "-l", "fr"]).exit_code == 2


def test_control_characters_from_a_bid_are_never_printed_raw(make_tender):
    answers = {"ENC-01": {"status": "\x1b[31mja\r"}, "\x1b[2JLOG-01": {"status": "meets"}}
    broken = make_tender(bids={"acme": bid("Acme\x1b]0;title\x07", 100, answers=answers)})
    done = runner.invoke(app, ["validate", str(broken)])
    assert done.exit_code == 1
    assert "\x1b" not in done.output and "\r" not in done.output and "\x07" not in done.output
    assert "\\x1b[31mja" in done.output and "\\x1b[2JLOG-01" in done.output


# --- the terminal: plain lines off it, 80 columns, NO_COLOR ---------------------------------------

BOXES = "╭╮╰╯│─━┃"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _commands() -> list[str]:
    return sorted({c.name or c.callback.__name__ for c in app.registered_commands})


@pytest.mark.parametrize("command", ["", *_commands()])
def test_help_fits_80_columns(command):
    done = runner.invoke(app, [*([command] if command else []), "--help"], env={"COLUMNS": "80"})
    assert done.exit_code == 0, done.output
    too_long = [line for line in done.output.splitlines() if len(line) > 80]
    assert not too_long, too_long


def _tenderkit(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("tenderkit")
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, env={**environment, **(env or {})}
    )


def test_errors_off_a_terminal_are_plain_lines_without_boxes(make_tender):
    usage = _tenderkit("validate", "--bogus")
    assert usage.returncode == 2
    assert "No such option: --bogus" in usage.stderr
    assert not any(ch in usage.stderr for ch in BOXES) and "\x1b" not in usage.stderr
    invalid = _tenderkit("validate", str(make_tender(bids={"acme": bid("Acme", -1)})))
    assert invalid.returncode == 1 and "problemen gevonden" in invalid.stderr
    assert not any(ch in invalid.stderr for ch in BOXES) and "\x1b" not in invalid.stderr


def _on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """Run tenderkit with stdin, stdout and stderr on a pseudo-terminal; all it printed."""
    import pty
    import select

    exe = Path(sys.executable).with_name("tenderkit")
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    process = subprocess.Popen(
        [str(exe), *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**environment, "COLUMNS": "80", **env},
        close_fds=True,
    )
    os.close(follower)
    output = b""
    try:
        while select.select([leader], [], [], 60)[0]:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(leader)
        process.wait(timeout=60)
    return output.decode("utf-8", "replace")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a pseudo-terminal")
def test_no_color_means_no_escape_sequence_even_on_a_terminal(make_tender):
    broken = str(make_tender(bids={"acme": bid("Acme", -1)}))
    on_terminal = _on_a_terminal("validate", "--bogus", env={})
    assert "\x1b[" in on_terminal  # rich colours a terminal ...
    for args in (
        ("validate", "--bogus"),
        ("validate", "--help"),
        ("--help",),
        ("validate", broken),
    ):
        shown = _on_a_terminal(*args, env={"NO_COLOR": "1"})
        assert shown.strip() and "\x1b" not in shown, (args, shown)  # ... unless NO_COLOR
        assert not any(ch in shown for ch in BOXES)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("command", ["", "validate", "report", "batch"])
def test_rich_help_on_a_terminal_fits_80_columns(command):
    shown = _on_a_terminal(*([command] if command else []), "--help", env={})
    lines = ANSI.sub("", shown).splitlines()
    assert lines and max(len(line) for line in lines) <= 80


def test_the_batch_progress_bar_shows_only_on_a_terminal(capsys):
    from tenderkit.batch.runner import Progress

    bar = Progress(3, 1, enabled=True)  # stderr is captured here: not a terminal
    bar.close()
    assert bar.bar.disable is True
    assert capsys.readouterr().err == ""
