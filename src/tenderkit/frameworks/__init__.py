"""Framework reference data: SOC 2 criteria, ISO 27001:2022 Annex A, BIO2 supplier measures and a
SOC 2 <-> ISO 27001 crosswalk, shipped as YAML inside the package (see docs/frameworks.md).

Everything is read once, validated with the models in `tenderkit.frameworks.models`, cross-checked
(every crosswalk and BIO2 id must exist) and cached. The files are located with importlib.resources,
so they load the same from a source tree and from an installed wheel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from tenderkit.errors import Problem
from tenderkit.formats.messages import did_you_mean, validate
from tenderkit.formats.yamlio import read_yaml
from tenderkit.frameworks.models import (
    SOC2_PREFIX_CATEGORY,
    BioFile,
    BioMeasure,
    Coverage,
    Crosswalk,
    CrosswalkPair,
    IsoControl,
    IsoFile,
    Relation,
    Soc2Criterion,
    Soc2File,
    bio_id,
    soc2_prefix,
)

__all__ = [
    "BioMeasure",
    "Coverage",
    "Crosswalk",
    "CrosswalkPair",
    "IsoControl",
    "ReferenceDataError",
    "Relation",
    "Soc2Criterion",
    "bio_baseline",
    "bio_measures",
    "check_controls",
    "crosswalk",
    "iso_controls",
    "known_ids",
    "soc2_category",
    "soc2_criteria",
]

CHECKED_FRAMEWORKS = ("iso27001", "soc2", "bio")
"""Frameworks whose ids must exist in the reference data; gdpr and ccm ids are free text."""

M = TypeVar("M", bound=BaseModel)


class ReferenceDataError(RuntimeError):
    """A reference file shipped with tenderkit is broken: a bug of ours, not of the user."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"tenderkit's framework reference data is broken:\n{lines}")


def _load(name: str, model: type[M]) -> M:
    display = f"tenderkit/frameworks/{name}"
    resource = resources.files(__name__).joinpath(name)
    with resources.as_file(resource) as path:
        data, problems = read_yaml(path, display)
    if problems:
        raise ReferenceDataError(problems)
    loaded, problems = validate(model, data, display)
    if loaded is None:
        raise ReferenceDataError(problems)
    return loaded


@cache
def soc2_criteria() -> dict[str, Soc2Criterion]:
    """The 61 SOC 2 Trust Services Criteria by id (`CC6.1`), in the published order."""
    return {c.id: c for c in _load("soc2.yaml", Soc2File).criteria}


@cache
def iso_controls() -> dict[str, IsoControl]:
    """The 93 ISO/IEC 27001:2022 Annex A controls by id (`"8.10"`), in the published order."""
    return {c.id: c for c in _load("iso27001.yaml", IsoFile).controls}


@cache
def bio_baseline() -> BioFile:
    """bio2.yaml: the BIO2 version followed, its supplier measures and every id it holds."""
    return _load("bio2.yaml", BioFile)


@cache
def bio_measures() -> dict[str, BioMeasure]:
    """The current BIO2 supplier measures, by id (`5.20.03`); each one's control exists.

    Withdrawn measures (5.21.01 in v1.3) are left out: nothing may rest on them."""
    measures = [m for m in bio_baseline().measures if m.status == "current"]
    controls = iso_controls()
    problems = [
        Problem(
            "tenderkit/frameworks/bio2.yaml",
            f"measures[{index}] ({m.id}).control",
            f"there is no Annex A control '{m.control}' in iso27001.yaml",
        )
        for index, m in enumerate(measures, start=1)
        if m.control not in controls
    ]
    if problems:
        raise ReferenceDataError(problems)
    return {m.id: m for m in measures}


@cache
def crosswalk() -> Crosswalk:
    """The SOC 2 <-> ISO 27001:2022 crosswalk; every id in it exists in both frameworks."""
    walk = _load("crosswalk.yaml", Crosswalk)
    criteria, controls = soc2_criteria(), iso_controls()
    file = "tenderkit/frameworks/crosswalk.yaml"
    problems: list[Problem] = []
    for index, pair in enumerate(walk.pairs, start=1):
        place = f"pairs[{index}]"
        if pair.soc2 not in criteria:
            message = f"there is no SOC 2 criterion '{pair.soc2}' in soc2.yaml"
            problems.append(Problem(file, f"{place}.soc2", message))
        if pair.iso27001 not in controls:
            message = f"there is no Annex A control '{pair.iso27001}' in iso27001.yaml"
            problems.append(Problem(file, f"{place}.iso27001", message))
    if problems:
        raise ReferenceDataError(problems)
    return walk


def soc2_category(criterion_id: str) -> str:
    """The Trust Services category of a criterion: `security` for CC*, `availability` for A*...

    An id that is well-formed but not a criterion (say `CC8.2` in a report's exception list) gets
    the category of its prefix; anything else raises KeyError. Use `known_ids` to check existence.
    """
    criterion = soc2_criteria().get(criterion_id)
    if criterion is not None:
        return criterion.category
    prefix = soc2_prefix(criterion_id)
    if prefix is None:
        raise KeyError(f"'{criterion_id}' is not a SOC 2 criterion")
    return SOC2_PREFIX_CATEGORY[prefix]


def known_ids(framework: Literal["iso27001", "soc2", "bio"] | str) -> frozenset[str]:
    """Every id tenderkit knows for a framework: "iso27001", "soc2" or "bio"."""
    if framework == "iso27001":
        return frozenset(iso_controls())
    if framework == "soc2":
        return frozenset(soc2_criteria())
    if framework == "bio":
        return frozenset(bio_measures())
    raise ValueError(f"no reference data for framework '{framework}'; known: iso27001, soc2, bio")


def check_controls(
    controls_by_framework: Mapping[str, Sequence[Any]], file: str, place: str
) -> list[Problem]:
    """One Problem per id that does not exist, for iso27001, soc2 and bio.

    gdpr and ccm ids (and any other framework key) are free text and not checked. The problem's
    place is `<place>.<framework>`, e.g. `requirements[3] (ENC-01).controls.iso27001`.
    """
    problems: list[Problem] = []
    for framework in CHECKED_FRAMEWORKS:
        known = known_ids(framework)
        where = f"{place}.{framework}" if place else framework
        for raw in controls_by_framework.get(framework) or ():
            control_id = str(getattr(raw, "source", raw)).strip()
            if control_id not in known and not _well_formed_bio(framework, control_id):
                problems.append(_unknown_problem(framework, control_id, file, where))
    return problems


def _well_formed_bio(framework: str, control_id: str) -> bool:
    """A current BIO2 measure of the version bio2.yaml follows, outside the supplier measures.

    The supplier measures (5.19-5.23) are listed with their gists; every other measure is known by
    its id only, so a valid reference such as 8.24.01 (or 8.5.01 for 8.05.01) is accepted, while a
    typo, a number the version does not hold or a withdrawn measure is refused.
    """
    if framework != "bio":
        return False
    baseline = bio_baseline()
    written = bio_id(control_id)
    return written in set(baseline.ids) and written not in baseline.withdrawn


def _unknown_problem(framework: str, control_id: str, file: str, where: str) -> Problem:
    """The problem of an unknown control id, in words and with "did you mean" where one is
    close (texts/validation.yaml)."""
    if framework == "iso27001":
        bare = control_id.removeprefix("A.").removeprefix("a.")
        if bare != control_id and bare in iso_controls():
            return Problem.of(file, where, "iso_control_prefix", id=control_id, bare=bare)
        if control_id.count(".") >= 2 or control_id.split(".")[0] in {"9", "10", "11", "12"}:
            return Problem.of(file, where, "iso_control_2013", id=control_id)
        suggestion = did_you_mean(control_id, iso_controls())
        return Problem.of(file, where, "iso_control", id=control_id, suggestion=suggestion)
    if framework == "soc2":
        upper = control_id.upper()
        if upper != control_id and upper in soc2_criteria():
            return Problem.of(file, where, "soc2_criterion_case", id=control_id, upper=upper)
        suggestion = did_you_mean(control_id, soc2_criteria())
        return Problem.of(file, where, "soc2_criterion", id=control_id, suggestion=suggestion)
    baseline = bio_baseline()
    if bio_id(control_id) in baseline.withdrawn:
        why = baseline.withdrawn[bio_id(control_id)]
        return Problem.of(
            file, where, "bio_withdrawn", id=control_id, version=baseline.version, why=why
        )
    first, last = next(iter(bio_measures())), list(bio_measures())[-1]
    return Problem.of(
        file,
        where,
        "bio_measure",
        id=control_id,
        version=baseline.version,
        first=first,
        last=last,
        suggestion=did_you_mean(control_id, baseline.ids),
    )
