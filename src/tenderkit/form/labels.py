"""Every text of the bidder's Excel form, one dict per language, read from `texts/form.yaml`.

The form writer takes its words from here; the reader accepts the words of *both* languages (and
the codes of FORMATS.md), so a Dutch form filled in with English dropdown values still reads.
The catalogue keeps both languages of a text side by side (`{nl: ..., en: ...}`); `LABELS[lang]`
is the same tree with each text in that language. Keys of the choice dicts are the codes of the
bid format; values are what the bidder sees.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from tenderkit.formats.yamlio import parse_yaml
from tenderkit.i18n import LANGUAGES

__all__ = ["ALIASES", "COLUMN_ALIASES", "LABELS"]


def _in_language(node: Any, language: str, where: str) -> Any:
    """The catalogue tree with every `{nl, en}` text replaced by its `language` text."""
    if not isinstance(node, dict):
        raise ValueError(f"texts/form.yaml: {where}: expected a text {{nl, en}} or a group")
    if set(node) == set(LANGUAGES):
        return _tuples(node[language])
    return {key: _in_language(value, language, f"{where}.{key}") for key, value in node.items()}


def _tuples(value: Any) -> Any:
    """YAML's lists back as the tuples the form uses: a (label, help) pair of texts, and the
    instructions as a list of (kind, text) pairs."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    if isinstance(value, list):
        return [_tuples(item) for item in value]
    return value


def _load() -> tuple[
    dict[str, dict[str, Any]], dict[str, dict[str, str]], dict[str, dict[str, str]]
]:
    source = resources.files("tenderkit") / "texts" / "form.yaml"
    data = parse_yaml(source.read_text("utf-8"))
    labels = {lang: _in_language(data["labels"], lang, "labels") for lang in LANGUAGES}
    aliases = {name: dict(spellings) for name, spellings in data["aliases"].items()}
    columns = {sheet: dict(headers) for sheet, headers in data["column_aliases"].items()}
    return labels, aliases, columns


LABELS, ALIASES, COLUMN_ALIASES = _load()
"""LABELS: language -> the form's texts; ALIASES: choice list -> {other spelling: code};
COLUMN_ALIASES: sheet -> {a header of an earlier form: column key}."""
