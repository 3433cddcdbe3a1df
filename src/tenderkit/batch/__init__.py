"""`tenderkit batch`: award reports for many tenders, on local processes or a Dask cluster.

`run_batch(tenders, out_dir, ...)` reports each tender into `out_dir/<tender id>/` exactly as
`tenderkit report` does (it calls `build_report`), in parallel, and writes `summary.xlsx` and
`summary.csv` across the tenders. See docs/batch.md.
"""

from tenderkit.batch.jobs import Job, JobOutcome, find_tenders, run_job
from tenderkit.batch.runner import BatchOutcome, run_batch

__all__ = ["BatchOutcome", "Job", "JobOutcome", "find_tenders", "run_batch", "run_job"]
