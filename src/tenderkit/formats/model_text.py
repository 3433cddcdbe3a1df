"""A pydantic model's JSON text as `json_text(model.model_dump(mode="json"), digits)` writes it,
straight from the model's values, without the dump.

Why: result.json of 50 bids x 2000 requirements holds about 200,000 small models (a quality score
and a coverage detail per requirement per bid, a notice per warning). Dumping them all to dicts
and then walking those dicts again took about half of writing the file. A model's fields are
fixed, so each class gets a plan once: its fields in sorted order (the order json.dumps's
sort_keys gives), each with a writer chosen by the field's annotation (text, a float, a flag, a
list or dict of those, another model). Writers append their pieces to one list, joined once:
joining each level's text would copy the bulk of the file once per level of nesting. A class
whose every field is one piece of text (text, numbers, flags, lists and dicts of those: a
requirement score, a coverage detail, a notice) is one %-template filled with its fields' texts,
and a model met again in the same call (evaluate shares one coverage grade or requirement score
among many requirements and bids: 100,000 coverage details are 1,350 objects at 50 bids x 2000
requirements) gets the text written at its first place, for the same indent.

The bytes are those of the plain path whatever the value (tests/formats/test_model_text.py holds
it to that), because everything this module does not know exactly goes to pydantic's dump and
`json_text`:
- a value whose type is not exactly its field's (a model built without validation, a subclass
  such as YamlInt, a tuple in a list field, a subclass of the field's model): that field;
- a field whose annotation has no writer here (a date, an enum, a tuple, `Any`, a union other
  than `X | None`, a dict with keys other than text, anything `Annotated` inside a container), or
  whose `Annotated` metadata is anything but a validation constraint or a before/after validator:
  that field;
- a class that serialises its own way (field or model serializers, computed fields, excluded
  fields, aliases, extra values, a root model, a configuration beyond validation settings, a
  custom core schema, any serializer in its core schema): the whole model;
- a model whose values lack a field (built without validation): the whole model.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from itertools import repeat
from json.encoder import encode_basestring
from operator import call, itemgetter
from typing import Any, Literal, Union

import annotated_types
from pydantic import AfterValidator, BaseModel, BeforeValidator, StringConstraints
from pydantic.fields import FieldInfo

from tenderkit.formats.json_text import Written, json_text, number_text

__all__ = ["model_pieces", "model_text"]

Scalar = Callable[[Any, str], str | None]
"""The JSON text of a value whose place is at the indent given (the indent of its closing
bracket): text, a number, a flag, or a list or dict of those, short enough to be one piece; None
when the value is not of the type the writer is for (the caller then takes the plain path)."""

Compound = Callable[[Any, str, list[str]], bool]
"""Appends the JSON text of a value whose place is at `indent` (the indent of its closing
bracket) to `out`, in pieces (for models and what holds them): the file is joined once at the
end, not at every level (a level's join would copy all of its text again). False when the value
is not of the type the writer is for: the caller then drops what was appended since and takes
the plain path."""

Writer = tuple[Scalar, None] | tuple[None, Compound]
"""One of the two kinds, the other None."""

Plan = list[tuple[str, str, Scalar | None, Compound | None]]
"""(field name, `"name": `, a scalar or a compound writer) per field, in sorted order."""

Fill = tuple[Callable[[dict[str, Any]], tuple[Any, ...]], tuple[Scalar, ...]]
"""What fills the template of a class whose every field is one piece of text: a reader of all
the fields' values of a model's `__dict__` at once, and each field's writer."""

_text = encode_basestring
_NONE = type(None)

_VALIDATION_CONFIG = frozenset(
    {
        "title",
        "frozen",
        "extra",  # but not "allow": checked apart
        "strict",
        "str_strip_whitespace",
        "str_to_lower",
        "str_to_upper",
        "str_min_length",
        "str_max_length",
        "allow_inf_nan",
        "coerce_numbers_to_str",
        "validate_assignment",
        "validate_default",
        "validate_return",
        "revalidate_instances",
        "from_attributes",
        "populate_by_name",
        "validate_by_name",
        "validate_by_alias",
        "loc_by_alias",
        "hide_input_in_errors",
        "validation_error_cause",
        "protected_namespaces",
        "use_attribute_docstrings",
        "cache_strings",
        "regex_engine",
        "json_schema_extra",
        "json_schema_mode_override",
        "json_schema_serialization_defaults_required",
        "model_title_generator",
        "field_title_generator",
        "plugin_settings",
    }
)
"""Configuration keys that change how a model validates or describes itself, never what
`model_dump(mode="json")` gives for values of exactly the fields' types. Any other key (the
`ser_json_*` settings, `serialize_by_alias`, `json_encoders`, `polymorphic_serialization`, an
alias generator, `use_enum_values`, `defer_build` (the core schema looked at may not be built),
one pydantic adds later) sends the class to the plain path."""

_VALIDATION_METADATA = (
    annotated_types.BaseMetadata,  # gt, ge, max_len, pattern: checks of the input
    StringConstraints,
    BeforeValidator,
    AfterValidator,
)
"""`Annotated` metadata that only validates; a field with any other (a PlainSerializer, a
WrapValidator, SerializeAsAny) is written by pydantic's dump."""


def model_text(
    model: BaseModel, digits: int, written: dict[str, str | list[str]] | None = None, end: str = ""
) -> str:
    """`json_text(model.model_dump(mode="json"), digits) + end`, at the top level (no indent).

    `written` gives the text of some top-level fields already written (at their place: one
    level in), or the pieces of that text, such as result.json's panel by `result.panel_pieces`:
    the text is then that of `json_text` of the dump with those fields' values replaced by
    `Written(text)`.
    """
    return "".join(model_pieces(model, digits, written, end))


def model_pieces(
    model: BaseModel, digits: int, written: dict[str, str | list[str]] | None = None, end: str = ""
) -> list[str]:
    """`model_text` in the pieces it is made of, not joined: a writer to a file encodes them a
    few at a time (fileio.write_atomic), so the text of a large result.json is never one string
    (of 2 bytes a character once a single `≤` is in it) nor one block of bytes."""
    plans = _plans(digits)
    try:
        return _model_pieces(plans, model, digits, written, end)
    finally:
        plans.forget()


def _model_pieces(
    plans: _Plans,
    model: BaseModel,
    digits: int,
    written: dict[str, str | list[str]] | None,
    end: str,
) -> list[str]:
    out: list[str] = []
    if not written:
        plans.model(type(model))(model, "", out)  # a model's writer never declines
        out.append(end)
        return out
    plan = plans.plan(type(model))
    found = model.__dict__
    if (
        plan is None
        or any(name not in found for name, _, _, _ in plan)
        or not set(written) <= set(found)
    ):
        return [_with_written(model, digits, written), end]
    inner = "  "
    between = ",\n" + inner
    out.append("{\n" + inner)
    for index, (name, head, scalar, compound) in enumerate(plan):
        if index:
            out.append(between)
        out.append(head)
        if name in written:
            piece = written[name]
            if isinstance(piece, list):
                out.extend(piece)
            else:
                out.append(piece)
        else:
            _field(model, name, found[name], scalar, compound, digits, inner, out)
    out.append("\n}" + end)
    return out


def _field(
    model: BaseModel,
    name: str,
    value: Any,
    scalar: Scalar | None,
    compound: Compound | None,
    digits: int,
    indent: str,
    out: list[str],
) -> None:
    """A field's value by its writer, or by the plain path when the writer declines."""
    if scalar is not None:
        text = scalar(value, indent)
        out.append(_field_slow(model, name, digits, indent) if text is None else text)
        return
    mark = len(out)
    if not compound(value, indent, out):
        del out[mark:]
        out.append(_field_slow(model, name, digits, indent))


def _with_written(model: BaseModel, digits: int, written: dict[str, str | list[str]]) -> str:
    """The plain path with some fields already written: the dump of the others, then json_text."""
    data = model.model_dump(mode="json", exclude=set(written))
    for name, text in written.items():
        data[name] = Written(text if isinstance(text, str) else "".join(text))
    return json_text(data, digits)


def _field_slow(model: BaseModel, name: str, digits: int, indent: str) -> str:
    """One field as the plain path writes it: pydantic's JSON dump of it, then json_text."""
    value = model.model_dump(mode="json", include={name})[name]
    return json_text(value, digits).replace("\n", "\n" + indent)


def _model_slow(model: BaseModel, digits: int, indent: str) -> str:
    return json_text(model.model_dump(mode="json"), digits).replace("\n", "\n" + indent)


OWN_FIELD_DUMP = "tenderkit_own_field_dump"
"""The key a field type's core schema sets in its metadata when its serializer concerns only
the fields of that type (result.Result.panel): `_has_serializer` leaves it to them."""


def _has_serializer(schema: Any, cls: type[BaseModel]) -> bool:
    """Whether a class's core schema (nested dicts and lists) holds a serializer anywhere but in
    the schemas of other model classes (their own plans look at those) and of field types that
    mark their schema as written by their field alone (`OWN_FIELD_DUMP` in its metadata: such a
    type is `Annotated` with a custom schema, so its field declines and goes to the plain path,
    by pydantic's dump, serializer included)."""
    if isinstance(schema, dict):
        if schema.get("type") == "model" and schema.get("cls") is not cls:
            return False
        metadata = schema.get("metadata")
        if isinstance(metadata, dict) and metadata.get(OWN_FIELD_DUMP):
            return False
        return "serialization" in schema or any(_has_serializer(v, cls) for v in schema.values())
    if isinstance(schema, list | tuple):
        return any(_has_serializer(v, cls) for v in schema)
    return False


def _plain_class(cls: type[BaseModel]) -> bool:
    """Whether pydantic dumps this class as the dict of its fields' values by their names, each
    by its annotation alone: the case a plan writes."""
    config = cls.model_config
    decorators = cls.__pydantic_decorators__
    return not (
        cls.__pydantic_root_model__
        or decorators.field_serializers
        or decorators.model_serializers
        or cls.model_computed_fields
        or config.get("extra") == "allow"
        or not set(config) <= _VALIDATION_CONFIG
        or cls.__get_pydantic_core_schema__.__func__
        is not BaseModel.__get_pydantic_core_schema__.__func__
        or any(
            f.exclude or f.exclude_if is not None or f.alias or f.serialization_alias
            for f in cls.model_fields.values()
        )
        or _has_serializer(cls.__pydantic_core_schema__, cls)
    )


class _Plans:
    """The writers of every class met so far, for one number of digits."""

    def __init__(self, digits: int) -> None:
        self.digits = digits
        self.plans: dict[type, Plan | None] = {}
        self.writers: dict[type, Compound] = {}
        self.seen: list[dict[tuple[int, str], tuple[Any, str]]] = []
        """every class's texts of the models written in this call (see `forget`)"""

    def forget(self) -> None:
        """Drop the texts kept of the models written: a text is the same model's text only while
        that model is unchanged, so kept only for one `model_text` call (over a frozen tree),
        and with the model itself, so its id cannot name another object meanwhile."""
        for seen in self.seen:
            seen.clear()

    def plan(self, cls: type[BaseModel]) -> Plan | None:
        """(field name, `"name": `, its writer) in sorted order; None for a class the plain
        path must write (see the module's docstring)."""
        if cls in self.plans:
            return self.plans[cls]
        if not _plain_class(cls):
            self.plans[cls] = None
            return None
        fields = cls.model_fields
        plan: Plan = [
            (name, _text(name) + ": ", *self.field(fields[name])) for name in sorted(fields)
        ]
        self.plans[cls] = plan
        return plan

    def model(self, cls: type[BaseModel]) -> Compound:
        """The writer of a model of exactly this class (its callers check the type: pydantic
        dumps a subclass's model in a field by the field's class). It never declines: a class
        without a plan or a model without a field's value is written by the plain path."""
        if cls in self.writers:
            return self.writers[cls]
        digits = self.digits
        heads: dict[str, list[str]] = {}  # indent -> each field's separator and `"name": `
        templates: dict[str, str] = {}  # indent -> the whole model with `%s` for each value
        shape: list[Fill | None] = []  # once known: a Fill when every field is one piece of text
        seen: dict[tuple[int, str], tuple[Any, str]] = {}  # (id, indent) -> (the model, its text)
        self.seen.append(seen)

        def write(value: Any, indent: str, out: list[str]) -> bool:
            plan = self.plan(cls)  # on first use: a class may hold itself
            found = value.__dict__
            if plan is None:
                out.append(_model_slow(value, digits, indent))
                return True
            inner = indent + "  "
            if not shape:
                every = plan and all(scalar is not None for _, _, scalar, _ in plan)
                shape.append(_fill(plan) if every else None)
            fill = shape[0]
            if fill is not None:  # every field one piece of text: the model is one template filled
                key = (id(value), indent)
                hit = seen.get(key)
                if hit is not None and hit[0] is value:  # the very model, met before
                    out.append(hit[1])
                    return True
                if indent not in templates:
                    templates[indent] = _template(plan, indent)
                values, scalars = fill
                try:
                    pieces = tuple(map(call, scalars, values(found), repeat(inner)))
                except KeyError:  # built without a field's value: pydantic's dump leaves it out
                    out.append(_model_slow(value, digits, indent))
                    return True
                if None not in pieces:
                    text = templates[indent] % pieces
                    seen[key] = (value, text)
                    out.append(text)
                    return True
                # a value of another type: field by field below, that one by the plain path
            if indent not in heads:
                heads[indent] = [
                    ("{\n" if index == 0 else ",\n") + inner + head
                    for index, (_, head, _, _) in enumerate(plan)
                ]
            mark = len(out)
            add = out.append
            try:
                for (name, _, scalar, compound), head in zip(plan, heads[indent], strict=True):
                    item = found[name]
                    if scalar is not None:
                        text = scalar(item, inner)
                        add(
                            head
                            + (_field_slow(value, name, digits, inner) if text is None else text)
                        )
                    else:
                        add(head)
                        at = len(out)
                        if not compound(item, inner, out):
                            del out[at:]
                            add(_field_slow(value, name, digits, inner))
            except KeyError:  # built without a field's value: pydantic's dump leaves it out
                del out[mark:]
                add(_model_slow(value, digits, indent))
                return True
            add("\n" + indent + "}")
            return True

        self.writers[cls] = write
        return write

    def field(self, info: FieldInfo) -> Writer:
        """A field's writer: by its annotation, unless its metadata may change its dump."""
        if any(not isinstance(m, _VALIDATION_METADATA) for m in info.metadata):
            return _declines, None
        return self.writer(info.annotation)

    def writer(self, annotation: Any) -> Writer:
        """The writer for values of an annotation; a scalar one that always declines (None) for
        an annotation it does not know."""
        digits = self.digits
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if annotation is str or (origin is Literal and all(type(a) is str for a in args)):
            return (lambda v, _: _text(v) if type(v) is str else None), None
        if annotation is float:
            return (lambda v, _: number_text(v, digits) if type(v) is float else None), None
        if annotation is bool:
            return (lambda v, _: "true" if v is True else "false" if v is False else None), None
        if annotation is int:
            return (lambda v, _: int.__repr__(v) if type(v) is int else None), None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = self.model(annotation)
            return None, lambda v, indent, out: type(v) is annotation and model(v, indent, out)
        if origin in (Union, types.UnionType) and len(args) == 2 and _NONE in args:
            scalar, compound = self.writer(args[0] if args[1] is _NONE else args[1])
            if scalar is not None:
                some = scalar
                return (lambda v, indent: "null" if v is None else some(v, indent)), None
            assert compound is not None
            other = compound
            return (
                None,
                lambda v, indent, out: (
                    out.append("null") is None if v is None else other(v, indent, out)
                ),
            )
        if origin is list and len(args) == 1:
            scalar, compound = self.writer(args[0])
            return (_list_text(scalar), None) if scalar else (None, _list_writer(compound))
        if origin is dict and len(args) == 2 and args[0] is str:
            scalar, compound = self.writer(args[1])
            return (_dict_text(scalar), None) if scalar else (None, _dict_writer(compound))
        return _declines, None


def _fill(plan: Plan) -> Fill:
    """For a class whose every field is one piece of text: what reads the fields' values of a
    model's `__dict__` at once (KeyError for one missing), and each field's writer."""
    names = [name for name, _, _, _ in plan]
    getter = itemgetter(*names)
    values = getter if len(names) > 1 else lambda found: (getter(found),)
    return values, tuple(scalar for _, _, scalar, _ in plan if scalar is not None)


def _template(plan: Plan, indent: str) -> str:
    """A model at `indent` as a %-template: its braces and `"name": ` heads, a `%s` for each
    field's text (a literal percent sign in a head doubled)."""
    inner = indent + "  "
    heads = [head.replace("%", "%%") + "%s" for _, head, _, _ in plan]
    return "{\n" + inner + (",\n" + inner).join(heads) + "\n" + indent + "}"


def _declines(value: Any, indent: str) -> None:
    """The writer of an annotation this module does not know: always the plain path."""
    return None


def _list_text(scalar: Scalar) -> Scalar:
    """The writer of a list whose items are each one piece of text (ids, numbers): one piece."""

    def write(value: Any, indent: str) -> str | None:
        if type(value) is not list:
            return None
        if not value:
            return "[]"
        inner = indent + "  "
        parts = [scalar(v, inner) for v in value]
        if None in parts:
            return None
        return "[\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "]"  # type: ignore[arg-type]

    return write


def _list_writer(compound: Compound | None) -> Compound:
    """The writer of a list of models (or of what holds them), appending item by item."""
    assert compound is not None

    def write(value: Any, indent: str, out: list[str]) -> bool:
        if type(value) is not list:
            return False
        if not value:
            out.append("[]")
            return True
        inner = indent + "  "
        between = ",\n" + inner
        out.append("[\n" + inner)
        for index, v in enumerate(value):
            if index:
                out.append(between)
            if not compound(v, inner, out):
                return False
        out.append("\n" + indent + "]")
        return True

    return write


def _dict_text(scalar: Scalar) -> Scalar:
    """The writer of a dict of text keys whose values are each one piece of text: one piece."""

    def write(value: Any, indent: str) -> str | None:
        if type(value) is not dict:
            return None
        if not value:
            return "{}"
        if any(type(key) is not str for key in value):
            return None
        inner = indent + "  "
        parts = []
        for key, v in sorted(value.items()):  # keys differ: the values are never compared
            text = scalar(v, inner)
            if text is None:
                return None
            parts.append(_text(key) + ": " + text)
        return "{\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "}"

    return write


def _dict_writer(compound: Compound | None) -> Compound:
    """The writer of a dict of text keys whose values are models (or hold them)."""
    assert compound is not None

    def write(value: Any, indent: str, out: list[str]) -> bool:
        if type(value) is not dict:
            return False
        if not value:
            out.append("{}")
            return True
        if any(type(key) is not str for key in value):
            return False
        inner = indent + "  "
        items = sorted(value.items())  # keys differ: the values are never compared
        between = ",\n" + inner
        out.append("{\n" + inner)
        for index, (key, v) in enumerate(items):
            if index:
                out.append(between)
            out.append(_text(key) + ": ")
            if not compound(v, inner, out):
                return False
        out.append("\n" + indent + "}")
        return True

    return write


_BY_DIGITS: dict[int, _Plans] = {}


def _plans(digits: int) -> _Plans:
    if digits not in _BY_DIGITS:
        _BY_DIGITS[digits] = _Plans(digits)
    return _BY_DIGITS[digits]
