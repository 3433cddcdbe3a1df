"""The output-folder guard: never an input folder, only tenderkit's own output, one writer."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tenderkit.outputs import (
    OutputLock,
    OutputRefused,
    check_batch_folder,
    check_report_folder,
    clean_stale,
    input_folders,
    is_tenderkit_output,
    lock_path,
    remove_own,
    report_lock,
    stale_folders,
)


def _report(folder: Path, status: str = "complete") -> Path:
    """A folder with tenderkit's manifest, as a finished (or unfinished) report has it."""
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"tenderkit": 1, "status": status}))
    (folder / "result.json").write_text("{}")
    return folder


def _tender(folder: Path) -> Path:
    (folder / "bids").mkdir(parents=True)
    (folder / "tender.yaml").write_text("id: t\n")
    return folder


# --- never an input folder ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("out", "relation"),
    [(".", "is"), ("bids", "lies inside"), ("..", "contains"), ("bids/new", "lies inside")],
)
def test_an_output_folder_that_touches_an_input_folder_is_refused_even_with_force(
    tmp_path, out, relation
):
    tender = _tender(tmp_path / "tenders" / "t")
    target = (tender / out).resolve() if out == ".." else tender / out
    with pytest.raises(OutputRefused, match=f"{relation} the input folder {tender}"):
        check_report_folder(target, [tender], force=True)
    assert (tender / "tender.yaml").is_file()


def test_symlinks_are_resolved_before_comparing(tmp_path):
    tender = _tender(tmp_path / "t")
    link = tmp_path / "looks-like-output"
    link.symlink_to(tender)
    with pytest.raises(OutputRefused, match="is the input folder"):
        check_report_folder(link, [tender], force=True)


def test_the_folders_of_the_requirement_set_and_scoring_model_are_inputs(tmp_path):
    class Config:
        requirement_set = "../sets/rs.yaml"
        scoring = "scoring.yaml"
        measures = None

    tender = _tender(tmp_path / "t")
    (tmp_path / "sets").mkdir()
    assert input_folders(tender, Config()) == [tender, tmp_path / "sets"]
    with pytest.raises(OutputRefused, match="lies inside the input folder"):
        check_report_folder(tmp_path / "sets" / "out", input_folders(tender, Config()), False)


# --- only tenderkit's own output ------------------------------------------------------------------


def test_a_new_or_empty_folder_needs_no_force(tmp_path):
    check_report_folder(tmp_path / "new", [], force=False)
    (tmp_path / "empty").mkdir()
    check_report_folder(tmp_path / "empty", [], force=False)


def test_force_replaces_only_a_folder_with_tenderkits_manifest(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.docx").write_text("the user's")
    with pytest.raises(OutputRefused, match="is not a tenderkit report"):
        check_report_folder(mine, [], force=True)
    (mine / "manifest.json").write_text(json.dumps({"name": "someone else's manifest"}))
    with pytest.raises(OutputRefused, match="is not a tenderkit report"):
        check_report_folder(mine, [], force=True)
    report = _report(tmp_path / "report")
    with pytest.raises(OutputRefused, match=r"already exists.*use --force"):
        check_report_folder(report, [], force=False)
    check_report_folder(report, [], force=True)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(OutputRefused, match="is not a folder"):
        check_report_folder(tmp_path / "a-file", [], force=True)


def test_remove_own_never_removes_a_foreign_folder(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("x")
    assert not remove_own(mine) and (mine / "keep.txt").is_file()
    assert remove_own(_report(tmp_path / "report")) and not (tmp_path / "report").exists()


def test_stale_folders_are_only_tenderkits_temporary_folders_of_this_name(tmp_path):
    for name in (".a.abcd1234", ".a.old", ".a.abcd_123", ".a.b.abcd1234"):
        _report(tmp_path / name, "incomplete")
    (tmp_path / ".a.zzzz9999").mkdir()  # the pattern, but not tenderkit's: kept
    (tmp_path / ".a.zzzz9999" / "x").write_text("x")
    _report(tmp_path / "a")
    assert [p.name for p in stale_folders(tmp_path, "a")] == [
        ".a.abcd1234",
        ".a.abcd_123",
        ".a.old",
    ]
    assert [p.name for p in stale_folders(tmp_path, "a.b")] == [".a.b.abcd1234"]
    clean_stale(tmp_path, "a")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.b.abcd1234", ".a.zzzz9999", "a"]


def test_a_temporary_folder_killed_before_its_manifest_is_stale_too(tmp_path):
    (tmp_path / ".a.empty123").mkdir()  # mkdtemp done, manifest not yet written
    _report(tmp_path / "a")
    assert [p.name for p in stale_folders(tmp_path, "a")] == [".a.empty123"]
    clean_stale(tmp_path, "a")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]


def test_a_temporary_folder_killed_while_writing_its_manifest_is_stale_too(tmp_path):
    # killed between write_atomic's temporary manifest and its rename
    (tmp_path / ".a.killed12").mkdir()
    (tmp_path / ".a.killed12" / ".manifest.json.k2j_8x0q.tmp").write_text('{"tenderk')
    # the same shape, but something else beside it, or a folder under the name: not ours, kept
    (tmp_path / ".a.other123").mkdir()
    (tmp_path / ".a.other123" / ".manifest.json.k2j_8x0q.tmp").write_text("x")
    (tmp_path / ".a.other123" / "notes.txt").write_text("x")
    (tmp_path / ".a.dir12345").mkdir()
    (tmp_path / ".a.dir12345" / ".manifest.json.abcdefgh.tmp").mkdir()
    _report(tmp_path / "a")
    assert [p.name for p in stale_folders(tmp_path, "a")] == [".a.killed12"]
    clean_stale(tmp_path, "a")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.dir12345", ".a.other123", "a"]
    assert not remove_own(tmp_path / ".a.other123")


def _is_summary(path: Path) -> bool:
    return path.name == "summary.csv" and path.read_text().startswith("tender,status,")


def test_a_batch_folder_may_hold_only_what_a_batch_wrote(tmp_path):
    root = tmp_path / "out"
    check_batch_folder(root, [], _is_summary)
    _report(root / "t-1")
    _report(root / "t-2.failed", "failed")
    (root / "t-3").mkdir()
    (root / "summary.csv").write_text("tender,status,winner\n")
    (root / ".t-1.lock").write_text("{}")
    check_batch_folder(root, [], _is_summary)
    (root / "budget.xlsx").write_text("the user's")
    with pytest.raises(OutputRefused, match=r"holds budget\.xlsx, which tenderkit did not write"):
        check_batch_folder(root, [], _is_summary)
    (root / "budget.xlsx").unlink()
    (root / "summary.csv").write_text("my own summary\n")
    with pytest.raises(OutputRefused, match=r"holds summary\.csv"):
        check_batch_folder(root, [], _is_summary)


def test_a_batch_folder_may_not_be_or_hold_a_tender(tmp_path):
    tender = _tender(tmp_path / "tenders" / "t")
    for out in (tmp_path / "tenders", tender, tender / "reports"):
        with pytest.raises(OutputRefused, match="the input folder"):
            check_batch_folder(out, [tender], _is_summary)


def test_is_tenderkit_output_reads_no_huge_or_broken_manifest(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{not json")
    assert not is_tenderkit_output(broken)
    assert not is_tenderkit_output(tmp_path / "missing")


# --- one writer at a time -------------------------------------------------------------------------


def test_a_second_writer_is_refused_and_the_lock_is_removed_on_exit(tmp_path):
    out = tmp_path / "out"
    with report_lock(out):
        assert lock_path(out).is_file()
        with (
            pytest.raises(OutputRefused, match=r"another tenderkit report.*process \d+"),
            report_lock(out),
        ):
            pass
        assert lock_path(out).is_file()  # the refused writer leaves the holder's lock alone
    assert not lock_path(out).exists()
    with pytest.raises(RuntimeError), report_lock(out):
        raise RuntimeError("a failure inside")
    assert not lock_path(out).exists()


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


def test_a_lock_of_a_process_that_no_longer_runs_is_taken_over_with_a_note(tmp_path):
    path = tmp_path / ".out.lock"
    owner = {"pid": _dead_pid(), "host": socket.gethostname(), "started": "yesterday"}
    path.write_text(json.dumps(owner))
    notes: list[str] = []
    with OutputLock(path, "busy", note=notes.append):
        assert json.loads(path.read_text())["pid"] != owner["pid"]
    assert notes and "no longer runs" in notes[0] and str(owner["pid"]) in notes[0]
    assert not path.exists()


def test_a_lock_of_another_host_is_never_taken_over(tmp_path):
    path = tmp_path / ".out.lock"
    path.write_text(json.dumps({"pid": _dead_pid(), "host": "elsewhere", "started": "now"}))
    with pytest.raises(OutputRefused, match=f"busy .*on elsewhere.*remove {path}"):
        OutputLock(path, "busy").acquire()
    assert path.is_file()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="zombies are read from /proc")
def test_a_lock_of_a_killed_process_not_yet_reaped_is_taken_over(tmp_path):
    # a process killed together with its parent stays a zombie until init reaps it; it answers
    # signal 0 but runs no more, so its lock must not block a resume
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.monotonic() + 30
        while Path(f"/proc/{child.pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z":
            assert time.monotonic() < deadline, "the child never ended"
            time.sleep(0.01)
        path = tmp_path / ".out.lock"
        path.write_text(json.dumps({"pid": child.pid, "host": socket.gethostname()}))
        notes: list[str] = []
        with OutputLock(path, "busy", note=notes.append):
            assert json.loads(path.read_text())["pid"] == os.getpid()
        assert notes and str(child.pid) in notes[0]
    finally:
        child.wait()


def test_the_lock_file_appears_with_its_owner_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / ".out.lock"
    seen: list[str] = []
    link = os.link

    def watching_link(source, target):  # the file linked into place already names its holder
        seen.append(Path(source).read_text("utf-8"))
        link(source, target)

    monkeypatch.setattr(os, "link", watching_link)
    with OutputLock(path, "busy"):
        assert json.loads(seen[0])["pid"] == os.getpid()
        assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock"]
        with pytest.raises(OutputRefused):
            OutputLock(path, "busy").acquire()
        assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock"]


def test_without_hard_links_the_lock_is_still_exclusive(tmp_path, monkeypatch):
    def no_link(source, target):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    path = tmp_path / ".out.lock"
    with OutputLock(path, "busy"):
        assert json.loads(path.read_text())["pid"] == os.getpid()
        with pytest.raises(OutputRefused):
            OutputLock(path, "busy").acquire()
    assert list(tmp_path.iterdir()) == []


def test_a_temporary_lock_file_of_a_killed_writer_is_removed(tmp_path):
    dead = {"pid": _dead_pid(), "host": socket.gethostname(), "started": "yesterday"}
    left = tmp_path / ".out.lock.0123456789abcdef.tmp"
    left.write_text(json.dumps(dead))
    foreign = tmp_path / ".out.lock.fedcba9876543210.tmp"
    foreign.write_text(json.dumps({**dead, "host": "elsewhere"}))
    with OutputLock(tmp_path / ".out.lock", "busy"):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == [foreign.name]
