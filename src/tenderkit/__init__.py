"""tenderkit: score SaaS and cloud tenders, review assurance reports, write the award decision.

The public API, for analysts who work in a notebook; the command line and the notebooks are thin
doors over the same functions::

    import tenderkit as tk

    tender = tk.load_tender("gemeente-zaaksysteem")  # a folder, or a bundled example's name
    result = tk.evaluate(tender)                      # pure and deterministic: a Result
    result.to_dataframe()                             # the ranking as a pandas DataFrame
    tk.report(tender, "out/")                         # HTML, PDF, workbook, letters, result.json

Errors are tenderkit's own exception types: `InvalidInput` (every problem of the input at once,
each a `Problem` with file, place and message), `LockMismatch`, `ReportFailed`, `OutputRefused`;
all derive from `TenderkitError`. Names are imported on first use, so `import tenderkit` stays
cheap for the command line.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (module, attribute)
_EXPORTS: dict[str, tuple[str, str]] = {
    "load_tender": ("tenderkit.api", "load_tender"),
    "evaluate": ("tenderkit.evaluation", "evaluate"),
    "report": ("tenderkit.api", "report"),
    "example_names": ("tenderkit.bundled", "example_names"),
    "Tender": ("tenderkit.tender", "Tender"),
    "Result": ("tenderkit.result", "Result"),
    "ReportOutcome": ("tenderkit.reporting.run", "ReportOutcome"),
    "Problem": ("tenderkit.errors", "Problem"),
    "TenderkitError": ("tenderkit.errors", "TenderkitError"),
    "InvalidInput": ("tenderkit.errors", "InvalidInput"),
    "LockMismatch": ("tenderkit.errors", "LockMismatch"),
    "ReportFailed": ("tenderkit.reporting.run", "ReportFailed"),
    "OutputRefused": ("tenderkit.outputs", "OutputRefused"),
}

__all__ = [
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


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value  # once looked up, an ordinary attribute
        return value
    raise AttributeError(f"module 'tenderkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from tenderkit.api import load_tender, report
    from tenderkit.bundled import example_names
    from tenderkit.errors import InvalidInput, LockMismatch, Problem, TenderkitError
    from tenderkit.evaluation import evaluate
    from tenderkit.outputs import OutputRefused
    from tenderkit.reporting.run import ReportFailed, ReportOutcome
    from tenderkit.result import Result
    from tenderkit.tender import Tender
