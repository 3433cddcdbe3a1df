"""The lock: over the award rules' content, refused twice without --force, with its history."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml

from conftest import REQUIREMENT_SET, SCORING, TENDER, write_yaml
from tenderkit.errors import InvalidInput
from tenderkit.evaluation import evaluate
from tenderkit.formats.award_lock import compute_byte_lock, compute_lock
from tenderkit.formats.folder_edits import set_key, write_lock
from tenderkit.loader import load_tender
from tenderkit.reporting.view import AwardReport

SEPTEMBER = dt.datetime(2026, 9, 1, 9, 30, tzinfo=dt.UTC)
OCTOBER = dt.datetime(2026, 10, 2, 14, 0, tzinfo=dt.UTC)


def problems_of(path) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        load_tender(path)
    return [str(p) for p in info.value.problems]


def lock_of(tender=TENDER, rs=REQUIREMENT_SET, scoring=SCORING) -> str:
    return compute_lock(tender, rs, scoring)


def test_layout_does_not_change_the_hash():
    base = lock_of()
    reordered = dict(reversed(list(TENDER.items())))
    assert lock_of(tender=reordered) == base
    # what YAML reads back from another layout: CRLF, flow style, comments, other quoting
    text = yaml.safe_dump(REQUIREMENT_SET, default_flow_style=True)
    crlf = "# published\r\n" + text.replace("\n", "\r\n")
    from tenderkit.formats.yamlio import parse_yaml

    assert lock_of(rs=parse_yaml(crlf)) == lock_of(rs=parse_yaml(yaml.safe_dump(REQUIREMENT_SET)))


@pytest.mark.parametrize(
    "change",
    [
        lambda t, r, s: r["criteria"][0].update(weight=61),
        lambda t, r, s: r["requirements"][0]["controls"].update(iso27001=["8.2"]),
        lambda t, r, s: s.update(invalidated_bid_rule="keep_original"),
        lambda t, r, s: s.update(quality_weight=61),
        lambda t, r, s: t["dates"].update(closing="2026-10-16"),
        lambda t, r, s: t.update(currency="USD"),
        lambda t, r, s: t.update(contract_months=36),
        lambda t, r, s: t["buyer"].update(name="Gemeente Anders"),
    ],
)
def test_every_award_rule_is_locked(change):
    tender, rs, scoring = (
        copy.deepcopy(TENDER),
        copy.deepcopy(REQUIREMENT_SET),
        copy.deepcopy(SCORING),
    )
    change(tender, rs, scoring)
    assert lock_of(tender, rs, scoring) != lock_of()


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t["dates"].update(award="2026-11-20"),
        lambda t: t.update(title="Mini-aanbesteding (typfout hersteld)"),
        lambda t: t.update(evaluators=["anna", "bram", "cees"]),
        lambda t: t.update(lock="sha256:" + "0" * 64, locked="2026-09-01T09:30:00Z"),
    ],
)
def test_what_may_change_after_publication_is_not_locked(change):
    tender = copy.deepcopy(TENDER)
    change(tender)
    assert lock_of(tender) == lock_of()


def test_a_control_id_as_written_is_locked():
    from tenderkit.formats.yamlio import parse_yaml

    one = parse_yaml("controls: {iso27001: [8.10]}")
    other = parse_yaml("controls: {iso27001: [8.1]}")
    assert compute_lock(TENDER, one, SCORING) != compute_lock(TENDER, other, SCORING)


def test_crlf_checkout_of_a_locked_tender_still_validates(make_tender):
    path = make_tender()
    write_lock(path, now=SEPTEMBER)
    for name in ("tender.yaml", "requirements.yaml", "scoring.yaml"):
        file = path / name
        file.write_bytes(file.read_bytes().replace(b"\n", b"\r\n"))
    assert load_tender(path).config.lock is not None
    scoring = path / "scoring.yaml"
    scoring.write_text(scoring.read_text() + "# a comment changes nothing\n")
    load_tender(path)


def test_a_changed_award_key_of_tender_yaml_refuses(make_tender):
    path = make_tender()
    write_lock(path, now=SEPTEMBER)
    tender_yaml = path / "tender.yaml"
    tender_yaml.write_text(
        tender_yaml.read_text().replace("contract_months: 48", "contract_months: 24")
    )
    found = problems_of(path)
    assert any(
        p.startswith(
            "tender.yaml: lock: the requirement set, the scoring model or an award-relevant key "
            "of tender.yaml (such as the closing date, currency or contract months) changed"
        )
        for p in found
    )


def test_relocking_refuses_without_force_and_keeps_history_with_force(make_tender):
    path = make_tender()
    first = write_lock(path, now=SEPTEMBER)
    with pytest.raises(InvalidInput) as info:
        write_lock(path, now=OCTOBER)
    assert str(info.value.problems[0]).startswith(
        "tender.yaml: lock: the tender is already locked since 2026-09-01T09:30:00Z"
    )
    rs = path / "requirements.yaml"
    rs.write_text(rs.read_text().replace("weight: 60", "weight: 70"))
    second = write_lock(path, force=True, reason="nota van inlichtingen 1.", now=OCTOBER)
    assert second != first
    tender = load_tender(path)
    assert tender.config.lock == second == tender.lock
    assert tender.config.locked == OCTOBER
    [record] = tender.config.lock_history
    assert (record.lock, record.locked, record.replaced) == (first, SEPTEMBER, OCTOBER)
    assert record.reason == "nota van inlichtingen 1."
    result = evaluate(tender, sensitivity=False)
    assert result.lock["history"] == [
        {
            "lock": first,
            "locked": "2026-09-01T09:30:00Z",
            "replaced": "2026-10-02T14:00:00Z",
            "reason": "nota van inlichtingen 1.",
        }
    ]
    lines = [str(line) for line in AwardReport(tender, result).lock_lines()]
    assert "ongewijzigd sinds de vergrendeling op 2 oktober 2026" in lines[0]
    assert lines[1] == (
        f'<p class="muted">Eerdere vergrendeling {first[:23]}… op 1 september 2026, vervangen op '
        "2 oktober 2026; reden: nota van inlichtingen 1.</p>"
    )
    assert write_lock(path, force=True, now=OCTOBER.replace(day=3)) == second  # nothing changed
    assert len(load_tender(path).config.lock_history) == 1
    scoring = path / "scoring.yaml"
    scoring.write_text(scoring.read_text().replace("quality_weight: 60", "quality_weight: 65"))
    third = write_lock(path, force=True, reason="<b>twee</b>", now=OCTOBER.replace(day=3))
    history = load_tender(path).config.lock_history
    assert [r.lock for r in history] == [first, second] and third not in [r.lock for r in history]
    assert history[1].reason == "<b>twee</b>"


def test_a_lock_of_the_earlier_byte_scheme_still_verifies(make_tender):
    path = make_tender()
    old = compute_byte_lock(
        (path / "requirements.yaml").read_bytes(), (path / "scoring.yaml").read_bytes()
    )
    tender_yaml = path / "tender.yaml"
    tender_yaml.write_text(set_key(tender_yaml.read_text(), "lock", old))
    tender = load_tender(path)
    assert (tender.lock, tender.lock_scheme) == (old, "bytes")
    result = evaluate(tender, sensitivity=False)
    assert result.lock["matches"] is True
    assert "dekt de gunningsgegevens in tender.yaml niet" in str(
        AwardReport(tender, result).lock_lines()[0]
    )
    new = write_lock(path, force=True, now=OCTOBER)
    tender = load_tender(path)
    assert (tender.lock, tender.lock_scheme) == (new, "content")
    assert [r.lock for r in tender.config.lock_history] == [old]
    assert tender.config.lock_history[0].locked is None


def test_lock_history_in_a_hand_written_file_validates(make_tender):
    tender = {
        **TENDER,
        "lock_history": [{"lock": "sha256:" + "a" * 64, "replaced": "2026-09-10"}],
    }
    path = make_tender(tender=tender)
    write_yaml(path / "tender.yaml", tender)
    assert str(load_tender(path).config.lock_history[0].replaced).startswith("2026-09-10")
