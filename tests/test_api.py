"""The public API: the names `import tenderkit` exports are pinned, and they work as documented."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tenderkit as tk

EXPORTED = [
    "InvalidInput",
    "LockMismatch",
    "OutputRefused",
    "Problem",
    "ReportFailed",
    "ReportOutcome",
    "Result",
    "Tender",
    "TenderkitError",
    "__version__",
    "evaluate",
    "example_names",
    "load_tender",
    "report",
]


def test_the_exported_names_are_pinned():
    assert sorted(tk.__all__) == sorted(EXPORTED)
    assert sorted(tk._EXPORTS) == sorted(set(EXPORTED) - {"__version__"})
    for name in tk.__all__:
        assert getattr(tk, name) is not None, name
    assert tk.__doc__ and "load_tender" in tk.__doc__


def test_importing_tenderkit_stays_cheap():
    # the command line imports the package for its version: no pandas, pydantic or jupyter yet
    code = (
        "import sys, tenderkit; "
        "print(sorted(m for m in ('pandas', 'pydantic', 'nbformat') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_evaluate_is_the_function_even_after_its_module_was_imported():
    import tenderkit.evaluation  # noqa: F401

    assert callable(tk.evaluate) and tk.evaluate.__name__ == "evaluate"
    assert callable(tk.report) and tk.report.__module__ == "tenderkit.api"


def test_load_evaluate_and_look_at_the_result_like_an_analyst():
    tender = tk.load_tender("gemeente-zaaksysteem")
    assert isinstance(tender, tk.Tender)
    assert "gemeente-zaaksysteem" in repr(tender) and "5 bids" in repr(tender)
    assert list(tender.to_dataframe().index) == sorted(tender.bids)
    result = tk.evaluate(tender, samples=200)
    assert isinstance(result, tk.Result)
    frame = result.to_dataframe()
    assert frame.index[0] == result.winner and bool(frame.loc[result.winner, "winner"])
    assert frame["rank"].dtype.name == "Int64"  # invalid bids have no rank
    assert f"winner {result.winner!r}" in repr(result)


def test_load_tender_names_every_problem_with_the_exception_type(tmp_path):
    with pytest.raises(tk.InvalidInput) as caught:
        tk.load_tender(tmp_path / "nowhere")
    assert caught.value.problems and isinstance(caught.value.problems[0], tk.Problem)
    assert issubclass(tk.InvalidInput, tk.TenderkitError)


def test_report_refuses_a_tender_changed_in_memory(tmp_path):
    tender = tk.load_tender("retail-privcomp-cloud")
    changed = tender.replace(bids=dict(list(tender.bids.items())[:1]))
    with pytest.raises(tk.TenderkitError, match="differs from what its folder holds"):
        tk.report(changed, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_report_writes_the_report_of_a_loaded_tender(tmp_path):
    tender = tk.load_tender("retail-privcomp-cloud")
    outcome = tk.report(tender, tmp_path / "out", pdf=False, risk_pages=False)
    assert isinstance(outcome, tk.ReportOutcome)
    assert outcome.result.winner == tk.evaluate(tender, sensitivity=False).winner
    assert (tmp_path / "out" / "result.json").is_file() and outcome.html.is_file()
