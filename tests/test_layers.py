"""The layers of tenderkit, read from the source: the core never imports an output or a door.

Every module under src/tenderkit belongs to one layer (docs/layers.md has the picture). A module may
import from its own layer and the layers below it, never from a layer above: `evaluate(tender)`
must not depend on how its Result is rendered, nor on the command line, the batch or the workshop
that call it. The test reads the imports with `ast`, imports inside functions included (a lazy
import is still a dependency). On top of that, the subpackages' module-level imports must not form
a cycle, so each can be read, tested and imported on its own.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tenderkit"

# Lowest first. The key of a module is its first name below `tenderkit` (a subpackage or a
# top-level module); `tenderkit` itself is the package facade.
LAYERS: dict[str, tuple[str, ...]] = {
    # small helpers everything may use: errors, atomic files, where bundled data lives, country
    # codes, legal deadlines, how figures are shown (babel), refusing outputs that would
    # overwrite
    "base": (
        "errors",
        "fileio",
        "bundled",
        "countries",
        "deadlines",
        "formatting",
        "outputs",
        "memo",
        "safe_xlsx",
    ),
    # typed models of every file a user writes, and reading YAML safely: models only
    "formats": ("formats",),
    # texts for people (texts/*.yaml), safe HTML markup
    "texts": ("i18n", "markup"),
    # reference data, validated by the formats' models
    "reference": ("frameworks", "catalogues"),
    # the pure evaluation: Tender -> Result; what a service-level term is worth (worded from
    # texts/service_terms.yaml)
    "core": (
        "service_terms",
        "tender",
        "checks",
        "assurance",
        "scoring",
        "risk",
        "standstill",
        "result",
        "evaluation",
    ),
    # reading a tender folder (the ids checked against the reference data), the bid form, intake
    "loading": ("loader", "form", "intake"),
    # everything after evaluate: result.json, Excel, letters, charts, HTML/PDF reports
    "rendering": ("render", "reporting"),
    # the doors: the public API, the command line, the batch runner, the workshop
    "doors": ("api", "cli", "batch", "workshop", "tenderkit"),
}

# Known exceptions: none since the residual-risk pages moved into reporting/risk_view.py.
MOVING_OUT: frozenset[str] = frozenset()

# Imports upward that are allowed, each for its reason. errors tells a problem in the reader's
# language from texts/validation.yaml, and i18n reads that YAML through formats.yamlio, which
# raises errors' own types: errors imports i18n inside the function that tells a problem, never
# when it is imported, so no cycle runs at import time.
TOLD_LATE = frozenset({("tenderkit.errors", "tenderkit.i18n")})

# The tender loader still sits in formats and checks ids against the reference data above it;
# it moves above both in the next change.
TO_BREAK = frozenset({"tenderkit.loader"})

RANK = {key: rank for rank, keys in enumerate(LAYERS.values()) for key in keys}
LAYER_OF = {key: name for name, keys in LAYERS.items() for key in keys}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _key(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "tenderkit"


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _import_nodes(tree: ast.Module, module_level: bool) -> list[ast.Import | ast.ImportFrom]:
    """Imports in the module; with `module_level`, only those run when the module is imported."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if _is_type_checking(child):
                continue  # for type checkers only: never run
            if isinstance(child, ast.Import | ast.ImportFrom) and not (
                module_level and in_function
            ):
                found.append(child)
            inner = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            visit(child, inner)

    visit(tree, False)
    return found


def imports_of(module: str, module_level: bool = False) -> set[str]:
    """The tenderkit modules `module` imports (`from tenderkit.x import name` -> the module x.name
    when that is a module, else x). `from tenderkit import __version__` reads the facade's
    constant, which imports nothing, so it is not counted."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8")), module_level):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "tenderkit"}
            continue
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join([*base, *([node.module] if node.module else [])])
        else:
            target = node.module or ""
        if target.split(".")[0] != "tenderkit":
            continue
        for alias in node.names:
            if f"{target}.{alias.name}" in MODULES:
                found.add(f"{target}.{alias.name}")
            elif not (target == "tenderkit" and alias.name == "__version__"):
                found.add(target)
    return found


def test_every_module_has_a_layer():
    unknown = sorted({_key(m) for m in MODULES} - set(RANK))
    assert not unknown, f"give these a layer in LAYERS (and docs/layers.md): {unknown}"


def test_the_reader_sees_lazy_and_relative_imports():
    # the reader itself: a function-level import is found, a TYPE_CHECKING one is not
    assert "tenderkit.formats.types" in imports_of("tenderkit.formats.bid")
    assert imports_of("tenderkit", module_level=True) == set()


@pytest.mark.parametrize("module", sorted(set(MODULES) - MOVING_OUT))
def test_no_import_from_a_higher_layer(module):
    rank = RANK[_key(module)]
    upward = sorted(
        f"{target} ({LAYER_OF[_key(target)]})"
        for target in imports_of(module)
        if RANK.get(_key(target), -1) > rank and (module, target) not in TOLD_LATE
    )
    assert not upward, (
        f"{module} ({LAYER_OF[_key(module)]}) imports from a higher layer: {', '.join(upward)}"
    )


def test_no_cycle_between_subpackages():
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        if module in MOVING_OUT:
            continue
        key = _key(module)
        graph.setdefault(key, set())
        graph[key] |= {_key(t) for t in imports_of(module, module_level=True)} - {key}
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        pytest.fail(f"import cycle between subpackages: {' -> '.join(error.args[1])}")


DOORS = ("render", "reporting", "workshop", "batch", "cli", "api")


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _key(m) in DOORS))
def test_the_doors_evaluate_through_the_evaluation_module(module):
    # the report and the workshop go through the same public entry points (tenderkit.evaluation),
    # never into the scoring engine behind them
    inside = sorted(t for t in imports_of(module) if t.startswith("tenderkit.scoring.engine"))
    assert not inside, f"{module} imports {', '.join(inside)}; use tenderkit.evaluation"
