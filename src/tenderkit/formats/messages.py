"""Pydantic's validation errors, retold for a procurement officer.

Pydantic speaks of `literal_error` at `('answers', 'ENC-01', 'status')`; a user needs
`answers.ENC-01.status: 'ja' is not one of meets, partial, fails`. The place is found by walking
the raw data along pydantic's location, skipping the internal steps (union members) that are not
in the file, and naming list items by their `id` where they have one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tenderkit.errors import Problem

_MAX_SHOWN = 60
M = TypeVar("M", bound=BaseModel)


def shown(value: Any) -> str:
    """A short, quoted rendering of a value as the user wrote it."""
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "nothing"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return getattr(value, "source", None) or repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "a group of keys"
    if isinstance(value, list):
        return "a list"
    return f"'{_short(str(value))}'"


def _short(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def place_of(loc: tuple[Any, ...], data: Any, missing: bool = False) -> str:
    """Dotted key path of a pydantic location in the raw data: `requirements[3] (ENC-01).kind`."""
    parts: list[str] = []
    node = data
    for position, step in enumerate(loc):
        if isinstance(node, dict) and step in node:
            parts.append(_short(str(step)))
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            item = node[step]
            label = f"[{step + 1}]"
            if isinstance(item, dict) and isinstance(item.get("id"), str | int | float):
                label += f" ({_short(str(getattr(item['id'], 'source', item['id'])))})"
            if parts:
                parts[-1] += label
            else:
                parts.append(label)
            node = item
        elif missing and position == len(loc) - 1:
            parts.append(str(step))  # the key that is missing: name it
        elif isinstance(node, dict | list):
            continue  # an internal step of pydantic (a union member's tag): not in the file
        else:
            break
    return ".".join(parts)


def message_of(error: dict[str, Any]) -> str:
    """Plain-words message for one pydantic error."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known key here (check the spelling)"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"{shown(value)} is not one of {expected}"
    if kind == "union_tag_invalid":
        expected = str(ctx.get("expected_tags", "")).replace("'", "")
        return f"{shown(ctx.get('tag'))} is not one of {expected}"
    if kind == "union_tag_not_found":
        return f"needs the key '{ctx.get('discriminator', '').strip(chr(39))}'"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        whole = "whole " if kind.startswith("int") else ""
        return f"expected a {whole}number, got {shown(value)}"
    if kind in ("finite_number",):
        return "expected a finite number"
    if kind == "greater_than":
        return f"must be greater than {ctx.get('gt')}, got {shown(value)}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {shown(value)}"
    if kind == "less_than":
        return f"must be less than {ctx.get('lt')}, got {shown(value)}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}, got {shown(value)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{shown(value)} is not a date; write it as YYYY-MM-DD, e.g. 2026-10-15"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {shown(value)}"
    if kind in ("string_type",):
        return f"expected text, got {shown(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    if kind == "string_pattern_mismatch":
        return f"{shown(value)} does not have the expected form"
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"expected a list such as [a, b], got {shown(value)}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind in ("dict_type", "model_type", "model_attributes_type", "dataclass_type"):
        return f"expected a group of keys, got {shown(value)}"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error.get("msg", "")))
    if kind == "literal_error":
        return error.get("msg", "")
    return str(error.get("msg", "is not valid"))


def problems_from(exc: ValidationError, file: str, data: Any, prefix: str = "") -> list[Problem]:
    """Every error of a ValidationError as a Problem naming the file and the place."""
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        place = place_of(tuple(error["loc"]), data, missing=error["type"] == "missing")
        if prefix:
            place = f"{prefix}.{place}" if place else prefix
        problems.append(Problem(file, place, message_of(error)))
    return _dedupe(problems)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    unique = []
    for problem in problems:
        if problem not in seen:
            seen.add(problem)
            unique.append(problem)
    return unique


def validate(
    model: type[M], data: Any, file: str, prefix: str = ""
) -> tuple[M | None, list[Problem]]:
    """Validate raw data against a model; never raises for bad input."""
    if data is None:
        return None, [Problem(file, prefix, "is empty")]
    if not isinstance(data, dict):
        return None, [Problem(file, prefix, "expected a group of keys at the top level")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from(exc, file, data, prefix)
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        return None, [Problem(file, prefix, f"is not valid ({exc})")]
