"""Fault isolation in one worker: a tender that fails late does not take the next ones down.

A tender failing after its notebook ran (here: a letter that cannot be written) has its work
folder removed, the folder the kernel ran that notebook in. The same worker's kernel must still
report the tenders after it.
"""

from __future__ import annotations

import errno
import os
import threading

from batch_helpers import copy_tender

from tenderkit.batch import jobs as batch_jobs
from tenderkit.batch.jobs import plan, run_job
from tenderkit.reporting import run as report_run


def test_a_tender_that_fails_late_is_followed_by_good_ones_in_one_worker(tmp_path, monkeypatch):
    tenders = [copy_tender(tmp_path / "in", name) for name in ("late-fail", "good-1", "good-2")]
    real_letters = report_run.write_letters

    def letters(result, tender, folder, pdf=True):
        if tender.id == "late-fail":
            target = folder / "letter-x.html"
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(target))
        return real_letters(result, tender, folder, pdf=pdf)

    monkeypatch.setattr(report_run, "write_letters", letters)
    monkeypatch.setattr(batch_jobs, "_local", threading.local())  # this test's own worker
    out = tmp_path / "out"
    jobs = plan(tenders, out, pdf=False, risk_notebooks=False)
    try:
        outcomes = [run_job(job) for job in jobs]  # one after another, as one worker runs them
        session = batch_jobs.worker_session()
    finally:
        batch_jobs.worker_session().close()
    assert [o.status for o in outcomes] == ["failed", "done", "done"], outcomes
    assert outcomes[0].problems == [
        f"{out / 'late-fail' / 'letters' / 'letter-x.html'}: permission denied; write to a "
        "folder you may write to, or ask for access"
    ]
    assert session.starts == 1  # the kernel kept running: it was never left in a deleted folder
    assert sorted(p.name for p in out.iterdir()) == ["good-1", "good-2"]  # no temporary folders
    for name in ("good-1", "good-2"):
        assert (out / name / "result.json").is_file()
