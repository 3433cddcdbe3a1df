"""Serving the workshop with nothing from the internet: a Voila template ("tenderkit", the lab
template without its Font Awesome links to a CDN; the widgets bundle their own icons).

A room often has no internet, and a stylesheet link in the page head holds the page until the
browser gives up on the CDN. `voila_args()` and `voila_env()` are what a Voila command line needs
to use the template; `tenderkit.workshop.serve` adds them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["TEMPLATE", "data_dir", "voila_args", "voila_env"]

TEMPLATE = "tenderkit"


def data_dir() -> Path:
    """The Jupyter data folder that holds `voila/templates/tenderkit`."""
    return Path(__file__).resolve().parent / "voila"


def voila_args() -> list[str]:
    return [f"--template={TEMPLATE}"]


def voila_env(env: Mapping[str, str]) -> dict[str, str]:
    """`env` with the template's data folder first on JUPYTER_PATH."""
    paths = [str(data_dir()), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {**env, "JUPYTER_PATH": os.pathsep.join(paths)}
