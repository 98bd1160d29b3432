"""The generated loaders' bulk path (a copy of a document that fits exactly) gives what the
per-field path gives, for any document: the same instance state, origins and stamps, the same
``__post_init__`` calls, the same errors (no server)."""

from __future__ import annotations

import datetime
import inspect
import types
from collections.abc import Mapping
from typing import Any

import pytest
from bson import ObjectId
from hypothesis import given, settings
from hypothesis import strategies as st

from gault.exceptions import ValidationError
from gault.mappers import get_mapper
from gault.models import Model, Schema, configure

UTC = datetime.UTC
POST_INITS: list[str] = []


class Flat(Model):
    name: str
    count: int = 0
    note: str | None = None


class Leaf(Model):
    label: str
    size: int

    def __post_init__(self) -> None:
        POST_INITS.append(self.label)


class Doc(Schema, collection="bulk_load_docs"):
    id: ObjectId = configure(pk=True, db_alias="_id")
    title: str = configure(db_alias="t")
    score: float
    flag: bool
    when: datetime.datetime
    maybe: int | None
    flat: Flat
    leaves: list[Leaf]
    tags: list[str] = configure(default_factory=list)


class Swapped(Model):
    """Renames onto another field's name: the bulk path is not generated."""

    a: str = configure(db_alias="b")
    b: str = configure(db_alias="a")


def _values() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.text(max_size=3),
        st.integers(-(2**63), 2**63 - 1),
        st.booleans(),
        st.floats(allow_nan=False),
        st.none(),
        st.builds(ObjectId),
        st.datetimes(timezones=st.just(UTC)),
        st.datetimes(),
        st.lists(st.text(max_size=2), max_size=2),
    )


def _flat() -> st.SearchStrategy[Any]:
    return (
        st.fixed_dictionaries(
            {"name": st.text(max_size=3)},
            optional={
                "count": st.integers(0, 9),
                "note": st.none() | st.text(max_size=2),
                "x": _values(),
            },
        )
        | _values()
    )


def _leaf() -> st.SearchStrategy[Any]:
    return st.fixed_dictionaries(
        {"label": st.text(max_size=3), "size": st.integers(0, 9) | st.booleans()},
        optional={"extra": _values()},
    )


#: Documents that mostly fit ``Doc``, with missing, unknown and ill-typed keys mixed in.
documents = st.fixed_dictionaries(
    {},
    optional={
        "_id": st.builds(ObjectId) | _values(),
        "t": st.text(max_size=3) | _values(),
        "title": _values(),
        "score": st.floats(allow_nan=False) | _values(),
        "flag": st.booleans() | _values(),
        "when": st.datetimes(timezones=st.just(UTC)) | _values(),
        "maybe": st.none() | st.integers(0, 9) | _values(),
        "flat": _flat(),
        "leaves": st.lists(_leaf(), max_size=2) | _values(),
        "tags": st.lists(st.text(max_size=2), max_size=2) | _values(),
        "unknown": _values(),
    },
)


_KEYS = ["_id", "t", "score", "flag", "when", "maybe", "flat", "leaves", "tags"]

#: Documents that fit ``Doc`` exactly (the bulk path at every level)...
fitting = st.fixed_dictionaries(
    {
        "_id": st.builds(ObjectId),
        "t": st.text(max_size=3),
        "score": st.floats(allow_nan=False),
        "flag": st.booleans(),
        "when": st.datetimes(timezones=st.just(UTC)),
        "maybe": st.none() | st.integers(0, 9),
        "flat": st.fixed_dictionaries(
            {"name": st.text(max_size=2), "count": st.integers(0, 9), "note": st.none()}
        ),
        "leaves": st.lists(_leaf(), max_size=2),
        "tags": st.lists(st.text(max_size=2), max_size=2),
    }
)
#: ...and the same with one key changed, added or removed (the bulk path's every doubt).
nearly_fitting = st.tuples(
    fitting,
    st.dictionaries(st.sampled_from([*_KEYS, "title", "unknown"]), _values(), max_size=1),
    st.sets(st.sampled_from(_KEYS), max_size=1),
).map(lambda parts: {k: v for k, v in {**parts[0], **parts[1]}.items() if k not in parts[2]})


def _per_field(value: Any) -> Any:
    """``value`` with every document a read-only mapping: the loaders' per-field path."""
    if isinstance(value, dict):
        return types.MappingProxyType({key: _per_field(item) for key, item in value.items()})
    if isinstance(value, list):
        return [_per_field(item) for item in value]
    return value


def _state(value: Any) -> Any:
    """Everything a load leaves on an instance, recursively, as plain data."""
    if isinstance(value, Model):
        origin = getattr(value, "_gault_origin", None)
        return (
            type(value).__qualname__,
            {name: _state(item) for name, item in vars(value).items()},
            getattr(value, "_gault_changes", "unset"),
            None if origin is None else _state(dict(origin)),
        )
    if isinstance(value, Mapping):
        return {key: _state(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_state(item) for item in value]
    return (type(value), value)


def _outcome(document: Any) -> tuple[Any, list[str]]:
    POST_INITS.clear()
    try:
        result: Any = _state(get_mapper(Doc).load(document))
    except ValidationError as error:
        result = ("error", str(error))
    return result, list(POST_INITS)


@settings(max_examples=400, deadline=None)
@given(document=documents | fitting | nearly_fitting)
def test_the_bulk_path_loads_what_the_per_field_path_loads(document: dict[str, Any]) -> None:
    assert _outcome(document) == _outcome(_per_field(document))


def test_a_fitting_document_takes_the_bulk_path_and_is_copied() -> None:
    raw = {
        "_id": ObjectId(),
        "t": "a",
        "score": 1.5,
        "flag": True,
        "when": datetime.datetime(2026, 1, 1, tzinfo=UTC),
        "maybe": None,
        "flat": {"name": "n", "count": 1, "note": None},
        "leaves": [{"label": "x", "size": 1}],
        "tags": ["a"],
    }
    POST_INITS.clear()
    doc = get_mapper(Doc).load(raw)
    assert POST_INITS == ["x"]
    assert vars(doc) is not raw and "_id" not in vars(doc) and "t" not in vars(doc)
    assert doc.id == raw["_id"] and doc.title == "a"
    assert vars(doc.flat) is not raw["flat"] and doc.flat._gault_origin is raw["flat"]
    doc.tags.append("b")
    doc.flat.count = 2
    assert raw["tags"] == ["a"] and raw["flat"]["count"] == 1


def test_a_document_with_an_unknown_key_in_place_of_a_field_keeps_only_fields() -> None:
    raw = {"name": "n", "count": 1, "other": "x"}  # as many keys as fields, ``note`` missing
    flat = get_mapper(Flat).load(raw)
    assert vars(flat) == {"name": "n", "count": 1, "note": None}


def test_a_bool_in_an_int_field_is_refused_on_both_paths() -> None:
    raw = {"label": "x", "size": True}
    with pytest.raises(ValidationError, match="size"):
        get_mapper(Leaf).load(raw)


def test_renames_onto_another_fields_name_get_no_bulk_path() -> None:
    assert "raw.copy()" not in inspect.getsource(get_mapper(Swapped).load)
    assert vars(get_mapper(Swapped).load({"a": "x", "b": "y"})) == {"a": "y", "b": "x"}
    assert "raw.copy()" in inspect.getsource(get_mapper(Flat).load)
