"""model_text writes a model exactly as json_text writes its model_dump(mode="json"), and
Result.to_json exactly as it did through the dump: on random instances of every Result model
class (validated, or built without validation with values of other types and fields missing),
on the evaluated examples, and on classes that serialise their own way."""

from __future__ import annotations

import datetime as dt
import enum
import math
import types
import typing
import warnings
from collections import abc
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal, Union

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    RootModel,
    SerializeAsAny,
    WrapValidator,
    computed_field,
    field_serializer,
    model_serializer,
)
from pydantic_core import PydanticUndefined

from tenderkit import result as result_module
from tenderkit.bundled import example, example_names
from tenderkit.evaluation import evaluate
from tenderkit.formats.json_text import Written, json_text
from tenderkit.formats.model_text import _plans, model_text
from tenderkit.formats.yamlio import YamlFloat, YamlInt
from tenderkit.loader import load_tender
from tenderkit.result import FLOAT_DIGITS, Method, PanelLine, Result, panel_text

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # pydantic: "unexpected value"


def plain(model: BaseModel) -> str:
    """The plain path: pydantic's dump, then json_text."""
    return json_text(model.model_dump(mode="json"), FLOAT_DIGITS)


def old_to_json(result: Result) -> str:
    """Result.to_json as it was before model_text: the dump without the panel, the panel by
    panel_text."""
    data = result.model_dump(mode="json", exclude={"panel"})
    data["panel"] = Written(panel_text(result.panel, FLOAT_DIGITS))
    return json_text(data, FLOAT_DIGITS) + "\n"


# --- random values by annotation ------------------------------------------------------------

TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=5) | st.sampled_from(
    ['"', "\\", "\n", "\x00", "\x1f", "é", "\u2028", "[]{}", ",\n  ", "null"]
)
FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [0.0, -0.0, 1e-7, -4e-7, 5e-7, 0.1 + 0.2, 1e16, 2.5e-5, 123456.1234565, -1.0000005]
)
INTS = st.integers(-(10**20), 10**20)
JSON_ANY = st.recursive(
    st.none() | st.booleans() | INTS | FLOATS | TEXTS | st.dates(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(TEXTS, children, max_size=3)
        | st.dictionaries(INTS, children, max_size=2)
    ),
    max_leaves=8,
)
PRICES = st.sampled_from(
    [
        {"formula": "lowest_relative"},
        {"formula": "linear_fixed", "max_price": 1000.0, "min_price": 10.5},
        {"formula": "log", "a": 2.5, "floor_at_zero": False},
        {"formula": "fictitious_discount", "quality_value": 12500.0},
        {"formula": "utility_index"},
    ]
)
SPECIAL = {(Method, "price"): PRICES}
"""Fields whose values random data would not validate: the price formulas' own constraints."""
PANEL = {(Result, "panel")}
"""Written by panel_text, which takes a list of panel lines with every field (as before)."""


class Text(str):
    """A str subclass, as a value built without validation may hold."""


def odd(annotation: Any) -> st.SearchStrategy[Any]:
    """Values of another type than the annotation's, as model_construct lets a field hold, also
    inside a list, a dict or an optional value."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is float:
        return st.sampled_from([3, True, YamlFloat(2.5, "2.50"), None, "1.5", 10**20])
    if annotation is int:
        return st.sampled_from([2.0, True, False, YamlInt(10, "010"), None])
    if annotation is bool:
        return st.sampled_from([0, 1, None, "true"])
    if annotation is str or origin is Literal:
        return st.sampled_from([Text("t"), 7, None, b"x", 1.0000004])
    if origin in (Union, types.UnionType) and type(None) in args:
        return st.one_of([odd(a) for a in args if a is not type(None)])
    if origin in (list, abc.Sequence):  # Sequence: Result.panel (a list, or a PanelRecord)
        return (
            st.lists(odd(args[0]), min_size=1, max_size=2)
            | st.lists(values(args[0], 3), min_size=1, max_size=2).map(tuple)
            | st.just({"not": "a list"})
        )
    if origin is dict:
        return (
            st.dictionaries(TEXTS, odd(args[1]), min_size=1, max_size=2)
            | st.dictionaries(INTS, values(args[1], 3), min_size=1, max_size=2)
            | st.dictionaries(TEXTS.map(Text), values(args[1], 3), min_size=1, max_size=2)
            | st.just([("k", 1.0)])
        )
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return instances(annotation, 3).map(
            lambda m: _subclass(type(m)).model_construct(**m.__dict__)
        ) | instances(annotation, 3).map(_missing_one)
    return st.sampled_from([(), ("a", 1.0000004), {1: "one"}, None, Colour.RED])


def _missing_one(model: BaseModel) -> BaseModel:
    """The model built without its first field's value."""
    made = type(model).model_construct(**model.__dict__)
    made.__dict__.pop(next(iter(type(model).model_fields)), None)
    return made


def values(annotation: Any, depth: int) -> st.SearchStrategy[Any]:
    """Random valid values of a Result field's annotation (depth bounds the nesting)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is str:
        return TEXTS
    if annotation is float:
        return FLOATS
    if annotation is int:
        return INTS
    if annotation is bool:
        return st.booleans()
    if annotation is type(None):
        return st.none()
    if annotation is dt.date:
        return st.dates()
    if annotation is Any:
        return JSON_ANY
    if origin is Literal:
        return st.sampled_from(args)
    if origin in (Union, types.UnionType):
        return st.one_of([values(a, depth) for a in args])
    size = 3 if depth < 1 else 2 if depth < 3 else 1
    if origin in (list, abc.Sequence):  # Sequence: Result.panel (a list, or a PanelRecord)
        return st.lists(values(args[0], depth + 1), max_size=size)
    if origin is dict:
        return st.dictionaries(
            values(args[0], depth + 1), values(args[1], depth + 1), max_size=size
        )
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return instances(annotation, depth + 1)
    raise AssertionError(f"no strategy for {annotation!r}: add one")


@st.composite
def instances(draw: st.DrawFn, cls: type[BaseModel], depth: int = 0) -> BaseModel:
    """A random instance of a Result model class: validated, or (one in four) built without
    validation, with some fields of another type, missing, or holding a subclass's model (but
    a Result's panel lines as panel_text expects them, as it did before model_text)."""
    given_values = {}
    for name, info in cls.model_fields.items():
        has_default = info.default is not PydanticUndefined or info.default_factory is not None
        if has_default and draw(st.integers(0, 3)) == 0:
            continue  # the default
        strategy = SPECIAL[cls, name] if (cls, name) in SPECIAL else values(info.annotation, depth)
        given_values[name] = draw(strategy)
    if draw(st.integers(0, 3)) > 0:
        return cls.model_validate(given_values)
    made = cls.model_validate(given_values).__dict__.copy()
    for name, info in cls.model_fields.items():
        choice = draw(st.integers(0, 9))
        if (cls, name) in PANEL or (cls is PanelLine and choice == 1):
            continue
        if choice == 0:
            made[name] = draw(odd(info.annotation))
        elif choice == 1 and info.is_required():
            del made[name]
        elif choice == 2 and isinstance(made[name], BaseModel):
            made[name] = _subclass(type(made[name])).model_construct(**made[name].__dict__)
    return cls.model_construct(**made)


_SUBCLASSES: dict[type, type] = {}


def _subclass(cls: type[BaseModel]) -> type[BaseModel]:
    """A subclass with one more field: pydantic dumps it by the field's class, without it."""
    if cls not in _SUBCLASSES:
        _SUBCLASSES[cls] = type(
            "More" + cls.__name__,
            (cls,),
            {"__annotations__": {"more": int}, "more": 1, "__module__": __name__},
        )
    return _SUBCLASSES[cls]


RESULT_MODELS = sorted(
    (
        c
        for c in vars(result_module).values()
        if isinstance(c, type)
        and issubclass(c, BaseModel)
        and c.__module__ == "tenderkit.result"
        and c.model_fields
    ),
    key=lambda c: c.__name__,
)


def test_the_result_models_are_all_covered() -> None:
    """Every model class of result.py is generated below, and the ones result.json is made of
    have plans (so the fast path is what is tested, not only the plain one)."""
    names = {c.__name__ for c in RESULT_MODELS}
    assert {"Result", "BidResult", "Quality", "CoverageDetail", "Notice", "PanelLine"} <= names
    for cls in RESULT_MODELS:
        assert _plans(FLOAT_DIGITS).plan(cls) is not None, cls


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(RESULT_MODELS).flatmap(instances))
def test_any_result_model_is_written_as_json_text_writes_its_dump(model: BaseModel) -> None:
    assert model_text(model, FLOAT_DIGITS) == plain(model)


@pytest.mark.parametrize("cls", RESULT_MODELS, ids=lambda c: c.__name__)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_field_of_another_type_is_written_as_its_dump(cls: type[BaseModel], data) -> None:
    """Each field in turn holding what validation would not have let in: that field (or the
    whole model, for a missing value) takes the plain path, with the same bytes."""
    base = data.draw(instances(cls, 3))
    name = data.draw(st.sampled_from(sorted(cls.model_fields)))
    annotation = cls.model_fields[name].annotation
    value = data.draw(odd(annotation))
    model = cls.model_construct(**{**base.__dict__, name: value})
    assert model_text(model, FLOAT_DIGITS) == plain(model)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(instances(Result))
def test_a_random_result_is_written_as_before(result: Result) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _outcome(result.to_json) == _outcome(lambda: old_to_json(result))
        assert model_text(result, FLOAT_DIGITS) == plain(result)


def _outcome(write: Callable[[], str]) -> str | type[Exception]:
    """The text written, or the kind of error: panel_text (both ways) refuses a value json.dumps
    refuses, such as bytes in a panel line built without validation."""
    try:
        return write()
    except TypeError as error:
        return type(error)


@pytest.mark.parametrize("name", example_names())
def test_the_examples_are_written_as_before(name: str) -> None:
    result = evaluate(load_tender(example(name)))
    assert result.to_json() == old_to_json(result)


# --- classes that serialise their own way: the plain path, whole or per field ---------------


class Colour(enum.Enum):
    RED = "red"
    BLUE = 2


class Inner(BaseModel):
    x: float = 0.5000004
    s: str = "s"


class Serialised(BaseModel):
    x: float

    @field_serializer("x")
    def _x(self, value: float) -> str:
        return f"x={value}"


class WholeSerialised(BaseModel):
    x: float = 1.0

    @model_serializer
    def _all(self) -> dict[str, Any]:
        return {"z": [self.x], "a": None}


class Computed(BaseModel):
    x: float = 1.25

    @computed_field
    @property
    def double(self) -> float:
        return self.x * 2.0000002


class Excluded(BaseModel):
    x: float = 1.0
    secret: str = Field(default="s", exclude=True)
    maybe: int | None = Field(default=None, exclude_if=lambda v: v is None)


class Aliased(BaseModel):
    model_config = ConfigDict(serialize_by_alias=True)
    x: float = Field(default=1.0, serialization_alias="zz")
    y: str = Field(default="y", alias="b")


class Extra(BaseModel):
    model_config = ConfigDict(extra="allow")
    x: float = 1.0


class Timed(BaseModel):
    model_config = ConfigDict(ser_json_timedelta="float")
    t: dt.timedelta = dt.timedelta(seconds=90)
    x: float = 2.0


class Root(RootModel[list[float]]):
    pass


class Holder(BaseModel):
    """Fields of every kind model_text writes itself or hands to pydantic."""

    text: str = "a"
    number: float = -0.0
    whole: int = 10**30
    flag: bool = False
    nothing: None = None
    kind: Literal["a", "b"] = "a"
    numbers: Literal[1, 2] = 2
    colour: Colour = Colour.BLUE
    day: dt.date = dt.date(2026, 12, 3)
    moment: dt.datetime = dt.datetime(2026, 12, 3, 11, 0, 1, 500)
    money: Decimal = Decimal("1.10")
    share: Fraction = Fraction(1, 3)
    pair: tuple[float, str] = (1.0000004, "b")
    by_number: dict[int, str] = Field(default_factory=lambda: {2: "b", 10: "a"})
    by_text: dict[str, list[float]] = Field(default_factory=lambda: {"b": [1e-7], "a": []})
    either: int | str = "1"
    optional: Inner | None = None
    inner: Inner = Field(default_factory=Inner)
    inners: list[Inner] = Field(default_factory=lambda: [Inner(), Inner(x=math.inf)])
    serialised: Serialised = Field(default_factory=lambda: Serialised(x=0.1 + 0.2))
    whole_serialised: WholeSerialised = Field(default_factory=WholeSerialised)
    computed: Computed = Field(default_factory=Computed)
    excluded: Excluded = Field(default_factory=Excluded)
    aliased: Aliased = Field(default_factory=Aliased)
    extra: Extra = Field(default_factory=lambda: Extra(x=2.0, more=[1.0000007]))
    timed: Timed = Field(default_factory=Timed)
    root: Root = Field(default_factory=lambda: Root([1.0, 2.0000004]))
    roots: dict[str, Root] = Field(default_factory=lambda: {"r": Root([])})
    checked: Annotated[str, AfterValidator(str.strip)] = "c"
    anything: Any = Field(default_factory=lambda: {"t": (1, 2.0000004), 3: Colour.RED})


class Annotations(BaseModel):
    """Fields whose `Annotated` metadata changes their dump: the whole model, plainly."""

    plain_serialised: Annotated[float, PlainSerializer(lambda v: [v, "p"])] = 1.5
    listed_serialised: list[Annotated[float, PlainSerializer(str)]] = Field(
        default_factory=lambda: [1.0]
    )
    validated: Annotated[float, PlainValidator(float)] = 1.0000004
    wrapped: Annotated[float, WrapValidator(lambda v, h: h(v))] = 2.5
    as_any: SerializeAsAny[Inner] = Field(default_factory=lambda: _subclass(Inner)(x=0.25))
    inner: Inner = Field(default_factory=Inner)


class Holds(BaseModel):
    """A plain class holding one that is not."""

    annotations: Annotations = Field(default_factory=Annotations)
    annotated: list[Annotations] = Field(default_factory=lambda: [Annotations()])


class Own(Holder):
    """A class of its own serialisation holding all of the above: the whole model, plainly."""

    @model_serializer(mode="wrap")
    def _wrapped(self, handler: Any) -> Any:
        return {"wrapped": handler(self)}


def test_a_class_serialising_its_own_way_is_written_plainly_and_its_holder_has_a_plan() -> None:
    """So the cases above take the per-field and per-model ways back to the plain path."""
    plans = _plans(FLOAT_DIGITS)
    for cls in (Own, Serialised, WholeSerialised, Computed, Excluded, Aliased, Extra, Timed, Root):
        assert plans.plan(cls) is None, cls
    assert plans.plan(Annotations) is None
    assert plans.plan(Holder) is not None
    assert plans.plan(Holds) is not None
    assert plans.plan(Inner) is not None


@pytest.mark.parametrize(
    "model",
    [
        Holder(),
        Holder(optional=Inner(x=-1e-9), either=3, pair=(math.nan, "")),
        Holder(inner=Inner.model_construct(x=1)),  # an int in a float field
        Holder(inners=[_subclass(Inner)(x=0.25)]),  # a subclass's model: its class's fields
        Holder.model_construct(**{**Holder().__dict__, "inners": (Inner(),)}),  # a tuple
        Holder.model_construct(text="missing all else"),  # built with defaults
        Inner.model_construct(s="x"),  # a missing field: pydantic's dump leaves it out
        Own(),
        Annotations(),
        Holds(),
        Serialised(x=1.0000004),
        WholeSerialised(),
        Computed(),
        Excluded(maybe=3),
        Aliased(),
        Extra(more=1),
        Timed(),
        Root([0.5, -0.0]),
    ],
    ids=lambda m: type(m).__name__,
)
def test_a_model_of_any_kind_is_written_as_json_text_writes_its_dump(model: BaseModel) -> None:
    assert model_text(model, FLOAT_DIGITS) == plain(model)


def test_written_fields_go_in_as_written_also_on_the_plain_path() -> None:
    """Fields already written (result.json's panel) go in at their place, with a plan or without."""
    for model in (Holder(), Own(), Holder.model_construct(text="t")):
        data = model.model_dump(mode="json", exclude={"text"})
        data["text"] = Written('"already"')
        assert model_text(model, FLOAT_DIGITS, written={"text": '"already"'}) == json_text(
            data, FLOAT_DIGITS
        )
    for model in (Holder(), Own(), Holder.model_construct(text="t")):  # or in pieces
        assert model_text(model, FLOAT_DIGITS, written={"text": ['"alr', "", 'eady"']}) == (
            model_text(model, FLOAT_DIGITS, written={"text": '"already"'})
        )
    data = {**Inner().model_dump(mode="json"), "not_a_field": Written("[]")}
    assert model_text(Inner(), FLOAT_DIGITS, written={"not_a_field": "[]"}, end="\n") == (
        json_text(data, FLOAT_DIGITS) + "\n"
    )


# --- one model at several places: its text is kept for the call, per indent ----------------


class Shares(BaseModel):
    """One model held at several places and depths, as evaluate shares one coverage grade and
    one requirement score among many requirements and bids."""

    one: result_module.Notice
    many: list[result_module.Notice]
    deeper: dict[str, list[result_module.Notice]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(result_module.Notice, 3), instances(result_module.Notice, 3))
def test_a_model_met_again_is_written_as_at_its_first_place(shared: BaseModel, other) -> None:
    """The same object at three indents (and beside another): each place its own text."""
    model = Shares.model_construct(
        one=shared, many=[shared, other, shared], deeper={"a": [shared], "b": [other, shared]}
    )
    assert model_text(model, FLOAT_DIGITS) == plain(model)


def test_a_model_changed_between_two_calls_is_written_as_it_is_now() -> None:
    """The texts are kept for one call only: a model built without validation can change."""
    notice = result_module.Notice(code="c", message="first", bidder=None)
    model = Shares(one=notice, many=[notice], deeper={})
    assert '"first"' in model_text(model, FLOAT_DIGITS)
    notice.__dict__["message"] = "second"
    assert model_text(model, FLOAT_DIGITS) == plain(model)
    assert '"first"' not in model_text(model, FLOAT_DIGITS)
