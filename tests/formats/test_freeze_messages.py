"""`tenderkit unfreeze` speaks the tender's language (or `--language`): its refusals (never
frozen, lifted already, no name or reason) and the line saying the freeze was lifted are
catalogue texts of texts/validation.yaml in Dutch and English, naming panel/freeze.yaml."""

from __future__ import annotations

import re

import pytest
from test_freeze import frozen_tender
from typer.testing import CliRunner

from tenderkit.cli import app
from tenderkit.errors import InvalidInput
from tenderkit.formats.freeze import unfreeze
from visible_text import foreign_words

runner = CliRunner()

ENGLISH = frozenset(
    ("the", "not", "was", "lifted", "freeze", "frozen", "found", "never", "needs", "who", "why")
)
"""English words of unfreeze's old messages (visible_text's list is the report's vocabulary)."""
DUTCH = frozenset(("de", "niet", "nooit", "bevroren", "opgeheven", "bevriezing", "wie", "door"))
REASON = "K1 score of beta miscopied"
"""The officer's own words (data, not tenderkit's), quoted in the line that says it is done."""


def assert_in_language(text: str, language: str) -> None:
    """`text` is written in `language`: no word of the other, no placeholder, no traceback."""
    assert "{" not in text and "}" not in text and "Traceback" not in text, text
    prose = re.sub(r"--\w+|\S*[/\\]\S*", " ", text.replace(REASON, " "))
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", prose)}
    if language == "nl":
        slips = foreign_words(prose, "nl") + sorted(words & ENGLISH)
    else:
        slips = foreign_words(prose, "en") + sorted(words & DUTCH)
    assert not slips, f"{slips} in {language}: {text}"


def _options(language: str) -> list[str]:
    return [] if language == "nl" else ["--language", "en"]  # nl: the tender's own (default)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_lifting_the_freeze_is_said_in_the_tenders_language(make_tender, language) -> None:
    path = frozen_tender(make_tender)
    args = ["unfreeze", str(path), "--by", "j-mulder", "--reason", REASON, *_options(language)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert line.startswith(f"{path / 'panel' / 'freeze.yaml'}: ")
    assert "2026-06-20 11:30 UTC" in line  # the stored stamp as a person reads it
    assert "j-mulder" in line and line.endswith(REASON)
    assert_in_language(line.split(": ", 1)[1], language)

    again = runner.invoke(app, args)  # lifted already
    assert again.exit_code == 1
    head, problem = again.stderr.strip().splitlines()
    assert_in_language(head, language)
    assert problem.strip().startswith("panel/freeze.yaml: ")
    assert_in_language(problem.strip().removeprefix("panel/freeze.yaml: "), language)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_refusal_of_unfreeze_in_both_languages(make_tender, language) -> None:
    never = make_tender()
    frozen = frozen_tender(make_tender)
    for path, by, reason in ((never, "j-mulder", REASON), (frozen, "j-mulder", " ")):
        args = ["unfreeze", str(path), "--by", by, "--reason", reason, *_options(language)]
        result = runner.invoke(app, args)
        assert result.exit_code == 1, result.output
        _, problem = result.stderr.strip().splitlines()
        assert problem.strip().startswith("panel/freeze.yaml: ")
        assert_in_language(problem.strip().removeprefix("panel/freeze.yaml: "), language)


def test_the_problems_are_catalogue_texts(make_tender) -> None:
    frozen = frozen_tender(make_tender)
    told = []
    for path, reason in ((make_tender(), REASON), (frozen, ""), (frozen, REASON), (frozen, REASON)):
        try:
            unfreeze(path, "j-mulder", reason)
        except InvalidInput as exc:
            told += exc.problems
    assert [p.key for p in told] == ["freeze_never", "freeze_lift_needs", "freeze_not_frozen"]
    for problem in told:
        assert problem.text("nl") != problem.text("en")
        assert_in_language(problem.text("nl"), "nl")
        assert_in_language(problem.text("en"), "en")
