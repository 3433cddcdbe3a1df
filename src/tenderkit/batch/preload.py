"""What a batch worker imports before its first tender, once for all workers.

Local workers are forked from multiprocessing's fork server. Importing this module there (the
server's preload) loads what reporting a tender needs (the report builder with nbconvert, pandas
and matplotlib, papermill, WeasyPrint) once; every worker forked from the server has it already,
instead of each worker importing it again on its first tender (about 2.5 s of CPU each on the
development machine, while the kernels start on the same cores).

A module that cannot be imported here (e.g. WeasyPrint without its system libraries) is left
out: the worker imports it when a tender needs it and reports the problem for that tender, as
without the preload. Nothing here starts a thread, a kernel or a socket, which a fork would not
carry over.
"""

from __future__ import annotations

import importlib

MODULES = (
    "tenderkit.batch.jobs",
    "tenderkit.reporting.run",
    "tenderkit.reporting.view",
    "papermill",
    "weasyprint",
)
"""Imported in this order; each failure is skipped."""


def preload(modules: tuple[str, ...] = MODULES) -> list[str]:
    """Import `modules`, skipping any that fails; return those that were imported."""
    loaded = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # the tender that needs it imports it again and reports the problem
            continue
        loaded.append(name)
    return loaded


preload()
