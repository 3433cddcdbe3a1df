"""The risk catalogue and the catalogue of compensating measures, shipped with tenderkit.

Both are data (`risks.yaml`, `measures.yaml` next to this module), validated by the models in
`tenderkit.catalogues.models`. The bundled catalogues are read once and cached; a broken bundled
catalogue is a bug in tenderkit and raises. A tender may add measures of its own in a file named by
`tender.yaml` (`measures:`); `load_measures_file` reads such a file and reports problems the way
every other input file does, without raising.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tenderkit.catalogues.models import (
    Measure,
    MeasureCatalogue,
    Reduction,
    Risk,
    RiskCatalogue,
)
from tenderkit.errors import Problem
from tenderkit.formats.messages import did_you_mean, validate
from tenderkit.formats.yamlio import parse_yaml, read_yaml

__all__ = [
    "Measure",
    "Reduction",
    "Risk",
    "load_measures_file",
    "measures",
    "risks",
]


class CatalogueError(RuntimeError):
    """The bundled catalogue is broken: a bug in tenderkit, not in the user's input."""


def _bundled(name: str) -> Any:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return parse_yaml(text)


@cache
def _risks() -> MappingProxyType[str, Risk]:
    catalogue = RiskCatalogue.model_validate(_bundled("risks.yaml"))
    by_id: dict[str, Risk] = {}
    for risk in catalogue.risks:
        if risk.id in by_id:
            raise CatalogueError(f"risks.yaml: risk id {risk.id} appears twice")
        by_id[risk.id] = risk
    return MappingProxyType(by_id)


@cache
def _measures() -> MappingProxyType[str, Measure]:
    catalogue = MeasureCatalogue.model_validate(_bundled("measures.yaml"))
    known = _risks()
    by_id: dict[str, Measure] = {}
    for measure in catalogue.measures:
        if measure.id in by_id:
            raise CatalogueError(f"measures.yaml: measure id {measure.id} appears twice")
        unknown = [r.risk for r in measure.reduces if r.risk not in known]
        if unknown:
            raise CatalogueError(
                f"measures.yaml: {measure.id} reduces unknown risk(s) {', '.join(unknown)}"
            )
        by_id[measure.id] = measure
    return MappingProxyType(by_id)


def risks() -> dict[str, Risk]:
    """The bundled risk catalogue by id, in catalogue order (a fresh dict; the risks are frozen)."""
    return dict(_risks())


def measures() -> dict[str, Measure]:
    """The bundled compensating measures by id, in catalogue order (a fresh dict)."""
    return dict(_measures())


def load_measures_file(path: Path, display: str) -> tuple[list[Measure], list[Problem]]:
    """Read a tender's own extra measures file; return (measures, problems), never raising.

    The file has the shape of the bundled `measures.yaml` (`tenderkit: 1`, `measures: [...]`).
    Besides the model's own checks, each measure must reduce risks that exist in the catalogue,
    and its id must be new: not used twice in the file nor taken by a bundled measure (a tender
    adds measures; it does not silently redefine tenderkit's).
    """
    data, problems = read_yaml(Path(path), display)
    if problems:
        return [], problems
    catalogue, problems = validate(MeasureCatalogue, data, display, source=Path(path))
    if catalogue is None:
        return [], problems
    known_risks = _risks()
    bundled = _measures()
    seen: set[str] = set()
    for index, measure in enumerate(catalogue.measures, start=1):
        place = f"measures[{index}] ({measure.id})"
        if measure.id in seen:
            problems.append(Problem.of(display, place, "measure_id_twice", id=measure.id))
        elif measure.id in bundled:
            problems.append(Problem.of(display, place, "measure_id_bundled", id=measure.id))
        seen.add(measure.id)
        for step, reduction in enumerate(measure.reduces, start=1):
            if reduction.risk not in known_risks:
                problems.append(
                    Problem.of(
                        display,
                        f"{place}.reduces[{step}].risk",
                        "no_risk",
                        risk=reduction.risk,
                        suggestion=did_you_mean(reduction.risk, known_risks),
                    )
                )
    if problems:
        return [], problems
    return list(catalogue.measures), []
