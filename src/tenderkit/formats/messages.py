"""Pydantic's validation errors, retold for a procurement officer in Dutch or English.

Pydantic speaks of `literal_error` at `('answers', 'ENC-01', 'status')`; a user needs
`answers.ENC-01.status: 'ja' is not one of meets, partial, fails` (or, in Dutch, `'ja' is niet
een van ...`). The place is found by walking the raw data along pydantic's location, skipping the
internal steps (union members) that are not in the file, and naming list items by their `id`
where they have one. Each kind of error has a text in `texts/validation.yaml`; pydantic's own
English (`Field required`, `Input should be ...`) is never shown. Where the file is YAML, the
problem also carries the line it sits on.
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from tenderkit.errors import Both, Invalid, Problem, catalogue_text

_MAX_SHOWN = 60
M = TypeVar("M", bound=BaseModel)


def shown(value: Any) -> Both:
    """A short, quoted rendering of a value as the user wrote it, in both languages."""
    if isinstance(value, bool):
        return _same(str(value).lower())
    if value is None:
        return _words("value_nothing")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _same(getattr(value, "source", None) or repr(value))
    if isinstance(value, dt.date):
        return _same(value.isoformat())
    if isinstance(value, dict):
        return _words("value_group")
    if isinstance(value, list):
        return _words("value_list")
    return _same(f"'{_short(str(value))}'")


def _same(text: str) -> Both:
    return Both(text, text)


def _words(key: str) -> Both:
    return Both(catalogue_text(key, "nl", {}), catalogue_text(key, "en", {}))


def _short(text: str) -> str:
    text = " ".join(text.split())  # one line: a line break in a value would break the list
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def did_you_mean(word: Any, known: Iterable[Any], cutoff: float = 0.6) -> str:
    """The known word closest to a misspelt one (`ACC-1` -> `ACC-01`), or "" when none is close.

    Compared apart from case and accents, so `acc-01` finds `ACC-01` and `Belgie` `België`;
    the suggestion is spelt as it is known.
    """
    candidates = {_plain(str(k)): str(k) for k in known}
    found = difflib.get_close_matches(_plain(str(word)), list(candidates), n=1, cutoff=cutoff)
    return candidates[found[0]] if found else ""


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _walk(loc: tuple[Any, ...], data: Any, missing: bool) -> tuple[str, tuple[Any, ...]]:
    """(dotted place, the steps of `loc` that are in the file) of a pydantic location."""
    parts: list[str] = []
    path: list[Any] = []
    node = data
    for position, step in enumerate(loc):
        if isinstance(node, dict) and step in node:
            parts.append(_short(str(step)))
            path.append(step)
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
            path.append(step)
            node = item
        elif missing and position == len(loc) - 1:
            parts.append(str(step))  # the key that is missing: name it
        elif isinstance(node, dict | list):
            continue  # an internal step of pydantic (a union member's tag): not in the file
        else:
            break
    return ".".join(parts), tuple(path)


def place_of(loc: tuple[Any, ...], data: Any, missing: bool = False) -> str:
    """Dotted key path of a pydantic location in the raw data: `requirements[3] (ENC-01).kind`."""
    return _walk(loc, data, missing)[0]


# --- the keys a model knows, for "did you mean" -----------------------------------------------


def _members(annotation: Any) -> list[Any]:
    """The types an annotation may take, with Annotated and unions (Optional) unwrapped."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _members(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [member for arg in get_args(annotation) for member in _members(arg)]
    return [annotation]


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _field_names(model: type[BaseModel]) -> dict[str, Any]:
    names: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        names[info.alias or name] = info.annotation
        names.setdefault(name, info.annotation)
    return names


def _tags(model: type[BaseModel]) -> set[Any]:
    """The values of a model's Literal fields: a tagged union's step names its member by one."""
    return {
        value
        for info in model.model_fields.values()
        for member in _members(info.annotation)
        if get_origin(member) is Literal
        for value in get_args(member)
    }


def _step(annotation: Any, step: Any) -> list[Any]:
    found: list[Any] = []
    for kind in _members(annotation):
        if _is_model(kind):
            fields = _field_names(kind)
            if step in fields:
                found.append(fields[step])
            elif step in _tags(kind):
                found.append(kind)
            continue
        origin, args = get_origin(kind), get_args(kind)
        if origin in (list, tuple, set, frozenset, Sequence) and args and isinstance(step, int):
            found.append(args[0])
        elif origin in (dict, Mapping) and len(args) == 2:
            found.append(args[1])
    return found


def known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> set[str]:
    """The keys the model takes at the place of `loc`'s last step (best effort over unions)."""
    kinds: list[Any] = [model]
    for step in loc[:-1]:
        kinds = [found for kind in kinds for found in _step(kind, step)]
    return {
        name
        for kind in kinds
        for member in _members(kind)
        if _is_model(member)
        for name in _field_names(member)
    }


# --- one pydantic error in words ------------------------------------------------------------


def _choices(text: Any) -> str:
    return str(text or "").replace("'", "").replace(" or ", ", ")


def _suggested(key: str, value: Any, choices: str) -> tuple[str, dict[str, Any]]:
    suggestion = did_you_mean(value, [c.strip() for c in choices.split(",")]) if value else ""
    if suggestion:
        return key + "_suggest", {"suggestion": suggestion}
    return key, {}


_NUMBER = ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float")
_LIMITS = {
    "greater_than": ("gt", "greater_than"),
    "greater_than_equal": ("ge", "at_least"),
    "less_than": ("lt", "less_than"),
    "less_than_equal": ("le", "at_most"),
}


def text_of(error: Mapping[str, Any], model: type[BaseModel] | None = None) -> tuple[str, dict]:
    """The catalogue key and values telling one pydantic error (texts/validation.yaml)."""
    kind = str(error["type"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    loc = tuple(error.get("loc") or ())
    if kind == "missing":
        return "missing", {}
    if kind == "extra_forbidden":
        known = known_keys(model, loc) if model is not None and loc else set()
        suggestion = did_you_mean(loc[-1], known) if known else ""
        if suggestion:
            return "unknown_key_suggest", {"suggestion": suggestion}
        return "unknown_key", {}
    if kind in ("literal_error", "enum"):
        choices = _choices(ctx.get("expected"))
        key, more = _suggested("not_one_of", value if isinstance(value, str) else "", choices)
        return key, {"value": shown(value), "choices": choices, **more}
    if kind == "union_tag_invalid":
        choices = _choices(ctx.get("expected_tags"))
        tag = ctx.get("tag")
        key, more = _suggested("not_one_of", tag if isinstance(tag, str) else "", choices)
        return key, {"value": shown(tag), "choices": choices, **more}
    if kind == "union_tag_not_found":
        return "needs_key", {"key": str(ctx.get("discriminator", "")).strip("'")}
    if kind in _NUMBER:
        whole = kind.startswith("int")
        return ("whole_number_expected" if whole else "number_expected"), {"value": shown(value)}
    if kind == "finite_number":
        return "finite_number", {}
    if kind in _LIMITS:
        name, key = _LIMITS[kind]
        return key, {"limit": ctx.get(name), "value": shown(value)}
    if kind.startswith("date") or kind.startswith("datetime") or kind.startswith("time"):
        return "not_a_date", {"value": shown(value)}
    if kind in ("bool_parsing", "bool_type"):
        return "bool_expected", {"value": shown(value)}
    if kind in ("string_type", "string_sub_type", "string_unicode"):
        return "text_expected", {"value": shown(value)}
    if kind == "string_too_short":
        return "empty", {}
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return "too_long_text", {"limit": ctx.get("max_length")}
    if kind == "too_long":
        return "too_many_items", {"limit": ctx.get("max_length")}
    if kind == "string_pattern_mismatch":
        return "pattern", {"value": shown(value)}
    if kind in ("list_type", "tuple_type", "set_type", "frozen_set_type", "iterable_type"):
        return "list_expected", {"value": shown(value)}
    if kind == "too_short":
        return "too_few_items", {"limit": ctx.get("min_length")}
    if kind in ("dict_type", "model_type", "model_attributes_type", "dataclass_type"):
        return "group_expected", {"value": shown(value)}
    if kind in ("value_error", "assertion_error"):
        cause = ctx.get("error")
        if isinstance(cause, Invalid):
            return cause.key, dict(cause.values)
        return "untold", {"detail": str(cause or "")}  # a check that has no text of its own
    return "not_valid", {}


def message_of(error: Mapping[str, Any]) -> str:
    """Plain-words message for one pydantic error, in English (see `text_of` for both)."""
    key, values = text_of(error)
    return catalogue_text(key, "en", values)


def problems_from(
    exc: ValidationError,
    file: str,
    data: Any,
    prefix: str = "",
    model: type[BaseModel] | None = None,
    lines: Callable[[], Mapping[tuple[Any, ...], int]] | None = None,
) -> list[Problem]:
    """Every error of a ValidationError as a Problem naming the file, the place and the line.

    `lines` gives the line of each key path of the file (read only when there are problems).
    """
    problems: list[Problem] = []
    positions = lines() if lines is not None else {}
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        place, path = _walk(loc, data, missing=error["type"] == "missing")
        if prefix:
            place = f"{prefix}.{place}" if place else prefix
        key, values = text_of(error, model)
        line = next(
            (positions[path[:n]] for n in range(len(path), 0, -1) if path[:n] in positions), None
        )
        problems.append(Problem.of(file, place, key, line=line, **values))
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
    model: type[M], data: Any, file: str, prefix: str = "", source: Path | None = None
) -> tuple[M | None, list[Problem]]:
    """Validate raw data against a model; never raises for bad input.

    `source`, the YAML file the data was read from, lets each problem name its line.
    """
    if data is None:
        return None, [Problem.of(file, prefix, "empty_file")]
    if not isinstance(data, dict):
        return None, [Problem.of(file, prefix, "top_not_group")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        lines = None
        if source is not None:
            from tenderkit.formats.yamlio import yaml_lines

            lines = lambda: yaml_lines(source)  # noqa: E731
        return None, problems_from(exc, file, data, prefix, model, lines)
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        return None, [Problem.of(file, prefix, "not_valid_because", detail=str(exc))]
