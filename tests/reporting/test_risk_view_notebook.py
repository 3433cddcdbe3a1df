"""notebooks/residual_risk.ipynb runs under papermill for every bid of both bundled examples.

One kernel per bid; the runs go in parallel worker processes to keep the suite quick. The
notebook's last cell displays the bid's register under MIME_TYPE, which is read back here.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import papermill
import pytest

from tenderkit.bundled import bundled, example, example_names
from tenderkit.loader import load_tender
from tenderkit.reporting.risk_view import MIME_TYPE

NOTEBOOK = bundled("notebooks") / "residual_risk.ipynb"
EXAMPLES = ("gemeente-zaaksysteem", "retail-privcomp-cloud")


def _run(source: str, target: str, parameters: dict) -> str:
    papermill.execute_notebook(
        source, target, parameters=parameters, kernel_name="tenderkit", progress_bar=False
    )
    return target


def _cases() -> list[tuple[str, str]]:
    return [(name, bid) for name in EXAMPLES for bid in load_tender(example(name)).bids]


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    root = tmp_path_factory.mktemp("residual_risk")
    jobs = {
        (name, bid): (
            str(root / f"{name}-{bid}.ipynb"),
            {
                "tender": str(example(name)),
                "bidder": bid,
                "out": str(root / f"{name}-{bid}"),
            },
        )
        for name, bid in _cases()
    }
    jobs[("default", "")] = (str(root / "default.ipynb"), {})
    context = multiprocessing.get_context("spawn")
    workers = max(1, min(4, os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            key: pool.submit(_run, str(NOTEBOOK), target, parameters)
            for key, (target, parameters) in jobs.items()
        }
        return {key: Path(future.result()) for key, future in futures.items()}


def _payload(path: Path) -> dict:
    notebook = nbformat.read(path, as_version=4)
    for cell in reversed(notebook.cells):
        for output in cell.get("outputs", []):
            if MIME_TYPE in output.get("data", {}):
                return output["data"][MIME_TYPE]
    raise AssertionError(f"{path.name} displayed no {MIME_TYPE}")


def test_examples_are_there():
    assert set(EXAMPLES) <= set(example_names())


def test_committed_without_outputs_and_with_the_tenderkit_kernel():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert notebook.metadata["kernelspec"] == {
        "name": "tenderkit",
        "display_name": "tenderkit",
        "language": "python",
    }
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code[0].metadata["tags"] == ["parameters"]
    for name in ("tender", "bidder", "out", "language"):
        assert f"{name} = None" in code[0].source
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize(("name", "bid"), _cases())
def test_notebook_runs_for_every_bid(executed, name, bid):
    payload = _payload(executed[(name, bid)])
    tender = load_tender(example(name))
    assert payload["tender"] == tender.id and payload["id"] == bid
    linked = {rid for r in tender.requirement_set.requirements for rid in r.risks}
    assert {r["id"] for r in payload["risks"]} == linked
    assert payload["sla"]
    notebook = nbformat.read(executed[(name, bid)], as_version=4)
    images = [
        o for c in notebook.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    assert len(images) == 2  # inherent and residual heat maps
    out = executed[(name, bid)].with_suffix("")
    assert sorted(p.name for p in out.iterdir()) == [
        f"residual_risk_{bid}.json",
        f"residual_risk_{bid}_inherent.png",
        f"residual_risk_{bid}_residual.png",
    ]


def test_default_parameters_take_the_bundled_examples_first_bid(executed):
    payload = _payload(executed[("default", "")])
    tender = load_tender(example())
    assert payload["tender"] == "gemeente-zaaksysteem"
    assert payload["id"] == next(iter(tender.bids))
