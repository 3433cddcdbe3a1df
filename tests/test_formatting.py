"""tenderkit.formatting: figures for people, and the only module that formats them with babel."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from tenderkit.formatting import date, fixed, money, number, percent, whole_money

SRC = Path(__file__).resolve().parents[1] / "src" / "tenderkit"


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        (lambda: fixed(49.225, "nl"), "49,23"),
        (lambda: fixed(49.2249, "nl"), "49,22"),
        (lambda: fixed(2.675, "en"), "2.68"),  # 2.675 as written, not its binary 2.67499...
        (lambda: number(1.25, "en", 1), "1.3"),
        (lambda: money(1234.565, "nl"), "€\xa01.234,57"),
        (lambda: percent(0.8255, "nl"), "82,6%"),
        (lambda: whole_money(618_000.5, "nl"), "€ 618.001"),
    ],
)
def test_halves_round_up(shown, expected):
    assert shown() == expected


def test_each_language_as_its_readers_write_it():
    day = dt.date(2026, 10, 5)
    assert date(day, "nl") == "5 oktober 2026"
    assert date(day, "en") == "5 October 2026"  # British order, not "October 5, 2026"
    assert number(1234.5, "nl") == "1.234,5" and number(1234.5, "en") == "1,234.5"
    assert whole_money(618_000, "en") == "€618,000"
    with pytest.raises(ValueError, match="de"):
        number(1, "de")


def _imports_babel(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "babel" for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "babel":
            return True
    return False


def test_babel_is_imported_only_by_the_formatting_module():
    users = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if _imports_babel(p))
    assert users == ["formatting.py"]
