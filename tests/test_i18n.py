"""Numbers for people round halves up, as the workbook's cells show them in Excel."""

from __future__ import annotations

import pytest

from tenderkit.i18n import fixed, money, number, percent


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        (lambda: fixed(49.225, "nl"), "49,23"),
        (lambda: fixed(49.2249, "nl"), "49,22"),
        (lambda: fixed(2.675, "en"), "2.68"),  # 2.675 as written, not its binary 2.67499...
        (lambda: number(1.25, "en", 1), "1.3"),
        (lambda: money(1234.565, "nl"), "€\xa01.234,57"),
        (lambda: percent(0.8255, "nl"), "82,6%"),
    ],
)
def test_halves_round_up(shown, expected):
    assert shown() == expected
