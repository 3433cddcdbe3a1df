"""`--resume` after a batch that was killed mid-run: finished tenders are not redone, nothing is
left half-written, and changed or failed tenders run again."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from batch_helpers import LEAN, break_tender, copy_tender, report_folders
from typer.testing import CliRunner

from tenderkit.cli import app
from tenderkit.formats.folder_edits import set_key

IDS = ("resume-a", "resume-b", "resume-c")


def _rows(out: Path) -> dict[str, dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8") as handle:
        return {row["tender"]: row for row in csv.DictReader(handle)}


def _statuses(out: Path) -> dict[str, str]:
    return {tender: row["status"] for tender, row in _rows(out).items()}


def _hidden(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.is_dir() and p.name.startswith("."))


def _kill_after_first_report(tenders: Path, out: Path) -> list[str]:
    """Run the batch on one worker in its own process group; kill it all once the first tender
    is done and the next one is being written. Returns the temp folders seen at the kill."""
    exe = Path(sys.executable).with_name("tenderkit")
    process = subprocess.Popen(
        [str(exe), "batch", str(tenders), "-o", str(out), "--workers", "1", *LEAN],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    hidden: list[str] = []
    try:
        deadline = time.monotonic() + 300
        finished_at = None
        while time.monotonic() < deadline and process.poll() is None:
            if out.is_dir():
                if finished_at is None and any(
                    (f / "manifest.json").is_file() for f in report_folders(out)
                ):
                    finished_at = time.monotonic()
                hidden = [h for h in _hidden(out) if not h.startswith(f".{IDS[0]}.")]
                if finished_at is not None and (hidden or time.monotonic() > finished_at + 30):
                    break
            time.sleep(0.05)
        assert finished_at is not None, "the batch never finished its first tender"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return hidden


def test_resume_after_a_killed_batch(tmp_path):
    tenders = tmp_path / "tenders"
    folders = {i: copy_tender(tenders, i) for i in IDS}
    out = tmp_path / "out"

    hidden_at_kill = _kill_after_first_report(tenders, out)

    # whatever was killed: every visible report folder is complete
    done_first = report_folders(out)
    assert done_first and done_first[0].name == IDS[0]
    assert all((f / "manifest.json").is_file() for f in done_first)
    mtimes = {f.name: (f / "manifest.json").stat().st_mtime_ns for f in done_first}

    # resume, with the last tender broken meanwhile: it fails, the rest completes
    original_bid = sorted((folders[IDS[2]] / "bids").glob("*.yaml"))[0]
    saved = original_bid.read_text("utf-8")
    break_tender(folders[IDS[2]])
    runner = CliRunner()
    first = runner.invoke(app, ["batch", str(tenders), "-o", str(out), "--resume", *LEAN])
    assert first.exit_code == 1, first.output
    assert (
        IDS[2] in first.stderr
        and "price: hier hoort een getal, maar er staat 'veel'" in first.stderr
    )
    rows = _rows(out)
    why = {tender: row["problems"] for tender, row in rows.items()}
    assert rows[IDS[0]]["status"] == "skipped", why
    assert rows[IDS[2]]["status"] == "failed", why
    assert rows[IDS[1]]["status"] == ("skipped" if IDS[1] in mtimes else "done"), why
    for name, mtime in mtimes.items():
        assert (out / name / "manifest.json").stat().st_mtime_ns == mtime, name
    assert _hidden(out) == [], f"stale temp folders left (at the kill: {hidden_at_kill})"
    assert [f.name for f in report_folders(out)] == list(IDS[:2])
    b_manifest = (out / IDS[1] / "manifest.json").read_bytes()

    # fix the failed tender and change another: exactly those two run again
    original_bid.write_text(saved, "utf-8")
    b_bid = sorted((folders[IDS[1]] / "bids").glob("*.yaml"))[0]
    b_bid.write_text(set_key(b_bid.read_text("utf-8"), "price", "123456"), "utf-8")
    second = runner.invoke(app, ["batch", str(tenders), "-o", str(out), "--resume", *LEAN])
    assert second.exit_code == 0, second.output
    assert _statuses(out) == {IDS[0]: "skipped", IDS[1]: "done", IDS[2]: "done"}
    assert (out / IDS[0] / "manifest.json").stat().st_mtime_ns == mtimes[IDS[0]]
    assert (out / IDS[1] / "manifest.json").read_bytes() != b_manifest
    assert [f.name for f in report_folders(out)] == list(IDS)
    assert _hidden(out) == []


def test_without_resume_an_existing_report_fails_and_is_kept(tmp_path):
    """No --resume, no --force: an existing report folder is never replaced silently."""
    tenders = tmp_path / "tenders"
    copy_tender(tenders, "keep-me")
    out = tmp_path / "out"
    (out / "keep-me").mkdir(parents=True)
    (out / "keep-me" / "manifest.json").write_text('{"tenderkit": 1}', "utf-8")
    (out / "keep-me" / "note.txt").write_text("mine", "utf-8")
    done = CliRunner().invoke(app, ["batch", str(tenders), "-o", str(out), *LEAN])
    assert done.exit_code == 1
    assert "already exists" in done.stderr and "use --force" in done.stderr
    assert (out / "keep-me" / "note.txt").read_text("utf-8") == "mine"


def test_force_and_resume_never_replace_a_folder_tenderkit_did_not_write(tmp_path):
    tenders = tmp_path / "tenders"
    copy_tender(tenders, "keep-me")
    out = tmp_path / "out"
    (out / "keep-me").mkdir(parents=True)
    (out / "keep-me" / "note.txt").write_text("mine", "utf-8")
    for option in ("--force", "--resume"):
        done = CliRunner().invoke(app, ["batch", str(tenders), "-o", str(out), option, *LEAN])
        assert done.exit_code == 1
        assert "holds keep-me, which tenderkit did not write" in done.stderr
        assert (out / "keep-me" / "note.txt").read_text("utf-8") == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["keep-me"]
