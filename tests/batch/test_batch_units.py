"""The parts of the batch that need no award report: finding tenders, ids, the output folder, the
summary files, the worker count, the lock, and the kept-alive kernel."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import nbformat
import pytest
from batch_helpers import break_tender, copy_tender

from tenderkit.batch import jobs as batch_jobs
from tenderkit.batch import runner
from tenderkit.batch.jobs import Job, find_tenders, plan, run_job
from tenderkit.batch.summary import COLUMNS, csv_bytes, xlsx_bytes
from tenderkit.errors import TenderkitError
from tenderkit.reporting import kernel as kernel_module
from tenderkit.reporting.kernel import KernelSession, KernelStartFailed

# --- finding tenders and naming their folders -----------------------------------------------------


def test_find_tenders_in_folders_of_tenders_and_directly(tmp_path):
    root = tmp_path / "all"
    a = copy_tender(root, "t-a")
    b = copy_tender(root, "t-b")
    (root / ".hidden").mkdir()
    copy_tender(root / ".hidden", "t-x")
    (root / "notes").mkdir()
    found = find_tenders([root, a, tmp_path / "missing"])
    assert found == [a.resolve(), b.resolve(), (tmp_path / "missing").resolve()]


def test_duplicate_and_reserved_ids_fail_up_front(tmp_path):
    one = copy_tender(tmp_path / "x", "same")
    two = copy_tender(tmp_path / "y", "same")
    three = copy_tender(tmp_path / "z", "summary.csv")
    broken = tmp_path / "w" / "no-yaml"
    broken.mkdir(parents=True)
    planned = {j.tender_dir: j for j in plan([one, two, three, broken], tmp_path / "out")}
    assert str(two) in planned[one].problem and str(one) in planned[two].problem
    assert "batch summary" in planned[three].problem
    assert planned[broken].problem is None and planned[broken].tender_id == "no-yaml"
    outcome = run_job(planned[one])
    assert outcome.failed and "each tender in a batch needs its own id" in outcome.problems[0]


def test_run_batch_with_only_failing_tenders_starts_no_worker(tmp_path, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("no worker needed")

    monkeypatch.setattr(runner, "_run_local", no_pool)
    one = copy_tender(tmp_path / "x", "same")
    two = copy_tender(tmp_path / "y", "same")
    outcome = runner.run_batch([one, two], tmp_path / "out", progress=False)
    assert [o.status for o in outcome.outcomes] == ["failed", "failed"]
    assert outcome.summary_csv.read_text("utf-8").count("failed") == 2


def test_invalid_tender_comes_back_with_its_problems(tmp_path):
    folder = copy_tender(tmp_path, "broken")
    name = break_tender(folder)
    job = Job(folder, "broken", tmp_path / "out", resume=True)
    outcome = run_job(job)
    assert outcome.failed
    assert any(
        p.startswith(f"{name}: regel ")
        and p.endswith(", price: hier hoort een getal, maar er staat 'veel'")
        for p in outcome.problems
    ), outcome.problems
    assert "broken" in outcome.describe()


def test_a_batch_refuses_a_folder_it_did_not_write_and_its_own_tenders(tmp_path, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("refused before any worker starts")

    monkeypatch.setattr(runner, "_run_local", no_pool)
    tender = copy_tender(tmp_path / "tenders", "t-1")
    out = tmp_path / "out"
    (out / "t-1").mkdir(parents=True)
    (out / "t-1" / "minutes.docx").write_text("the user's")
    for force, resume in ((True, False), (False, True)):
        with pytest.raises(TenderkitError, match="holds t-1, which tenderkit did not write"):
            runner.run_batch([tender], out, force=force, resume=resume, progress=False)
    assert (out / "t-1" / "minutes.docx").read_text() == "the user's"
    for target in (tender, tmp_path / "tenders", tender / "out"):
        with pytest.raises(TenderkitError, match="the input folder"):
            runner.run_batch([tender.parent], target, force=True, progress=False)
    assert not (tender / "out").exists()


def test_jobs_carry_every_tenders_input_folders(tmp_path):
    one = copy_tender(tmp_path / "x", "one")
    two = copy_tender(tmp_path / "y", "two")
    jobs = plan([one, two], tmp_path / "out")
    assert set(jobs[0].inputs) == set(jobs[1].inputs) == {one.resolve(), two.resolve()}


# --- summary --------------------------------------------------------------------------------------

ROWS = [
    {
        "tender": "t-1",
        "status": "done",
        "winner": "acme",
        "winner_name": '=HYPERLINK("http://x","klik")',
        "formula": "lowest_relative",
        "margin": 1.5,
        "win_share": 0.75,
        "knockouts": 2,
        "assurance_flags": 3,
        "risks_above_appetite": 1,
        "winner_risks_above_appetite": 0,
        "problems": None,
    },
    {"tender": "t-2", "status": "failed", "problems": "bids/x.yaml: price: -1 is not allowed"},
]


def test_summary_csv_never_hands_a_spreadsheet_a_formula():
    lines = csv_bytes(ROWS).decode("utf-8").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert "'=HYPERLINK(" in lines[1]
    assert lines[2].startswith("t-2,failed,") and lines[2].endswith("price: -1 is not allowed")


def test_summary_workbook_is_text_safe_and_reproducible(tmp_path):
    import openpyxl

    data = xlsx_bytes(ROWS)
    assert data == xlsx_bytes(ROWS)
    path = tmp_path / "summary.xlsx"
    path.write_bytes(data)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Summary"]
    name = sheet.cell(row=2, column=list(COLUMNS).index("winner_name") + 1)
    assert name.value.startswith("=HYPERLINK") and name.data_type == "s"
    assert sheet.cell(row=2, column=list(COLUMNS).index("win_share") + 1).value == 0.75
    assert workbook.properties.creator == "tenderkit"
    assert workbook.properties.created.year == 2000


# --- workers and the lock -------------------------------------------------------------------------


def test_workers_capped_at_cores_and_jobs():
    cores = runner.cores()
    assert runner.local_workers(None, 100) == cores
    assert runner.local_workers(10 * cores, 100) == cores
    assert runner.local_workers(None, 1) == 1
    assert runner.local_workers(1, 100) == 1


def test_a_second_batch_into_the_same_folder_stops(tmp_path):
    with (
        runner.exclusive(tmp_path),
        pytest.raises(TenderkitError, match="another batch"),
        runner.exclusive(tmp_path),
    ):
        pass
    with runner.exclusive(tmp_path):  # released again
        pass


def test_worker_session_is_one_per_thread(monkeypatch):
    made = []

    class Fake:
        def __init__(self, name):
            made.append(self)

        def close(self):
            pass

    monkeypatch.setattr(kernel_module, "KernelSession", Fake)
    monkeypatch.setattr(batch_jobs, "_local", threading.local())
    first = batch_jobs.worker_session()
    assert batch_jobs.worker_session() is first
    other = []
    thread = threading.Thread(target=lambda: other.append(batch_jobs.worker_session()))
    thread.start()
    thread.join()
    assert other[0] is not first and len(made) == 2


# --- the kernel kept alive ------------------------------------------------------------------------


def _notebook(path: Path, *sources: str) -> Path:
    notebook = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "tenderkit", "display_name": "tenderkit", "language": "python"}
        }
    )
    notebook.cells = [
        nbformat.v4.new_code_cell("value = None", metadata={"tags": ["parameters"]}),
        *(nbformat.v4.new_code_cell(s) for s in sources),
    ]
    nbformat.write(notebook, path)
    return path


def _texts(path: Path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return [o.get("text", "") for c in notebook.cells for o in c.get("outputs", [])]


def test_session_runs_each_notebook_as_in_a_fresh_kernel(tmp_path):
    source = _notebook(
        tmp_path / "probe.ipynb",
        "print('left over:', globals().get('leftover', 'nothing'))\nleftover = value",
        "import os\nprint(os.getcwd())",
    )
    with KernelSession() as session:
        for run in ("one", "two"):
            (tmp_path / run).mkdir()
            session.execute(source, tmp_path / run / "out.ipynb", {"value": run})
        assert session.km.transport == "ipc"
        folder = session.folder
        assert Path(session.km.connection_file).parent == folder
        assert session.starts == 1 and session.notebooks == 2
    assert not folder.exists()
    for run in ("one", "two"):
        texts = _texts(tmp_path / run / "out.ipynb")
        assert texts[0] == "left over: nothing\n"
        assert texts[1].strip() == str((tmp_path / run).resolve())
        cells = nbformat.read(tmp_path / run / "out.ipynb", as_version=4).cells
        counts = [c.execution_count for c in cells if c.cell_type == "code"]
        assert counts == list(range(1, len(counts) + 1))  # counted from 1 again in each notebook


def test_a_kernel_that_imports_while_it_boots_still_runs_notebooks_as_fresh(tmp_path):
    # a batch's kernels import the report's modules while they boot (exec_lines); the notebook
    # must see the module loaded but none of the names that import bound
    source = _notebook(
        tmp_path / "probe.ipynb",
        "import sys\nprint('json' in dir(), 'tenderkit.reporting.view' in sys.modules)",
    )
    with KernelSession(preload=("json", "tenderkit.reporting.view")) as session:
        session.execute(source, tmp_path / "out.ipynb", {"value": 1})
    assert _texts(tmp_path / "out.ipynb")[0] == "False True\n"
    cells = nbformat.read(tmp_path / "out.ipynb", as_version=4).cells
    counts = [c.execution_count for c in cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))  # the imports counted no cell


def test_a_local_worker_boots_its_kernel_before_its_first_tender(monkeypatch):
    launched = []

    class Fake:
        def __init__(self, name):
            pass

        def launch(self):
            launched.append(self)

        def close(self):
            pass

    monkeypatch.setattr(kernel_module, "KernelSession", Fake)
    monkeypatch.setattr(batch_jobs, "_local", threading.local())
    batch_jobs.start_worker()
    assert launched == [batch_jobs.worker_session()]
    assert launched[0].preload == batch_jobs.KERNEL_PRELOAD


def test_preload_imports_what_it_can_and_skips_the_rest():
    from tenderkit.batch.preload import preload

    assert preload(("json", "tenderkit_no_such_module", "csv")) == ["json", "csv"]


def test_the_tenders_with_the_most_bids_are_handed_out_first(tmp_path):
    sizes = {"a": 1, "b": 3, "c": 0, "d": 3, "e": 2}
    jobs = []
    for name, bids in sizes.items():
        folder = tmp_path / name
        (folder / "bids").mkdir(parents=True)
        for index in range(bids):
            (folder / "bids" / f"bid{index}.yaml").write_text("bidder: x\n", "utf-8")
        jobs.append(Job(folder, name, tmp_path / "out"))
    order = [job.tender_id for job in runner.largest_first(jobs)]
    assert order == ["b", "d", "e", "a", "c"]  # ties keep the order given


def test_the_kernel_never_stands_in_a_folder_that_is_deleted_after_its_notebook(tmp_path):
    source = _notebook(tmp_path / "probe.ipynb", "import os\nprint(os.getcwd())")
    with KernelSession() as session:
        for run in ("gone", "next"):
            (tmp_path / run).mkdir()
            session.execute(source, tmp_path / run / "out.ipynb", {"value": run})
            if run == "gone":
                shutil.rmtree(tmp_path / run)  # as a failed tender's cleanup does
        assert session.starts == 1
    assert _texts(tmp_path / "next" / "out.ipynb")[0].strip() == str((tmp_path / "next").resolve())


def test_a_reset_that_fails_restarts_the_kernel(tmp_path):
    broken = _notebook(tmp_path / "breaks.ipynb", "get_ipython().reset = lambda *a, **k: 1 / 0")
    probe = _notebook(tmp_path / "probe.ipynb", "print(value)")
    with KernelSession() as session:
        session.execute(broken, tmp_path / "one.ipynb", {"value": 1})
        session.execute(probe, tmp_path / "two.ipynb", {"value": 2})
        session.execute(probe, tmp_path / "three.ipynb", {"value": 3})
        assert session.starts == 2
    assert _texts(tmp_path / "two.ipynb") == ["2\n"]
    assert _texts(tmp_path / "three.ipynb") == ["3\n"]


def test_a_kernel_that_dies_while_starting_is_retried(monkeypatch):
    real = KernelSession._start
    calls = []

    async def flaky(self):
        calls.append(1)
        if len(calls) < 3:
            raise RuntimeError("Kernel died before replying to kernel_info")
        await real(self)

    monkeypatch.setattr(KernelSession, "_start", flaky)
    with KernelSession(tries=3) as session:
        session.start()
        assert session.alive and len(calls) == 3


def test_a_kernel_that_never_starts_gives_up_with_a_plain_error(monkeypatch):
    async def dead(self):
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(KernelSession, "_start", dead)
    session = KernelSession(tries=2)
    with pytest.raises(KernelStartFailed, match="did not start in 2 tries"):
        session.start()
    assert session.km is None


def test_kernels_started_in_parallel_do_not_collide(tmp_path):
    source = _notebook(tmp_path / "probe.ipynb", "print(value)")
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            with KernelSession() as session:
                session.execute(source, tmp_path / f"out{index}.ipynb", {"value": index})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [_texts(tmp_path / f"out{i}.ipynb")[0] for i in range(3)] == ["0\n", "1\n", "2\n"]
