"""Atomic writes, and one plain line for what the machine refused (full, read-only, in the way)."""

from __future__ import annotations

import errno
import os
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit import fileio
from tenderkit.fileio import _encoded, describe_os_error, write_atomic


def _full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_names_the_file_asked_for_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "result.json"
    target.write_text("the earlier one")
    monkeypatch.setattr(fileio.os, "fsync", _full_disk)
    with pytest.raises(OSError) as info:
        write_atomic(target, "new")
    assert info.value.filename == str(target)
    assert describe_os_error(info.value) == (
        f"{target}: no space left on the disk; free some space or write to another disk"
    )
    assert target.read_text() == "the earlier one"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_a_read_only_folder_names_the_file_not_the_temporary_one(tmp_path, monkeypatch):
    def read_only(*args, dir=None, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), f"{dir}/.result.json.x1y2.tmp")

    monkeypatch.setattr(fileio.tempfile, "mkstemp", read_only)
    with pytest.raises(OSError) as info:
        write_atomic(tmp_path / "result.json", "x")
    assert describe_os_error(info.value) == (
        f"{tmp_path / 'result.json'}: the disk is read-only; write to a folder on a disk you can "
        "write to"
    )


def test_a_folder_or_a_file_in_the_way(tmp_path):
    with pytest.raises(IsADirectoryError) as info:
        write_atomic(tmp_path, "x")
    assert describe_os_error(info.value).startswith(f"{tmp_path}: is a folder; give the name")
    (tmp_path / "notes").write_text("a file")
    below = tmp_path / "notes" / "out" / "result.json"
    with pytest.raises(NotADirectoryError) as info:
        write_atomic(below, "x")
    assert describe_os_error(info.value) == (
        f"{below}: {tmp_path / 'notes'} is a file, not a folder, so nothing can be written below "
        "it; choose another path"
    )


def test_copytree_errors_become_one_line_with_their_reason(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.yaml").write_text("x")
    with pytest.raises(shutil.Error) as info:
        shutil.copytree(tmp_path / "src", tmp_path / "dst", copy_function=_full_disk)
    line = describe_os_error(info.value)
    assert (
        line == f"{tmp_path / 'dst' / 'a.yaml'}: no space left on the disk; free some space or "
        "write to another disk"
    )
    with pytest.raises(OSError) as info, fileio.failing_as(tmp_path / "copy"):
        shutil.copytree(tmp_path / "src", tmp_path / "dst2", copy_function=_full_disk)
    assert describe_os_error(info.value).startswith(f"{tmp_path / 'copy'}: no space left")


def test_an_error_without_a_path_is_still_one_plain_line():
    assert describe_os_error(OSError(errno.EIO, "Input/output error")).startswith(
        "the disk or network gave an input/output error"
    )
    assert describe_os_error(OSError("something odd")) == "something odd"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(max_size=12) | st.sampled_from(["≤", "é" * 9, "x" * 40]), max_size=12),
    st.integers(1, 5),
    st.integers(1, 16),
)
def test_texts_in_pieces_are_encoded_as_their_join(pieces, count, size):
    """Blocks of a few pieces, long ones cut up: the bytes of the whole text, in order."""
    assert b"".join(_encoded(pieces, count, size)) == "".join(pieces).encode("utf-8")


def test_a_list_of_texts_is_written_as_their_join(tmp_path):
    pieces = ["{\n", '  "a": "≤ é"', "x" * (1 << 21), "\n}\n"]
    write_atomic(tmp_path / "result.json", pieces)
    assert (tmp_path / "result.json").read_bytes() == "".join(pieces).encode("utf-8")
