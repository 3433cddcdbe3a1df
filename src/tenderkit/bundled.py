"""Where the bundled examples, requirement sets, scoring models and notebooks live.

In a wheel they sit inside the package (`tenderkit/_bundled/...`, see pyproject's force-include);
in a source checkout they are the project's top-level folders. Callers ask for a folder by name
and never care which.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

DEFAULT_EXAMPLE = "gemeente-zaaksysteem"


@cache
def bundled_root() -> Path:
    """The folder that holds `examples/`, `requirement_sets/`, `scoring/` and `notebooks/`."""
    packaged = Path(str(resources.files("tenderkit"))) / "_bundled"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def bundled(folder: str) -> Path:
    return bundled_root() / folder


def example_names() -> list[str]:
    root = bundled("examples")
    return sorted(p.name for p in root.iterdir() if (p / "tender.yaml").is_file())


def example(name: str = DEFAULT_EXAMPLE) -> Path:
    return bundled("examples") / name


def resolve_tender_dir(value: str | None) -> Path:
    """A tender folder from the command line: a path, or the name of a bundled example."""
    if value is None:
        return example()
    path = Path(value)
    if path.exists() or not (bundled("examples") / value / "tender.yaml").is_file():
        return path
    return example(value)
