"""The interactive workshop and the evaluation panel (ipywidgets, served with Voila).

    from tenderkit.workshop import WorkshopApp, PanelApp
    WorkshopApp()                  # what-ifs on the bundled PrivComp example
    PanelApp("path/to/tender")     # individual scores, consensus, freeze, prices

Modules: `scenario` (what-ifs as plain data, pure), `live` (fast re-evaluation), `fragments` (HTML
and PNG from a Result), `app` (WorkshopApp), `panel_store` (SQLite storage of panel scores),
`panel` (PanelApp), `serve` (Voila / JupyterLab command lines and token), `voila_app` (the
Voila server: token, Host and Origin checks, kernel cap), `synthetic` (a large tender for
benchmarks). Names are imported when first used, so `panel_store` loads without ipywidgets.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "WorkshopApp": "tenderkit.workshop.app",
    "PanelApp": "tenderkit.workshop.panel",
    "PanelStore": "tenderkit.workshop.panel_store",
    "QualityFrozen": "tenderkit.workshop.panel_store",
    "Scenario": "tenderkit.workshop.scenario",
    "apply_scenario": "tenderkit.workshop.scenario",
    "LiveEvaluator": "tenderkit.workshop.live",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tenderkit.workshop' has no attribute {name!r}")
