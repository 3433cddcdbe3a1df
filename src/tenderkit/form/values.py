"""Cell values of a filled-in form: from what a person typed to what the bid format holds.

People fill the form in, so reading is tolerant where that is safe: spaces around values,
dropdown labels of either language in any case, decimal commas, dates typed as text, ja/nee and
yes/no. A value that cannot be read raises `BadValue`, a catalogue text of texts/validation.yaml
(so it is told in the tender's language, like every other problem); the reader names the sheet,
row and column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from tenderkit.errors import Both, Invalid
from tenderkit.form.labels import ALIASES, LABELS
from tenderkit.formats.messages import did_you_mean, shown

_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), ("y", "m", "d")),
)


class BadValue(Invalid):
    """A cell value that cannot be read: `BadValue("form_not_a_date", value=...)`, a text of
    texts/validation.yaml, so the reader tells it in the tender's language (`text(language)`)."""


def norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def choice_key(text: str) -> str:
    key = re.sub(r"[\s_\-()]+", "", str(text).casefold())
    return key.replace("typeii", "type2").replace("typei", "type1")


def choice_table(name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for code in LABELS["en"]["choices"][name]:
        table[choice_key(code)] = code
    for words in LABELS.values():
        for code, label in words["choices"][name].items():
            table[choice_key(label)] = code
    for alias, code in ALIASES.get(name, {}).items():
        table[choice_key(alias)] = code
    if name == "report_kind":
        table[choice_key("isae3000 type II")] = "isae3000_type2"
        table[choice_key("TPM")] = "isae3000_type2"
        table[choice_key("ISO 27001")] = "iso27001"
    return table


CHOICES = {name: choice_table(name) for name in LABELS["en"]["choices"]}


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    if isinstance(value, bool):
        raise BadValue("form_text_expected", value=Both.of("form_true" if value else "form_false"))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadValue("finite_number")
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def as_id(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        raise BadValue("form_id_as_number", value=shown(value))
    return as_text(value)


def as_number(value: Any) -> float | int:
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        raise BadValue("number_expected", value=shown(as_text(value)))
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise BadValue("finite_number")
        return value
    return parse_number(str(value))


def parse_number(text: str) -> float | int:
    """A number as people type it: `99,9`, `99.9`, `1.234.567,50`, `€ 412 000`, `99,9%`."""
    raw = text.strip()
    cleaned = (
        re.sub(r"(?i)^(eur|€)\s*|\s*(eur|€|%)$", "", raw).replace(" ", "").replace("\u00a0", "")
    )
    cleaned = cleaned.replace("'", "")
    if not re.fullmatch(r"[-+]?[\d.,]+", cleaned) or not re.search(r"\d", cleaned):
        raise BadValue("number_expected", value=shown(raw))
    sign = -1 if cleaned.startswith("-") else 1
    digits = cleaned.lstrip("+-")
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        decimal = "." if digits.rfind(".") > digits.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        if digits.count(decimal) > 1:
            raise BadValue("form_number_unclear", value=shown(raw))
        digits = digits.replace(thousands, "").replace(decimal, ".")
    elif dots > 1 or commas > 1:
        digits = digits.replace("." if dots else ",", "")
    elif dots or commas:
        separator = "." if dots else ","
        whole, _, fraction = digits.partition(separator)
        if len(fraction) == 3 and whole not in ("", "0"):
            raise BadValue("form_number_ambiguous", value=shown(raw))
        digits = digits.replace(",", ".")
    try:
        number = float(digits) * sign
    except ValueError:
        raise BadValue("number_expected", value=shown(raw)) from None
    return int(number) if number.is_integer() and "." not in digits else number


def as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # an Excel serial day number in a cell not formatted as date
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        raise BadValue("form_not_a_date", value=shown(value))
    text = str(value).strip()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, map(int, match.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    raise BadValue("form_not_a_date", value=shown(text))


def choice(name: str, language: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        text = as_text(value)
        code = CHOICES[name].get(choice_key(text))
        if code is None:  # the choices as the form's dropdown shows them, in its language
            options = list(LABELS[language]["choices"][name].values())
            raise BadValue(
                "not_one_of",
                value=shown(text),
                choices=", ".join(options),
                suggestion=did_you_mean(text, options),
            )
        return code

    return convert


def yes_no(language: str) -> Callable[[Any], bool]:
    def convert(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        return choice("yes_no", language)(value) == "yes"

    return convert


def split_list(value: Any, separators: str = r"[,;\n]") -> list[Any]:
    if not isinstance(value, str):
        return [value]
    return [part.strip() for part in re.split(separators, value) if part.strip()]


def as_ids(value: Any) -> list[str]:
    return [as_id(part) for part in split_list(value)]


def as_lines(value: Any) -> list[str]:
    return [as_text(part) for part in split_list(value, r"\n")]


def as_exceptions(value: Any) -> list[dict[str, str]]:
    found = []
    for number, line in enumerate(as_lines(value), start=1):
        control, colon, text = line.partition(":")
        if not colon or not control.strip() or not text.strip():
            raise BadValue("form_exception_line", number=number, written=shown(line))
        found.append({"control": control.strip(), "text": text.strip()})
    return found


def subservice(language: str) -> Callable[[Any], list[dict[str, Any]]]:
    method_of = choice("method", language)

    def convert(value: Any) -> list[dict[str, Any]]:
        found = []
        for number, line in enumerate(as_lines(value), start=1):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) < 2 or len(parts) > 4 or not parts[0]:
                raise BadValue("form_subservice_line", number=number, written=shown(line))
            parts += [""] * (4 - len(parts))
            try:
                method = method_of(parts[1])
            except BadValue as exc:
                raise BadValue("form_on_line", number=number, problem=exc) from None
            found.append(
                {
                    "name": parts[0],
                    "method": method,
                    "report": parts[2] or None,
                    "service": parts[3],
                }
            )
        return found

    return convert


def as_controls(value: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for number, line in enumerate(as_lines(value), start=1):
        framework, colon, ids = line.partition(":")
        framework = framework.strip().lower().replace(" ", "")
        if not colon or not framework:
            raise BadValue("form_controls_line", number=number, written=shown(line))
        found.setdefault(framework, []).extend(as_ids(ids))
    return found


def slug(text: str) -> str:
    """A code from the name a bidder gave an own fact: `Groene hosting` -> `groene_hosting`."""
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")[:60]


def guess(value: Any) -> Any:
    """An own fact without a stated type: a number, yes/no, or text."""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.date):
        return as_date(value)
    text = as_text(value)
    if choice_key(text) in CHOICES["yes_no"]:
        return CHOICES["yes_no"][choice_key(text)] == "yes"
    try:
        return parse_number(text)
    except BadValue:
        return text
