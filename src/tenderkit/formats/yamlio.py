"""Reading YAML the way people write it.

Plain YAML 1.1 (PyYAML's default) reads `NO` as false and `8.10` as the number 8.1, which would
silently turn Norway into a boolean and ISO control 8.10 into control 8.1. tenderkit therefore
reads YAML with YAML 1.2 core booleans (only true/false) and keeps the text of every number as it
was written, so a field that expects an id can take the text instead of the number. Duplicate keys
are refused: the second one would otherwise silently win.

The parser is libyaml's (PyYAML's C extension) whenever PyYAML was built with it: the pure-Python
parser takes about seven times as long on a tender of 15 MB of bids. Only the parsing moves to C;
resolving which scalar is a number or a boolean, and building the values, stays in the Python
resolver and constructor below, so both parsers give the same data and the same positions. Plain
files (nearly all) are built straight from libyaml's events with those same rules, which reads
them several times faster than PyYAML's own composer and constructor; anything else goes through
the full loader (see "the event builder" below).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from tenderkit.errors import Both, Problem, catalogue_text
from tenderkit.formats.limits import MAX_YAML_BYTES, megabytes
from tenderkit.formats.read_once import note_read


class YamlInt(int):
    """An int that remembers how it was written (`010`, `2022`)."""

    source: str

    def __new__(cls, value: int, source: str) -> YamlInt:
        obj = super().__new__(cls, value)
        obj.source = source
        return obj

    def __reduce__(self) -> tuple[type, tuple[int, str]]:  # picklable (worker processes)
        return (type(self), (int(self), self.source))


class YamlFloat(float):
    """A float that remembers how it was written (`8.10` stays distinguishable from `8.1`)."""

    source: str

    def __new__(cls, value: float, source: str) -> YamlFloat:
        obj = super().__new__(cls, value)
        obj.source = source
        return obj

    def __reduce__(self) -> tuple[type, tuple[float, str]]:
        return (type(self), (float(self), self.source))


class DuplicateKey(yaml.MarkedYAMLError):
    """A mapping holds the same key twice (`key`), or a key that is not a plain value."""

    def __init__(self, *args: Any, key: Any = None) -> None:
        super().__init__(*args)
        self.key = key


LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))
"""Whether PyYAML's C parser (libyaml) is available; without it the pure-Python one is used."""

_Base: type = yaml.CSafeLoader if LIBYAML else yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading with YAML 1.2 core booleans, text-preserving numbers and no duplicate keys."""


class _PureLoader(yaml.SafeLoader):
    """The same rules on the pure-Python parser (the fallback, and the reference in the tests)."""


# Start from SafeLoader's resolvers, minus bool (re-added with YAML 1.2 spelling only).
_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _loader in (_Loader, _PureLoader):
    _loader.yaml_implicit_resolvers = {first: list(found) for first, found in _RESOLVERS.items()}
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    # YAML 1.2 core floats with an exponent (`1e3`, `4.386e5`): YAML 1.1 reads them as text, which
    # would pass a number on as a string and let a price be refused for a quote nobody wrote.
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
        list("-+.0123456789"),
    )


def _construct_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    return loader.construct_scalar(node).lower() == "true"


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> YamlInt:
    source = loader.construct_scalar(node)
    return YamlInt(yaml.SafeLoader.construct_yaml_int(loader, node), source)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> YamlFloat:
    source = loader.construct_scalar(node)
    return YamlFloat(yaml.SafeLoader.construct_yaml_float(loader, node), source)


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, YamlInt | YamlFloat):
            key = key.source  # mapping keys are ids: keep them as written
        try:
            hash(key)
        except TypeError:
            raise DuplicateKey(
                None, None, "a key must be a plain value", key_node.start_mark
            ) from None
        if key in mapping:
            raise DuplicateKey(
                None, None, f"the key '{key}' appears twice", key_node.start_mark, key=key
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


class NotADate(str):
    """What was written where YAML saw a date that does not exist (`2026-13-02`, `2026-02-30`).

    Kept as text, so the model refuses it at its field (with the key, the line and every other
    problem of the file) instead of the whole file failing on its first bad date.
    """

    __slots__ = ()


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return NotADate(loader.construct_scalar(node))


for _loader in (_Loader, _PureLoader):
    _loader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
    _loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    _loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def parse_yaml(text: str, *, pure: bool = False) -> Any:
    """Parse YAML text with tenderkit's rules; raises yaml.YAMLError on broken YAML.

    `pure` forces the pure-Python parser (tests compare the two); the default is libyaml's,
    through the event builder below where the file holds only what it handles (nearly every
    file), else through the full loader.
    """
    if pure:
        return yaml.load(text, Loader=_PureLoader)
    if LIBYAML:
        try:
            return build_from_events(text)
        except Exception:  # anything unusual or broken: the full loader decides
            pass
    return yaml.load(text, Loader=_Loader)


# --- the event builder ----------------------------------------------------------------------------
#
# Why: a loader built from PyYAML's parts pays Python calls per node three times over (libyaml's
# composer asks the Python resolver for every scalar and every path step, then the constructor
# walks the node tree again with generators per mapping). Reading libyaml's events directly costs
# a fifth of that: one loop over the events builds the dicts and lists, resolves each plain scalar
# with the same regular expressions (looked up by its first character, as the resolver does) and
# builds numbers, booleans, nulls and dates with the very constructors above. So 15 MB of bids
# read faster than even a bare `yaml.load(..., Loader=yaml.CSafeLoader)`.
#
# The builder handles the plain data tenders are made of: mappings, lists and untagged scalars.
# Everything else (anchors and aliases, explicit tags, merge keys `<<`, a second document, a
# duplicate or a complex key, nesting deeper than any tender) and every error raises `_Unusual`
# or the parser's own error, and `parse_yaml` gives the file to the full loader, which then
# decides exactly as before: same data, same refusals, same line and column.

_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_ANY_FIRST = tuple(_Loader.yaml_implicit_resolvers.get(None, ()))  # none today; kept exact
_FIRST_CHARACTER = {
    first: (*found, *_ANY_FIRST)
    for first, found in _Loader.yaml_implicit_resolvers.items()
    if first is not None
}
_EMPTY = _FIRST_CHARACTER.get("", _ANY_FIRST)
_NO_KEY = object()
_MAX_DEPTH = 64
"""Deeper nesting goes to the full loader (whose recursion limit then speaks), never a tender."""


class _Unusual(Exception):
    """The event builder met something it leaves to the full loader."""


def _resolved(tag: str, event: yaml.ScalarEvent) -> Any:
    """A plain scalar's value for the tag its text resolves to (bool, int, float, null, date)."""
    if tag == "tag:yaml.org,2002:null":
        return None
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    if tag == "tag:yaml.org,2002:bool":
        return _construct_bool(_CONSTRUCTOR, node)
    if tag == "tag:yaml.org,2002:int":
        return _construct_int(_CONSTRUCTOR, node)
    if tag == "tag:yaml.org,2002:float":
        return _construct_float(_CONSTRUCTOR, node)
    if tag == "tag:yaml.org,2002:timestamp":
        return _construct_timestamp(_CONSTRUCTOR, node)
    raise _Unusual(tag)  # merge keys, `=` values, `!` `&` `*` texts: the full loader's rules


def build_from_events(text: str) -> Any:
    """One YAML document built straight from libyaml's events, with tenderkit's rules.

    Raises `_Unusual` (or the parser's error) for anything it does not build itself; callers
    then use the full loader (`parse_yaml` does).
    """
    parser = yaml.CSafeLoader(text)
    try:
        get = parser.get_event
        get()  # the stream's start
        event = get()
        if type(event) is yaml.StreamEndEvent:
            return None  # an empty file, or only comments
        data = _document(get)
        if type(get()) is not yaml.StreamEndEvent:
            raise _Unusual("a second document")
        return data
    finally:
        parser.dispose()


def _document(get: Any) -> Any:
    """The values of one document, from the event after its start to its end.

    An alias gives the very object its anchor named, as PyYAML's constructor does; an alias of
    a collection still open (a value holding itself) goes to the full loader.
    """
    stack: list[tuple[Any, bool, Any, str | None]] = []
    container: Any = None  # the dict or list being filled; None at the top
    mapping = False
    key: Any = _NO_KEY  # in a mapping: the key read, waiting for its value
    anchor: str | None = None  # the anchor of the open container
    anchors: dict[str, Any] = {}
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    first, empty, any_first = _FIRST_CHARACTER, _EMPTY, _ANY_FIRST
    while True:
        event = get()
        kind = type(event)
        if kind is scalar:
            if event.tag is not None:
                raise _Unusual("a tag")
            value = event.value
            if event.implicit[0]:  # plain, not quoted: resolve as the resolver does
                for tag, pattern in first.get(value[0], any_first) if value else empty:
                    if pattern.match(value):
                        value = _resolved(tag, event)
                        break
            if event.anchor is not None:
                if event.anchor in anchors:
                    raise _Unusual("an anchor used twice")
                anchors[event.anchor] = value
        elif kind is mapping_start or kind is sequence_start:
            if event.tag is not None:
                raise _Unusual("a tag")
            if (mapping and key is _NO_KEY) or len(stack) >= _MAX_DEPTH:
                raise _Unusual("a complex key, or deep nesting")
            stack.append((container, mapping, key, anchor))
            mapping = kind is mapping_start
            container = {} if mapping else []
            key = _NO_KEY
            anchor = event.anchor
            continue
        elif kind is mapping_end or kind is sequence_end:
            value = container
            if anchor is not None:
                if anchor in anchors:
                    raise _Unusual("an anchor used twice")
                anchors[anchor] = value
            container, mapping, key, anchor = stack.pop()
        elif kind is alias:
            if event.anchor not in anchors:
                raise _Unusual("an alias of nothing, or of a collection still open")
            value = anchors[event.anchor]
            if mapping and key is _NO_KEY and type(value) in (dict, list):
                raise _Unusual("a complex key")
        else:
            raise _Unusual(kind.__name__)
        if mapping:
            if key is _NO_KEY:
                if type(value) is YamlInt or type(value) is YamlFloat:
                    value = value.source  # mapping keys are ids: keep them as written
                if value in container:
                    raise _Unusual("a duplicate key")
                key = value
            else:
                container[key] = value
                key = _NO_KEY
        elif container is None:
            if type(get()) is not yaml.DocumentEndEvent:
                raise _Unusual("more after the document")
            return value
        else:
            container.append(value)


def read_limited(path: Path, display: str, limit: int, kind: str) -> tuple[bytes, list[Problem]]:
    """A file's bytes, refused before reading when it is larger than `limit`.

    The size is checked on the open file, and no more than `limit + 1` bytes are ever read, so
    neither a huge file nor one that grows (or a device behind a link) can exhaust memory.
    """
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = b"" if size > limit else handle.read(limit + 1)
    except FileNotFoundError:
        return b"", [Problem.of(display, "", "file_not_found")]
    except IsADirectoryError:
        return b"", [Problem.of(display, "", "is_a_folder")]
    except OSError as exc:
        return b"", [Problem.of(display, "", "cannot_read", detail=exc.strerror or exc)]
    if size > limit or len(raw) > limit:
        return b"", [
            Problem.of(
                display,
                "",
                "too_large",
                size=megabytes(max(size, len(raw))),
                limit=megabytes(limit),
                kind=Both(*(catalogue_text(f"kind_{kind}", lang, {}) for lang in ("nl", "en"))),
            )
        ]
    note_read(path, raw)  # the loader hashes these very bytes for the record (read_once.py)
    return raw, []


def read_yaml(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Read a YAML file; return (data, problems). `display` is the name used in messages.

    Never raises for bad content: unreadable files, files over the size limit, bad encodings and
    broken YAML all become problems with the line and column where the parser gave up.
    """
    raw, problems = read_limited(path, display, MAX_YAML_BYTES, "yaml")
    if problems:
        return None, problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem.of(display, "", "not_utf8", position=exc.start)]
    try:
        return parse_yaml(text), []
    except yaml.reader.ReaderError:
        return None, [Problem.of(display, _control_place(text), "yaml_control_character")]
    except yaml.YAMLError as exc:
        return None, [_yaml_problem(display, exc)]
    except (ValueError, OverflowError, RecursionError) as exc:
        return None, [Problem.of(display, "", "yaml_invalid_because", detail=exc)]


def _control_place(text: str) -> str:
    """Line and column of the first character YAML does not allow (found here, not by the parser:
    libyaml reports a byte offset, the pure parser a character offset)."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is None:
        return ""
    line = text.count("\n", 0, found.start())
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1)
    return f"line {line + 1}, column {column + 1}"


def _yaml_place(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return ""
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _yaml_problem(display: str, exc: yaml.YAMLError) -> Problem:
    place = _yaml_place(exc)
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if isinstance(exc, DuplicateKey) and exc.key is not None:
        return Problem.of(display, place, "yaml_duplicate_key", key=exc.key)
    for key, (in_context, in_problem) in _YAML_MISTAKES.items():
        if in_context in (context or "") and in_problem in (problem or ""):
            return Problem.of(display, place, key)
    if problem:
        detail = problem if not context else f"{context}: {problem}"
        return Problem.of(display, place, "yaml_invalid_because", detail=detail)
    return Problem.of(display, place, "yaml_invalid")


_YAML_MISTAKES = {
    "yaml_tab": ("", "cannot start any token"),
    "yaml_indent": ("while parsing a block mapping", ""),
    "yaml_second_colon": ("", "mapping values are not allowed"),
    "yaml_open_quote": ("while scanning a quoted scalar", ""),
    "yaml_open_list": ("while parsing a flow sequence", ""),
    "yaml_open_group": ("while parsing a flow mapping", ""),
    "yaml_no_colon": ("while scanning a simple key", "could not find expected ':'"),
}
"""The usual mistakes in a hand-written YAML file, recognised in the words of either parser
(libyaml's and PyYAML's differ), so they are told in the tender's language; any other error
keeps the parser's own English after "is not valid YAML"."""


def yaml_lines(path: Path) -> dict[tuple[Any, ...], int]:
    """The line (from 1) of every key and list item of a YAML file, by its path of keys and
    list positions: `{("answers", "ENC-01", "status"): 12, ("assurance", 0): 30, ...}`.

    Read again from the file only when a model found problems in it, so a valid tender pays
    nothing; composing (no values built) is enough for the positions. {} when it cannot be read.
    """
    raw, problems = read_limited(path, str(path), MAX_YAML_BYTES, "yaml")
    if problems:
        return {}
    try:
        root = yaml.compose(raw.decode("utf-8-sig"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    lines: dict[tuple[Any, ...], int] = {}
    stack: list[tuple[tuple[Any, ...], Any]] = [((), root)]
    while stack:
        path_of, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    step = (*path_of, key_node.value)
                    lines[step] = key_node.start_mark.line + 1
                    stack.append((step, value_node))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                step = (*path_of, index)
                lines[step] = item.start_mark.line + 1
                stack.append((step, item))
    return lines
