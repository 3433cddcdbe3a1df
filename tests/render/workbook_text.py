"""The visible text of a written workbook, as a reader sees it, for the language checks.

A cell's text counts unless it is a code beside its label (small grey type, for the expert who
looks it up) or a text the tender itself supplies (titles, names, the bids' own answers, the
panel's rationales): those are the buyer's and bidders' words, in whatever language they wrote.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl

SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
ENGLISH_IN_DUTCH = re.compile(
    r"\b(accepted|limited|rejected|invalid|valid|quality|price|lot|meets|partial|fails|partly|"
    r"yes|no|none|bid|bidder|winner|buyer|supplier|scored|mandatory|requirement|weight|total|"
    r"rank|warning|flag|true|false|median|mean|criterion|verdict|recalculate|answer)\b",
    re.IGNORECASE,
)
DUTCH_IN_ENGLISH = re.compile(
    r"\b(aanvaard|beperkt|verworpen|ongeldig|geldig|kwaliteit|prijs|loting|voldoet|ja|nee|"
    r"geen|inschrijving|inschrijver|winnaar|opdrachtgever|leverancier|wens|eis|gewicht|totaal|"
    r"rang|mediaan|gemiddelde|criterium|oordeel|antwoord|gedeeltelijk|herberekenen)\b",
    re.IGNORECASE,
)


def source_texts(value: Any) -> set[str]:
    """Every text inside a tender (a pydantic model, or plain data)."""
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    found: set[str] = set()
    if isinstance(value, str):
        found.add(value.strip())
    elif isinstance(value, dict):
        for key, item in value.items():
            found |= source_texts(item) | {str(key)}
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):  # Result.panel too
        for item in value:
            found |= source_texts(item)
    return found


def is_code(cell: Any) -> bool:
    return bool(cell.font and cell.font.sz and float(cell.font.sz) <= 8)


IDS = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b")
"""Ids of requirements, risks, measures (`R-NO-PROOF`): names, not words."""


def visible_texts(path: Path, tender_texts: set[str]) -> Iterator[tuple[str, str]]:
    """(place, text) of every cell text the workbook itself words, the tender's own words cut."""
    sources = sorted((t for t in tender_texts if len(t) > 2), key=len, reverse=True)
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        yield sheet.title, sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or is_code(cell):
                    continue
                text = cell.value.strip()
                if text in tender_texts:
                    continue
                for source in sources:
                    if source in text:
                        text = text.replace(source, " ")
                text = IDS.sub(" ", text)
                if text.strip(" ,;:.()-/>"):
                    yield f"{sheet.title}!{cell.coordinate}", text


def language_problems(path: Path, tender_texts: set[str], language: str) -> list[str]:
    wrong = ENGLISH_IN_DUTCH if language == "nl" else DUTCH_IN_ENGLISH
    problems = []
    for place, text in visible_texts(path, tender_texts):
        for pattern, what in ((SNAKE, "code"), (wrong, "other language")):
            found = pattern.search(text)
            if found:
                problems.append(f"{place}: {what} {found.group(0)!r} in {text!r}")
    return problems
