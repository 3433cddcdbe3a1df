"""The loader hashes for the record the bytes it parsed, even when a file changes meanwhile."""

from __future__ import annotations

from pathlib import Path

import tenderkit.formats.yamlio as yamlio
from tenderkit.formats.award_lock import file_hash
from tenderkit.formats.read_once import bytes_read, note_read, recording_reads
from tenderkit.loader import load_tender


def test_each_yaml_input_is_recorded_as_it_was_parsed(mini_tender, monkeypatch):
    """Every YAML file is saved anew the moment after tenderkit read it (a sync client, a
    colleague): the record must name the version that was evaluated (the last one read, as
    tender.yaml is read for its language first), not the one on disk afterwards."""
    read = yamlio.read_limited
    original: dict[str, bytes] = {}

    def read_then_replaced(path: Path, display: str, limit: int, kind: str):
        raw, problems = read(path, display, limit, kind)
        if not problems and Path(path).resolve().is_relative_to(mini_tender.resolve()):
            original[display] = raw
            Path(path).write_bytes(raw + b"\n# saved again by someone else\n")
        return raw, problems

    monkeypatch.setattr(yamlio, "read_limited", read_then_replaced)
    tender = load_tender(mini_tender)
    for name in ("tender.yaml", "bids/alpha.yaml", "bids/beta.yaml"):
        assert tender.inputs[name] == file_hash(original[name]), name
        assert tender.inputs[name] != file_hash((mini_tender / name).read_bytes()), name
    rs = tender.config.requirement_set
    assert tender.inputs[rs] == file_hash(original[rs])


def test_outside_a_load_nothing_is_kept(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\n")
    note_read(path, b"other")
    assert bytes_read(path) == b"a: 1\n"


def test_while_recording_the_noted_bytes_win_and_others_are_read(tmp_path):
    noted, other = tmp_path / "noted.yaml", tmp_path / "other.yaml"
    noted.write_bytes(b"now")
    other.write_bytes(b"as it is")
    with recording_reads() as reads:
        note_read(noted, b"parsed")
        with recording_reads() as inner:  # nested: the same notes
            assert inner is reads
            assert bytes_read(tmp_path / "." / "noted.yaml") == b"parsed"
        assert bytes_read(other) == b"as it is"
    assert bytes_read(noted) == b"now"


def test_a_form_is_recorded_as_it_was_read(tmp_path):
    import openpyxl

    from tenderkit.form.safety import safe_bytes

    broken, form = tmp_path / "not-a-form.xlsx", tmp_path / "form.xlsx"
    broken.write_bytes(b"PK not a zip")
    openpyxl.Workbook().save(form)
    with recording_reads() as reads:
        _, problems = safe_bytes(broken, "bids/x.xlsx")
        assert problems  # a broken form is not noted: nothing of it is evaluated
        assert reads == {}
        content, problems = safe_bytes(form, "bids/form.xlsx")
        assert problems == []
        form.write_bytes(b"replaced")
        assert bytes_read(form) == content
