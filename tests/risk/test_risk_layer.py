"""The risk core stays below the renderers: nothing in tenderkit.risk imports render or reporting.

The residual-risk views (tables, heat maps, the files a notebook writes) live in
tenderkit.reporting.risk_view; the core only builds registers from evidence and reference data.
"""

from __future__ import annotations

import ast
from pathlib import Path

import tenderkit.risk

ABOVE = ("tenderkit.render", "tenderkit.reporting", "tenderkit.workshop", "tenderkit.cli")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_no_module_of_the_risk_core_imports_a_renderer():
    folder = Path(tenderkit.risk.__file__).parent
    found = [
        f"{path.name}: {name}"
        for path in sorted(folder.glob("*.py"))
        for name in _imports(path)
        if name.startswith(ABOVE)
    ]
    assert found == []


def test_the_views_are_in_the_rendering_layer():
    folder = Path(tenderkit.risk.__file__).parent
    assert not (folder / "views.py").exists()
    from tenderkit.reporting import risk_view

    assert callable(risk_view.open_view)
