"""Turn the reviewer's answers to intake's `confirm` list into a complete, signed-off entry.

Pure: the workshop (or any other front end) collects one text answer per open field; this module
parses each the way the bid format needs it (dates, a period, yes/no, lists, YAML for the nested
fields), validates the whole entry, and records who confirmed what and when in
`source.confirmed`. Every problem is returned at once, in words the reviewer understands.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tenderkit.errors import Invalid, Problem
from tenderkit.formats.bid import AssuranceReport
from tenderkit.formats.messages import validate
from tenderkit.formats.yamlio import parse_yaml
from tenderkit.intake.dates import find_periods, parse_date
from tenderkit.intake.report import FIELD_ORDER

DATE_FIELDS = frozenset({"issued", "as_of", "valid_until", "last_audit", "bridge_letter_until"})
YES_NO_FIELDS = frozenset({"management_assertion", "covers_offered_service"})
LIST_FIELDS = frozenset({"categories", "criteria", "excluded_controls"})
YAML_FIELDS = frozenset({"subservice", "exceptions"})
_YES = {"yes", "ja", "true", "y", "j"}
_NO = {"no", "nee", "false", "n"}


def parse_answer(name: str, text: str) -> tuple[Any, Invalid | None]:
    """(value, None) or (None, what is wrong) for the reviewer's answer to field `name`; what is
    wrong is a catalogue text, told in the reviewer's language (`Invalid.text`)."""
    text = text.strip()
    if name in DATE_FIELDS:
        date = parse_date(text)
        return (date, None) if date else (None, Invalid("intake_answer_date", text=text))
    if name == "period":
        periods = list(find_periods(text))
        if len(periods) != 1:
            return None, Invalid("intake_answer_period", text=text)
        return {"start": periods[0].start, "end": periods[0].end}, None
    if name in YES_NO_FIELDS:
        if text.lower() in _YES | _NO:
            return text.lower() in _YES, None
        return None, Invalid("intake_answer_yes_no", text=text)
    if name in LIST_FIELDS:
        return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()], None
    if name == "cuecs":
        return [line.strip(" -•") for line in text.splitlines() if line.strip(" -•")], None
    if name.startswith("scope."):
        return [
            part.strip() for part in text.split(";" if ";" in text else ",") if part.strip()
        ], None
    if name in YAML_FIELDS:
        try:
            value = parse_yaml(text) if text else []
        except Exception:  # any YAML error is a typo of the reviewer
            return None, Invalid("intake_answer_yaml")
        return value, None
    return text, None


def confirmed_entry(
    entry: dict[str, Any],
    answers: dict[str, str],
    reviewer: str,
    at: dt.datetime,
    file: str = "intake",
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """`entry` (intake's, with its source) plus the reviewer's answers, or every problem."""
    entry = dict(entry)
    problems: list[Problem] = []
    if not reviewer.strip():
        problems.append(Problem.of(file, "", "intake_confirm_reviewer"))
    confirmed = []
    for name, text in answers.items():
        if not text.strip():
            continue  # left open: the entry must still be valid without it
        value, wrong = parse_answer(name, text)
        if wrong:
            problems.append(Problem.of(file, name, wrong.key, **wrong.values))
            continue
        if name.startswith("scope."):
            scope = dict(entry.get("scope") or {})
            scope[name.split(".", 1)[1]] = value
            entry["scope"] = scope
        else:
            entry[name] = value
        confirmed.append(name)
    source = dict(entry.get("source") or {})
    source["confirmed"] = {"by": reviewer.strip(), "at": at, "fields": confirmed}
    entry["source"] = source
    if problems:
        return None, problems
    _, found = validate(AssuranceReport, entry, file)
    if found:
        return None, found
    order = ["id", *FIELD_ORDER, "covers_offered_service", "source"]
    return {
        k: entry[k] for k in sorted(entry, key=lambda k: order.index(k) if k in order else 99)
    }, []
