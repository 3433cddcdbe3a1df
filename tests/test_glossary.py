"""The text catalogues speak the glossary's words: one word per concept, no avoided synonym."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from tenderkit.formats.yamlio import parse_yaml
from tenderkit.i18n import LANGUAGES, catalogue, term

OWNED_ELSEWHERE: set[str] = set()
"""Catalogues not (yet) held to the glossary: none, the workbook's and the form's included."""


def _catalogue_files() -> list[str]:
    folder = resources.files("tenderkit") / "texts"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
    return [n for n in names if n not in OWNED_ELSEWHERE | {"glossary.yaml", "codes.yaml"}]


def _texts(name: str, language: str) -> dict[str, str]:
    """Every text of a catalogue in `language`, by its key path: a text is `{nl: .., en: ..}`,
    wherever it stands (the form's catalogue nests them by sheet and column)."""
    data = parse_yaml((resources.files("tenderkit") / "texts" / name).read_text("utf-8"))
    found: dict[str, str] = {}

    def walk(value: object, path: str) -> None:
        if isinstance(value, dict) and set(LANGUAGES) <= set(value):
            text = value[language]
            found[path] = text if isinstance(text, str) else " ".join(map(str, text))
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(inner, f"{path}[{index}]")

    walk(data, "")
    return found


def _prose(text: str) -> str:
    """The words of a text without its placeholders and the file keys it names."""
    text = re.sub(r"\{[^}]*\}", " ", text)
    return re.sub(r"\S+\.(?:yaml|csv|json|pdf)\b|\b\w+(?:\.\w+)+\b", " ", text)


def _avoided() -> list[tuple[str, str, str]]:
    return [
        (concept, language, word)
        for concept, entry in catalogue("glossary").items()
        for language, words in (entry.get("avoid") or {}).items()
        for word in words
    ]


def test_every_glossary_entry_has_both_languages_and_its_synonyms_are_not_its_word():
    for concept, entry in catalogue("glossary").items():
        for language in LANGUAGES:
            avoided = (entry.get("avoid") or {}).get(language, [])
            assert entry[language] not in avoided, concept


@pytest.mark.parametrize("name", _catalogue_files())
def test_catalogue_uses_no_avoided_synonym(name):
    found = []
    for concept, language, word in _avoided():
        pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
        for key, text in _texts(name, language).items():
            if pattern.search(_prose(text)):
                found.append(f"{name}: {key} ({language}) says '{word}'; the word is {concept}")
    assert found == []


def test_the_buyer_is_never_afnemer_or_klant_and_a_criterion_never_onderwerp():
    # the three synonyms issue 17 found, also in the risk and measure catalogues' Dutch texts
    texts = [t for name in _catalogue_files() for t in _texts(name, "nl").values()]
    for folder in ("catalogues/risks.yaml", "catalogues/measures.yaml"):
        texts.append((resources.files("tenderkit") / folder).read_text("utf-8"))
    for text in texts:
        assert not re.search(r"\bafnemer", text, re.IGNORECASE), text
        assert not re.search(r"\bde klant\b", text, re.IGNORECASE), text
        assert not re.search(r"\bonderwerp\b", _prose(text), re.IGNORECASE), text


def test_every_catalogue_of_words_for_people_is_held_to_the_glossary():
    """A catalogue added later (the service-level phrases that were a Python dict) is checked
    like the others: the parametrised tests above run over every file here."""
    assert {"service_terms.yaml", "report.yaml", "letters.yaml", "risk.yaml"} <= set(
        _catalogue_files()
    )
    phrases = _texts("service_terms.yaml", "nl")
    assert phrases["check_missing"].endswith("tekortkoming")


def test_term_follows_the_regime():
    assert term("buyer", "nl", "public") == "aanbestedende dienst"
    assert term("buyer", "nl", "private") == "opdrachtgever"
    assert term("buyer", "en", "public") == "contracting authority"
    assert term("panel", "nl") == "beoordelingscommissie"
