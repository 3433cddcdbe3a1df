"""Problems found in user input, reported all at once and in plain words, in Dutch or English.

A procurement officer fixes a tender file by file; a traceback or only the first problem wastes
their time. So every check collects `Problem`s (file, place, what is wrong) and the loader raises
one `InvalidInput` carrying all of them.

A problem is written once, as a key of the catalogue `texts/validation.yaml` with its values
(`Problem.of`), and told in the tender's language when it is shown (`Problem.text`). `message`
keeps the English text, for logs and for code that reads problems. A problem built from a plain
string (`Problem(file, place, "...")`) still works and shows that string in either language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

CATALOGUE = "validation"


@dataclass(frozen=True)
class Both:
    """A value already put in words in both languages (`'ja'`, `nothing`/`niets`, a list)."""

    nl: str
    en: str

    def __str__(self) -> str:
        return self.en

    @classmethod
    def of(cls, key: str, /, **values: Any) -> Both:
        """The catalogue text `key` in both languages, e.g. a part of a place or a list."""
        return cls(catalogue_text(key, "nl", values), catalogue_text(key, "en", values))


def _in(value: Any, language: str) -> Any:
    return (value.en if language == "en" else value.nl) if isinstance(value, Both) else value


def catalogue_text(key: str, language: str, values: Mapping[str, Any]) -> str:
    """The text `key` of texts/validation.yaml in `language`, its placeholders filled in."""
    from tenderkit.i18n import text  # i18n reads YAML through formats.yamlio, which needs us

    return text(CATALOGUE, key, language, **{n: _in(v, language) for n, v in values.items()})


def _hashable(value: Any) -> Any:
    if isinstance(value, Invalid):  # a refusal told inside another text: in both languages
        return Both(value.text("nl"), value.text("en"))
    if isinstance(value, list | tuple | set | frozenset):
        items = [_hashable(v) for v in value]
        if any(isinstance(v, Both) for v in items):  # phrases such as "'a' and 'b'": by ";"
            return Both(*("; ".join(str(_in(v, lang)) for v in items) for lang in ("nl", "en")))
        return ", ".join(str(v) for v in items)
    if isinstance(value, Both | str | int | float | bool) or value is None:
        return value
    return str(value)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is and what is wrong, in plain words.

    `line` is the line of the file the problem sits on, where it is known (YAML files);
    `key` and `values` the catalogue text that tells it in both languages.
    """

    file: str
    place: str
    message: str
    key: str = ""
    values: tuple[tuple[str, Any], ...] = ()
    line: int | None = None

    @classmethod
    def of(
        cls, file: str, place: str, key: str, /, *, line: int | None = None, **values: Any
    ) -> Problem:
        """A problem told by the catalogue text `key` (texts/validation.yaml) with `values`."""
        key, values = _suggesting(key, values)
        pairs = tuple((name, _hashable(value)) for name, value in values.items())
        return cls(file, place, catalogue_text(key, "en", dict(pairs)), key, pairs, line)

    def text(self, language: str = "en") -> str:
        """What is wrong, in `language` (nl or en)."""
        if not self.key:
            return self.message
        return catalogue_text(self.key, language, dict(self.values))

    def where(self, language: str = "en") -> str:
        """The place in words: `regel 12, requirements[3] (ENC-01).kind`, `rij 3, kolom score`."""
        place = place_in_words(self.place, language)
        if self.line is not None:
            line = catalogue_text("place_line", language, {"line": self.line})
            place = f"{line}, {place}" if place else line
        return place

    def describe(self, language: str = "en") -> str:
        """`file: place: what is wrong`, with supplier text made harmless for a terminal."""
        parts = [self.file, self.where(language), self.text(language)]
        return printable(": ".join(part for part in parts if part))

    def __str__(self) -> str:
        """`file: place: message` in English, without the line (the form code and logs read)."""
        return ": ".join(part for part in (self.file, self.place, self.message) if part)

    def __lt__(self, other: Problem) -> bool:
        return problem_order(self) < problem_order(other)


_PLACE_WORDS = re.compile(r"\b(line|row|column|sheet) (?=\S)")


def place_in_words(place: str, language: str) -> str:
    """The words of a place (`line`, `row`, `column`, a form's `sheet`) in `language`; keys and
    names (a sheet's, a column's header) stay as written."""
    if language == "en" or not place:
        return place
    return _PLACE_WORDS.sub(
        lambda m: catalogue_text(f"place_{m[1]}_word", language, {}) + " ", place
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_CONTROL_BUT_LINES = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]"
)


def printable(text: str, *, lines: bool = False) -> str:
    r"""Text safe to print on a terminal: every control character (an escape sequence `\x1b[31m`
    that would recolour or clear the screen, a `\r` that would overwrite the line, a direction
    override that would reorder it) is shown as its code, e.g. `\x1b`.

    The one function for all supplier text that reaches the command line: a problem is one
    line, so its line breaks are escaped too; `lines=True` keeps the line breaks and tabs of a
    text that has several lines of its own (a list of problems, a YAML document).
    """
    return (_CONTROL_BUT_LINES if lines else _CONTROL).sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def problem_order(problem: Problem) -> tuple[Any, ...]:
    """By file, then by the line or row as a number (2 before 18), then by place and text."""
    number = problem.line
    if number is None:
        found = re.match(r"(?:line|row) (\d+)", problem.place)
        number = int(found[1]) if found else -1
    return (problem.file, number, problem.place, problem.message)


def _suggesting(key: str, values: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """`key_suggest` (the same text with "did you mean ...?") when there is a suggestion."""
    if values.get("suggestion"):
        return (key if key.endswith("_suggest") else key + "_suggest"), values
    return key, {name: value for name, value in values.items() if name != "suggestion"}


class TenderkitError(Exception):
    """Base of every error tenderkit raises on purpose (never a bug)."""


class Invalid(ValueError):
    """A validator's refusal told by a catalogue text, so pydantic's `value_error` can be shown
    in the tender's language: `raise Invalid("period_backwards", start=..., end=...)`."""

    def __init__(self, key: str, /, **values: Any):
        self.key, values = _suggesting(key, values)
        self.values = {name: _hashable(value) for name, value in values.items()}
        super().__init__(catalogue_text(self.key, "en", self.values))  # with its suggestion

    def text(self, language: str) -> str:
        return catalogue_text(self.key, language, self.values)

    def __reduce__(self):  # pickled (a worker process): rebuilt from its key, not its text
        return (_invalid, (type(self), self.key, tuple(self.values.items())))


def _invalid(kind: type[Invalid], key: str, values: tuple[tuple[str, Any], ...]) -> Invalid:
    told = kind.__new__(kind)
    Invalid.__init__(told, key, **dict(values))
    return told


def told(exc: BaseException, language: str) -> str:
    """What an error says to a person in `language`: a refusal told by a catalogue text
    (`Invalid` and the errors built on it, such as the panel store's) in that language, any
    other error by its own text."""
    return exc.text(language) if isinstance(exc, Invalid) else str(exc)


class InvalidInput(TenderkitError):
    """The input is invalid; `problems` lists every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem], language: str = "en"):
        self.problems: list[Problem] = sorted(set(problems), key=problem_order)
        self.language = language
        super().__init__(self.describe())

    def describe(self, language: str | None = None) -> str:
        """Every problem, one a line, in `language` (default: the one the input was read in)."""
        language = language or self.language
        head = catalogue_text(
            "count_one" if len(self.problems) == 1 else "count_many",
            language,
            {"count": len(self.problems)},
        )
        return "\n".join([head, *(f"  {p.describe(language)}" for p in self.problems)])

    def __reduce__(self):  # keep the problems when pickled across processes (batch, dask)
        return (type(self), (self.problems, self.language))


class LockMismatch(InvalidInput):
    """The published lock no longer matches the requirement set and scoring model."""
