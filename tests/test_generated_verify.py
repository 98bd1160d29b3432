"""The generated ``verify`` (the check before every write) has the outcome of the plan's
field-by-field ``verify_slow`` for any instance: the same error, or none, and the same state
after it (datetimes truncated in containers). Instances are built valid, then broken through
their ``__dict__`` and in place: wrong types, strings BSON cannot encode, ints outside int64,
what an ``Any`` field or the ``_id`` cannot store, deleted required fields, subclasses of the
embedded models (no server)."""

from __future__ import annotations

import contextlib
import copy
import datetime
import inspect
from collections.abc import Callable
from typing import Any

import pytest
from bson import ObjectId
from hypothesis import given, settings
from hypothesis import strategies as st

from gault._schema.plan import plan_of
from gault.exceptions import ValidationError
from gault.models import Model, Schema, configure

UTC = datetime.UTC


class Leaf(Model):
    label: str
    size: int


class Twig(Leaf):
    """A subclass: written values of it are verified by its own plan."""

    colour: str = "green"


class Doc(Schema, collection="generated_verify_docs"):
    id: ObjectId = configure(pk=True, db_alias="_id")
    title: str
    count: int
    ratio: float
    flag: bool
    note: str | None
    anything: Any = None
    leaf: Leaf
    maybe_leaf: Leaf | None = None
    leaves: list[Leaf] = configure(default_factory=list)
    by_name: dict[str, Leaf] = configure(default_factory=dict)
    times: list[datetime.datetime] = configure(default_factory=list)
    tags: list[str] = configure(default_factory=list)


class Keyed(Schema, collection="generated_verify_keyed"):
    """A pk of type ``Any``: any ``_id`` value is checked for what MongoDB refuses there."""

    key: Any = configure(pk=True, db_alias="_id")
    name: str = "n"


def _leaf(label: str = "a", size: int = 1) -> Leaf:
    return Leaf(label=label, size=size)


def _broken(model: Model, name: str, value: Any) -> Model:
    model.__dict__[name] = value
    return model


def _cleared(model: Model) -> Model:
    model.__dict__.clear()
    return model


def _valid() -> Doc:
    return Doc(
        title="t",
        count=1,
        ratio=0.5,
        flag=True,
        note=None,
        leaf=_leaf(),
        leaves=[_leaf("b"), _leaf("c")],
        by_name={"x": _leaf("x")},
        times=[datetime.datetime(2026, 1, 1, tzinfo=UTC)],
    )


#: Values to put in a field's ``__dict__`` entry, fitting or not.
_ODD = st.one_of(
    st.text(max_size=3),
    st.sampled_from(["\ud800", "caf\u00e9", "x\udfff"]),
    st.integers(-(2**64), 2**64),
    st.sampled_from([2**63, -(2**63) - 1, 2**63 - 1, True, False]),
    st.floats(allow_nan=False),
    st.none(),
    st.builds(ObjectId),
    st.just({"$bad": 1}),
    st.just({"a.b": 1}),
    st.lists(st.integers(-3, 3), max_size=2),
    st.builds(lambda: _leaf()),
    st.builds(lambda: Twig(label="tw", size=2)),
    st.builds(lambda: _broken(Twig(label="tw", size=2), "label", "\ud800")),
    st.builds(lambda: _cleared(_leaf())),  # no field set at all
)


def _edit(name: str) -> st.SearchStrategy[Callable[[Doc], None]]:
    """One change to ``doc``: a field replaced or deleted in its ``__dict__`` (by a copy of the
    value: each outcome is computed on a doc of its own, and a later edit may change the value
    in place)."""

    def replace(value: Any) -> Callable[[Doc], None]:
        return lambda doc: doc.__dict__.__setitem__(name, copy.deepcopy(value))

    def delete(doc: Doc) -> None:
        doc.__dict__.pop(name, None)

    return st.builds(replace, _ODD) | st.just(delete)


def _nested(path: str) -> st.SearchStrategy[Callable[[Doc], None]]:
    """One in-place change inside an embedded model or a container."""
    edits: dict[str, Callable[[Doc, Any], None]] = {
        "leaf.label": lambda doc, value: doc.leaf.__dict__.__setitem__("label", value),
        "leaf.size": lambda doc, value: doc.leaf.__dict__.__setitem__("size", value),
        "leaves[1].size": lambda doc, value: doc.leaves[1].__dict__.__setitem__("size", value),
        "leaves+": lambda doc, value: doc.leaves.append(value),
        "by_name[x].label": lambda doc, value: doc.by_name["x"].__dict__.__setitem__(
            "label", value
        ),
        "by_name+": lambda doc, value: doc.by_name.__setitem__("y", value),
        "times+": lambda doc, value: doc.times.append(value),
        "tags+": lambda doc, value: doc.tags.append(value),
    }
    edit = edits[path]
    values = _ODD | st.just(datetime.datetime(2026, 1, 2, 3, 4, 5, 678_901, tzinfo=UTC))
    return values.map(lambda value: lambda doc: edit(doc, copy.deepcopy(value)))


_FIELDS = [field.name for field in plan_of(Doc).fields]
_PATHS = [
    "leaf.label",
    "leaf.size",
    "leaves[1].size",
    "leaves+",
    "by_name[x].label",
    "by_name+",
    "times+",
    "tags+",
]
changes = st.lists(
    st.sampled_from(_FIELDS).flatmap(_edit) | st.sampled_from(_PATHS).flatmap(_nested),
    max_size=3,
)


def _state(value: Any) -> Any:
    if isinstance(value, Model):
        return type(value), {name: _state(item) for name, item in vars(value).items()}
    if isinstance(value, dict):
        return {key: _state(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_state(item) for item in value]
    return type(value), repr(value)


def _outcome(
    verify: Callable[..., None], edits: list[Callable[[Doc], None]], **options: Any
) -> tuple[Any, Any]:
    doc = _valid()
    for edit in edits:
        # An in-place change inside a field an earlier edit deleted or replaced: no change.
        with contextlib.suppress(AttributeError, KeyError, IndexError, TypeError):
            edit(doc)
    try:
        verify(doc, **options)
    except (ValidationError, TypeError, ValueError) as error:
        result: Any = (type(error).__name__, str(error))
    else:
        result = None
    return result, _state(doc)


@settings(max_examples=500, deadline=None)
@given(edits=changes, nested=st.booleans())
def test_the_generated_verify_has_the_outcome_of_the_slow_one(
    edits: list[Callable[[Doc], None]], nested: bool
) -> None:
    plan = plan_of(Doc)
    # As a parent verifies an embedded document: with a root model and a path.
    options: dict[str, Any] = {"root": Keyed, "prefix": "outer[0]"} if nested else {}
    assert _outcome(plan.verify, edits, **options) == _outcome(plan.verify_slow, edits, **options)


def test_a_valid_instance_takes_the_generated_path() -> None:
    source = inspect.getsource(plan_of(Doc).verify)
    assert "isascii()" in source and "_min <= v <= _max" in source
    plan_of(Doc).verify(_valid())


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda doc: doc.__dict__.__setitem__("title", "\ud800"), "Doc.title"),
        (lambda doc: doc.__dict__.__setitem__("count", 2**63), "Doc.count"),
        (lambda doc: doc.__dict__.__setitem__("anything", {"k": 2**70}), "Doc.anything"),
        (lambda doc: doc.leaf.__dict__.__setitem__("label", "x\udfff"), "Doc.leaf.label"),
        (lambda doc: doc.leaves[1].__dict__.__setitem__("size", "9"), "Doc.leaves[1].size"),
        (lambda doc: doc.by_name["x"].__dict__.pop("size"), "Doc.by_name['x'].size"),
        (lambda doc: doc.__dict__.pop("title"), "Doc.title"),
    ],
)
def test_what_cannot_be_written_is_refused_with_its_path(
    edit: Callable[[Doc], None], message: str
) -> None:
    doc = _valid()
    edit(doc)
    with pytest.raises(ValidationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        plan_of(Doc).verify(doc)


def test_an_id_that_mongodb_refuses_is_refused() -> None:
    plan_of(Keyed).verify(Keyed(key={"a": 1}))
    with pytest.raises(ValidationError, match=r"Keyed\.key.*\$a"):
        plan_of(Keyed).verify(Keyed(key={"$a": 1}))


def test_datetimes_added_in_place_are_truncated_to_milliseconds() -> None:
    doc = _valid()
    doc.times.append(datetime.datetime(2026, 1, 2, 3, 4, 5, 678_901, tzinfo=UTC))
    plan_of(Doc).verify(doc)
    assert doc.times[-1].microsecond == 678_000
