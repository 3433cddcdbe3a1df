"""The residual-risk page of every bid, rendered from the report's one Result in this process.

The residual-risk notebook (notebooks/residual_risk.ipynb) is the view an analyst opens for one
bid. A report needs that page for every bid, and running the notebook once per bid costs a
papermill run each (and, before, an evaluation each). So the report builds the same page here:
the notebook's code cells, in its order and with its section tags, each holding what that cell
displays when the notebook runs (the same calls of `tenderkit.reporting.risk_view` on the same
Result) and exports it through the same template as the award report. The page looks as the
executed notebook does; nothing is evaluated again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from tenderkit.loader import Tender
from tenderkit.reporting import risk_view as views
from tenderkit.result import Result

__all__ = ["risk_page", "risk_pages"]

_PNG_TEXT = "<IPython.core.display.Image object>"


def _output(data: dict[str, Any]) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data=data)


def _shown(value: Any, alt: str | None = None) -> nbformat.NotebookNode:
    """What IPython's display() records for the values the risk notebook shows; a heat map's
    text form is its title (`alt`), which the exported page gives the image as alt text."""
    if isinstance(value, bytes):  # a heat map PNG, displayed as IPython.display.Image
        import base64

        data = {"image/png": base64.b64encode(value).decode(), "text/plain": alt or _PNG_TEXT}
        return _output(data)
    if isinstance(value, pd.DataFrame):
        return _output({"text/html": value._repr_html_(), "text/plain": repr(value)})
    if hasattr(value, "_repr_html_"):
        return _output({"text/html": value._repr_html_(), "text/plain": repr(value)})
    raise TypeError(f"the risk page cannot show a {type(value).__name__}")


def _sections(view: views.RiskView) -> list[tuple[str, list[Callable[[], Any]]]]:
    """The notebook's sections (cell tags), each with what its cell displays."""
    return [
        ("section-load", [lambda: view]),
        ("section-gaps", [lambda: views.gaps_table(view)]),
        ("section-inherent", [lambda: (views.heatmap(view, "inherent"), _title(view, "inherent"))]),
        ("section-residual", [lambda: (views.heatmap(view, "residual"), _title(view, "residual"))]),
        ("section-register", [lambda: views.register_table(view)]),
        ("section-measures", [lambda: views.measures_table(view)]),
        (
            "section-actions",
            [lambda: views.actions_table(view), lambda: views.effort_summary(view)],
        ),
        ("section-sla", [lambda: views.sla_table(view)]),
    ]


def _title(view: views.RiskView, which: str) -> str:
    from tenderkit.i18n import text

    return text(
        "risk", f"heatmap_{which}", view.language, view.tender.config.regime, bidder=view.bid.name
    )


def risk_page(tender: Tender, result: Result, bid_id: str) -> nbformat.NotebookNode:
    """The residual-risk notebook of one bid as it reads executed, built from `result`."""
    view = views.open_view(tender, bid_id, result=result)
    notebook = nbformat.v4.new_notebook()
    for tag, shows in _sections(view):
        cell = nbformat.v4.new_code_cell(metadata={"tags": [tag]})
        cell.outputs = [
            _shown(*shown) if isinstance(shown, tuple) else _shown(shown)
            for shown in (show() for show in shows)
        ]
        notebook.cells.append(cell)
    bundle = views.bid_bundle(view)
    result_cell = nbformat.v4.new_code_cell(metadata={"tags": ["section-result"]})
    result_cell.outputs = [_output(bundle)]
    notebook.cells.append(result_cell)
    return notebook


def risk_pages(tender: Tender, result: Result, folder: Path, title: str) -> list[Path]:
    """Write `<bid>.html` (the page) and `<bid>.ipynb` (its notebook) per bid into `folder`."""
    from tenderkit.fileio import write_atomic
    from tenderkit.reporting.export import notebook_html

    written: list[Path] = []
    for bid_id in tender.bids:
        notebook = risk_page(tender, result, bid_id)
        written.append(write_atomic(folder / f"{bid_id}.ipynb", nbformat.writes(notebook)))
        html = notebook_html(notebook, f"{title}: {bid_id}", tender.language)
        written.append(write_atomic(folder / f"{bid_id}.html", html))
    return written
