"""`tenderkit batch` end to end: a broken tender among good ones, the summary, and Dask.

One local batch (two good tenders, one broken) runs once for the module; the Dask test runs the
good tenders again on a LocalCluster and compares result.json byte for byte.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from batch_helpers import LEAN, break_tender, copy_tender, report_folders
from typer.testing import CliRunner

from tenderkit.cli import app
from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender

GOOD = ("batch-retail", "batch-gemeente")
BROKEN = "batch-broken"


@pytest.fixture(scope="module")
def tenders(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tenders")
    folders = {
        GOOD[0]: copy_tender(root, GOOD[0]),
        GOOD[1]: copy_tender(root, GOOD[1], "gemeente-zaaksysteem"),
        BROKEN: copy_tender(root, BROKEN),
    }
    break_tender(folders[BROKEN])
    return folders


@pytest.fixture(scope="module")
def local(tenders, tmp_path_factory):
    """The CLI on the folder holding the three tenders, two local workers."""
    out = tmp_path_factory.mktemp("local") / "out"
    root = next(iter(tenders.values())).parent
    done = CliRunner().invoke(app, ["batch", str(root), "-o", str(out), "--workers", "2", *LEAN])
    return done, out


def test_broken_tender_is_named_with_its_problems_and_exit_1(local):
    done, _ = local
    assert done.exit_code == 1, done.output
    assert "1 tender(s) failed" in done.stderr
    assert BROKEN in done.stderr
    assert (  # in the tender's language, with the line, as `tenderkit validate` says it
        "bids/betuwehost.yaml: regel 5, price: hier hoort een getal, maar er staat 'veel'"
        in done.stderr
    )
    assert "Traceback" not in done.output
    assert "2 reported, 0 current (skipped), 1 failed" in done.stdout


def test_the_other_tenders_complete(local, tenders):
    _, out = local
    assert [p.name for p in report_folders(out)] == sorted(GOOD)
    for tender_id in GOOD:
        folder = out / tender_id
        names = {p.name for p in folder.iterdir()}
        assert {"result.json", "award_report.html", "award_report.ipynb", "scoring.xlsx"} <= names
        assert {"letters", "manifest.json"} <= names
        assert "award_report.pdf" not in names and "risk" not in names  # --no-pdf, --no-risk-...
        expected = evaluate(load_tender(tenders[tender_id])).to_json()
        assert (folder / "result.json").read_text("utf-8") == expected
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        assert manifest["tender"] == tender_id
        assert manifest["inputs"] == load_tender(tenders[tender_id]).inputs
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.is_dir()]


def test_summary_csv_and_workbook(local):
    import openpyxl

    _, out = local
    rows = {r["tender"]: r for r in csv.DictReader((out / "summary.csv").open(encoding="utf-8"))}
    assert set(rows) == {*GOOD, BROKEN}
    assert rows[BROKEN]["status"] == "failed" and "veel" in rows[BROKEN]["problems"]
    for tender_id in GOOD:
        row = rows[tender_id]
        result = json.loads((out / tender_id / "result.json").read_text("utf-8"))
        bids = {b["id"]: b for b in result["bids"]}
        valid = sorted((b for b in result["bids"] if b["valid"]), key=lambda b: b["rank"])
        assert row["status"] == "done"
        assert row["winner"] == result["winner"] == valid[0]["id"]
        assert float(row["margin"]) == pytest.approx(valid[0]["score"] - valid[1]["score"])
        share = result["sensitivity"]["monte_carlo"]["win_share"][result["winner"]]
        assert float(row["win_share"]) == pytest.approx(share)
        assert int(row["knockouts"]) == sum(len(b["knockouts"]) for b in bids.values())
        flags = sum(len(r["flags"]) for b in bids.values() for r in b["assurance"])
        assert int(row["assurance_flags"]) == flags
        above = sum(1 for b in bids.values() for r in b["risks"] if not r["within_appetite"])
        assert int(row["risks_above_appetite"]) == above
    sheet = openpyxl.load_workbook(out / "summary.xlsx")["Summary"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["tender", "status", "winner"]
    tenders = [sheet.cell(row=r, column=1) for r in range(2, sheet.max_row + 1)]
    assert {c.value for c in tenders} == {*GOOD, BROKEN}
    assert all(c.data_type == "s" for c in tenders)


def test_dask_cluster_gives_the_same_results(local, tenders, tmp_path):
    from distributed import LocalCluster

    from tenderkit.batch import run_batch

    _, local_out = local
    out = tmp_path / "dask"
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        outcome = run_batch(
            [tenders[t] for t in GOOD],
            out,
            scheduler=cluster.scheduler_address,
            pdf=False,
            risk_notebooks=False,
            progress=False,
        )
    assert [o.status for o in outcome.outcomes] == ["done", "done"], outcome.outcomes
    assert outcome.workers == 2
    for tender_id in GOOD:
        assert (out / tender_id / "result.json").read_bytes() == (
            local_out / tender_id / "result.json"
        ).read_bytes()
    assert sorted(p.relative_to(out / GOOD[0]).as_posix() for p in (out / GOOD[0]).rglob("*")) == (
        sorted(
            p.relative_to(local_out / GOOD[0]).as_posix() for p in (local_out / GOOD[0]).rglob("*")
        )
    )
