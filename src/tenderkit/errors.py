"""Problems found in user input, reported all at once and in plain words.

A procurement officer fixes a tender file by file; a traceback or only the first problem wastes
their time. So every check collects `Problem`s (file, place, what is wrong) and the loader raises
one `InvalidInput` carrying all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input: where it is and what is wrong, in plain words."""

    file: str
    place: str
    message: str

    def __str__(self) -> str:
        if self.place:
            return f"{self.file}: {self.place}: {self.message}"
        return f"{self.file}: {self.message}"


class TenderkitError(Exception):
    """Base of every error tenderkit raises on purpose (never a bug)."""


class InvalidInput(TenderkitError):
    """The input is invalid; `problems` lists every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(set(problems), key=_problem_order)
        super().__init__(self.describe())

    def describe(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

    def __reduce__(self):  # keep the problems when pickled across processes (batch, dask)
        return (InvalidInput, (self.problems,))


def _problem_order(problem: Problem) -> tuple[str, str, str]:
    return (problem.file, problem.place, problem.message)


class LockMismatch(InvalidInput):
    """The published lock no longer matches the requirement set and scoring model."""
