"""result.json's text: sorted keys, two-space indents, floats rounded, in one fast walk.

Why: `json.dumps(..., indent=2)` cannot use CPython's C encoder (it only writes without
indents), so its pure-Python generators ran for most of `tenderkit evaluate` on a large tender
(a result.json of 139 MB for 50 bids x 2000 requirements with a panel of 7), after a second walk
that rounded every float. `json_text` does both in one loop with the C string escaper and writes
exactly the bytes of `json.dumps(rounded(data), sort_keys=True, indent=2, ensure_ascii=False)`
(tests/formats/test_json_text.py holds it to that), so result.json stays byte-stable.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring
from typing import Any

__all__ = ["Written", "json_text", "number_text", "rounded"]


class Written(str):
    """A value's JSON text already written (by a writer that knows its shape, such as result.json's
    panel lines), at the indent of the place it goes: `json_text` puts it in as it is."""

    __slots__ = ()


def number_text(value: float, digits: int) -> str:
    """A float as `json.dumps(rounded(value, digits))` writes it: rounded, -0.0 as 0.0, NaN and
    the infinities as null."""
    if not math.isfinite(value):
        return "null"
    result = round(value, digits)
    return "0.0" if result == 0 else float.__repr__(result)


def rounded(value: Any, digits: int) -> Any:
    """The data with every float rounded to `digits` (-0.0 as 0.0, NaN and infinities as None),
    for stable bytes whatever the last bit of a computation was."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        result = round(value, digits)
        return 0.0 if result == 0 else result
    if isinstance(value, dict):
        return {k: rounded(v, digits) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v, digits) for v in value]
    return value


def json_text(data: Any, digits: int) -> str:
    """`json.dumps(rounded(data, digits), sort_keys=True, indent=2, ensure_ascii=False)`, fast.

    Plain JSON data (dicts, lists, str, int, float, bool, None, as `model_dump(mode="json")`
    gives) takes the fast loop; a `Written` value is put in as it is; anything else (a tuple,
    a subclass, a key that is not text) is written by `json.dumps` itself, so the text is the
    same either way.
    """
    parts: list[str] = []
    append = parts.append
    text = encode_basestring

    def number(value: float) -> str:
        if not math.isfinite(value):
            return "null"
        result = round(value, digits)
        return "0.0" if result == 0 else float.__repr__(result)

    def members(value: dict[Any, Any], indent: str) -> None:
        """A dict's members, sorted by key; TypeError (from the sort or the key's escaping) for
        a key that is not text, so `write` gives the dict to json.dumps instead."""
        inner = indent + "  "
        between = ",\n" + inner
        append("{\n" + inner)
        first = True
        for key, item in sorted(value.items()):  # keys differ: the values are never compared
            head = text(key) + ": "
            if first:
                first = False
            else:
                append(between)
            of = type(item)
            if of is str:
                append(head + text(item))
            elif of is float:
                append(head + number(item))
            elif of is int:
                append(head + int.__repr__(item))
            elif item is None:
                append(head + "null")
            elif item is True:
                append(head + "true")
            elif item is False:
                append(head + "false")
            else:
                append(head)
                write(item, inner)
        append("\n" + indent + "}")

    def write(value: Any, indent: str) -> None:
        kind = type(value)
        if kind is dict:
            if not value:
                append("{}")
                return
            mark = len(parts)
            try:
                members(value, indent)
            except TypeError:  # a key that is not text (or a value json.dumps refuses too)
                del parts[mark:]
                append(_slow(value, digits, indent))
        elif kind is list:
            if not value:
                append("[]")
                return
            inner = indent + "  "
            between = ",\n" + inner
            append("[\n" + inner)
            first = True
            for item in value:
                if first:
                    first = False
                else:
                    append(between)
                of = type(item)
                if of is str:
                    append(text(item))
                elif of is float:
                    append(number(item))
                elif of is int:
                    append(int.__repr__(item))
                else:
                    write(item, inner)
            append("\n" + indent + "]")
        elif kind is str:
            append(text(value))
        elif kind is float:
            append(number(value))
        elif value is None:
            append("null")
        elif value is True:
            append("true")
        elif value is False:
            append("false")
        elif kind is int:
            append(int.__repr__(value))
        elif kind is Written:
            append(value)
        else:
            append(_slow(value, digits, indent))

    write(data, "")
    return "".join(parts)


def _slow(value: Any, digits: int, indent: str) -> str:
    """What `json.dumps` writes for a value the fast loop does not take, at this indent."""
    written = json.dumps(rounded(value, digits), sort_keys=True, indent=2, ensure_ascii=False)
    return written.replace("\n", "\n" + indent)
