"""Defer the IRI grammar that importing nbformat would build, until something checks an IRI.

nbformat (which papermill and nbconvert import) imports jsonschema, whose format checkers import
`rfc3987_syntax` when it is installed (jupyter-events asks for it); that module compiles a Lark
grammar of RFC 3987 at import, about 0.7 s of every report, and no notebook validation checks
an IRI. Before jsonschema is first imported we put a stand-in under that name: it has the one
function jsonschema takes from it and loads the real module on the first call, so an IRI check
behaves exactly as before, only the cost moves to where it is used.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

MODULE = "rfc3987_syntax"


def defer_iri_grammar() -> None:
    """Install the stand-in; nothing when jsonschema or the module is loaded or not installed."""
    if "jsonschema" in sys.modules or MODULE in sys.modules:
        return
    if importlib.util.find_spec(MODULE) is None:
        return
    stand_in = types.ModuleType(MODULE, "loads rfc3987_syntax on first use (tenderkit)")

    def real() -> types.ModuleType:
        if sys.modules.get(MODULE) is stand_in:
            del sys.modules[MODULE]
        module = importlib.import_module(MODULE)
        return module

    def is_valid_syntax(*args: Any, **kwargs: Any) -> Any:
        return real().is_valid_syntax(*args, **kwargs)

    def attribute(name: str) -> Any:
        if name.startswith("__"):  # the import system asks for __path__, __spec__: not a load
            raise AttributeError(name)
        return getattr(real(), name)

    stand_in.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    stand_in.__getattr__ = attribute  # type: ignore[method-assign]
    sys.modules[MODULE] = stand_in
