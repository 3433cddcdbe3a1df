"""The assurance review's rules, thresholds and texts: one YAML file, one validating model.

Why a data file: the thresholds (six months, twelve months, three months, the ISO 2013 end date)
and the flag texts are policy a reviewer may want to read or argue about, not code. Keeping them
in `rules.yaml` gives them one place; this module checks that file strictly when it is first read
(every flag code of FORMATS.md present exactly once, every template using only the placeholders
the code fills, the same ones in Dutch and English) and caches it, so a review does no I/O.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, model_validator

from tenderkit.errors import Problem
from tenderkit.formats.bid import Category
from tenderkit.formats.messages import validate
from tenderkit.formats.types import Id, Localized, Strict
from tenderkit.formats.yamlio import read_yaml

__all__ = [
    "FLAG_CODES",
    "FlagCode",
    "FlagRule",
    "Language",
    "Placeholder",
    "Rules",
    "RulesError",
    "Severity",
    "Thresholds",
    "Verdict",
    "rules",
]

FlagCode = Literal[
    "type1_only",
    "period_too_short",
    "stale",
    "bridge_gap",
    "opinion_qualified",
    "opinion_adverse",
    "opinion_disclaimer",
    "no_management_assertion",
    "scope_mismatch",
    "category_missing",
    "carve_out_unreported",
    "exception",
    "cert_expired",
    "cert_not_accredited",
    "iso_2013_withdrawn",
    "control_excluded",
    "soc3_summary_only",
    "isae3402_financial_scope",
    "cuecs",
]
"""The assurance flag codes of FORMATS.md, in its order. rules.yaml must define exactly these."""

FLAG_CODES: tuple[str, ...] = get_args(FlagCode)

Severity = Literal["reject", "limit", "coverage", "info"]
"""What a flag does: `reject` the report counts for nothing; `limit` it can give at most
`assured_with_exceptions`; `coverage` only the requirements relying on the flag's control are
lowered; `info` nothing is lowered, but someone has to act."""

Verdict = Literal["accepted", "limited", "rejected"]
Language = Literal["nl", "en"]

Placeholder = Literal[
    "bridge",
    "category",
    "closing",
    "control",
    "count",
    "date",
    "end",
    "months",
    "name",
    "own_report",
    "report",
    "requirements",
    "service",
    "services",
    "start",
    "text",
]
"""Every name a template may use; the review fills them (dates already written out)."""


def fields_of(template: str) -> set[str]:
    """The placeholder names a `str.format` template uses, e.g. {"control", "text"}."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _check_template(text: Localized, allowed: Sequence[str], what: str) -> None:
    nl, en = fields_of(text.nl), fields_of(text.en)
    unknown = sorted((nl | en) - set(allowed))
    if unknown:
        raise ValueError(f"{what} uses {', '.join(unknown)}, not among {', '.join(allowed)}")
    if nl != en:
        raise ValueError(
            f"{what}: nl uses {sorted(nl)} but en uses {sorted(en)}; both must say the same"
        )


class Thresholds(Strict):
    """The numbers of the review; months are calendar months (see tenderkit.assurance.months)."""

    min_period_months: Annotated[int, Field(ge=1, le=24)]
    stale_months: Annotated[int, Field(ge=1, le=60)]
    bridge_max_months: Annotated[int, Field(ge=0, le=24)]
    iso2013_last_valid: dt.date


class FlagRule(Strict):
    """One flag code: how heavy it is and what it tells a procurement officer."""

    severity: Severity
    placeholders: list[Placeholder] = Field(default_factory=list)
    message: Localized
    variants: dict[Id, Localized] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _templates_fit(self) -> FlagRule:
        _check_template(self.message, self.placeholders, "message")
        for name, text in self.variants.items():
            _check_template(text, self.placeholders, f"variant '{name}'")
        return self

    def text(self, language: str, variant: str | None = None) -> str:
        """The template in a language; a variant when asked for (it must exist)."""
        chosen = self.message if variant is None else self.variants[variant]
        return chosen.get(language)


class ObligationTexts(Strict):
    """Templates of the obligations tenderkit writes for a carved-out subservice organisation."""

    carve_out_missing: Localized
    carve_out_present: Localized

    @model_validator(mode="after")
    def _templates_fit(self) -> ObligationTexts:
        _check_template(self.carve_out_missing, ["name", "service", "report"], "carve_out_missing")
        _check_template(
            self.carve_out_present,
            ["name", "service", "report", "own_report"],
            "carve_out_present",
        )
        return self


class Rules(Strict):
    """rules.yaml"""

    tenderkit: Literal[1]
    thresholds: Thresholds
    flags: dict[FlagCode, FlagRule]
    categories: dict[Category, Localized]
    obligations: ObligationTexts
    not_stated: Localized

    @model_validator(mode="after")
    def _complete(self) -> Rules:
        missing = [code for code in FLAG_CODES if code not in self.flags]
        if missing:
            raise ValueError(f"flags without a rule: {', '.join(missing)}")
        categories = [c for c in get_args(Category) if c not in self.categories]
        if categories:
            raise ValueError(f"categories without a name: {', '.join(categories)}")
        return self

    def severity(self, code: str) -> Severity:
        return self.flags[code].severity  # type: ignore[index]


class RulesError(RuntimeError):
    """rules.yaml, shipped with tenderkit, is broken: a bug of ours, not of the user."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"tenderkit's assurance rules are broken:\n{lines}")


def load_rules(data: Any, display: str = "tenderkit/assurance/rules.yaml") -> Rules:
    """Validate raw rules data (as read from YAML); raises RulesError naming every problem."""
    loaded, problems = validate(Rules, data, display)
    if loaded is None:
        raise RulesError(problems)
    return loaded


@cache
def rules() -> Rules:
    """The rules shipped in rules.yaml, read once (importlib.resources: works from a wheel too)."""
    display = "tenderkit/assurance/rules.yaml"
    resource = resources.files(__package__ or "tenderkit.assurance").joinpath("rules.yaml")
    with resources.as_file(resource) as path:
        data, problems = read_yaml(path, display)
    if problems:
        raise RulesError(problems)
    return load_rules(data, display)
