"""A property of saves (issue 10): over random sequences of assignments, ``del``, in-place edits
of lists, dicts and embedded models, and saves, ``get_dirty_fields`` always equals a
brute-force comparison of the dumped instance with the snapshot, and after every save the
document on the server is the instance and nothing is dirty."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pymongo.synchronous.database import Database

from gault._schema.plan import FieldSpec, plan_of
from gault._support import MISSING
from gault.managers import Manager
from gault.models import Model, Schema, configure
from gault.predicates import Field


class Item(Model):
    label: Field[str]
    qty: Field[int] = configure(default=0)


class Team(Model):
    name: Field[str]
    members: Field[list[str]] = configure(default_factory=list)
    lead: Field[Item | None] = configure(default=None)


class Board(Schema, collection="boards"):
    id: Field[str] = configure(pk=True, db_alias="_id")
    title: Field[str]
    note: Field[str | None] = configure(default=None)
    score: Field[int] = configure(default=0, db_alias="points")
    tags: Field[list[str]] = configure(default_factory=list)
    counts: Field[dict[str, int]] = configure(default_factory=dict)
    team: Field[Team]
    items: Field[list[Item]] = configure(default_factory=list)


def _same(field: FieldSpec, dumped: Any, raw: Any) -> bool:
    """Whether a dumped value and a stored one agree; a key missing from the stored side
    stands for what loading gives (the default, or ``None``), one missing from the dumped side
    (a deleted field) only for a missing stored key."""
    if dumped is MISSING or raw is MISSING:
        if dumped is MISSING:
            return raw is MISSING
        loaded = field.make_default() if field.has_default else None
        return bool(dumped == field.codec.encode_value(loaded))
    if field.codec.shape in ("model", "optional") and isinstance(raw, dict):
        model = field.embedded
        assert model is not None and isinstance(dumped, dict)
        return _same_document(model, dumped, raw)
    if field.codec.shape == "list" and field.embedded is not None:
        model = field.embedded
        return len(dumped) == len(raw) and all(
            isinstance(item, dict) and _same_document(model, item, stored)
            for item, stored in zip(dumped, raw)
        )
    return bool(dumped == raw)


def _same_document(model: type, dumped: dict[str, Any], raw: dict[str, Any]) -> bool:
    return all(
        _same(field, dumped.get(field.db_key, MISSING), raw.get(field.db_key, MISSING))
        for field in plan_of(model).fields
    )


def brute_dirty(instance: Model, snapshot: dict[str, Any]) -> set[str]:
    """The fields whose dumped value disagrees with ``snapshot``, compared key by key."""
    plan = plan_of(type(instance))
    dumped = plan.dump(instance)
    return {
        field.name
        for field in plan.fields
        if not _same(field, dumped.get(field.db_key, MISSING), snapshot.get(field.db_key, MISSING))
    }


def _tags(board: Board) -> list[str]:
    if "tags" not in board.__dict__:
        board.tags = []
    return board.tags


def _counts(board: Board) -> dict[str, int]:
    if "counts" not in board.__dict__:
        board.counts = {}
    return board.counts


def _items(board: Board) -> list[Item]:
    if "items" not in board.__dict__:
        board.items = []
    return board.items


def _members(board: Board) -> list[str]:
    if "members" not in board.team.__dict__:
        board.team.members = []
    return board.team.members


def _lead(board: Board) -> Item | None:
    lead: Item | None = board.team.__dict__.get("lead")
    return lead


def _delete(board: Board, name: str) -> None:
    target: Model = board.team if name in ("members", "lead") else board
    if name in target.__dict__:
        delattr(target, name)


Edit = Callable[[Board], object]
text = st.text(alphabet="abc", max_size=3)
number = st.integers(min_value=-3, max_value=3)
edits: st.SearchStrategy[tuple[str, Edit]] = st.one_of(
    text.map(lambda v: ("title =", lambda b: setattr(b, "title", v))),
    st.none().map(lambda _: ("title = same", lambda b: setattr(b, "title", b.title))),
    st.one_of(st.none(), text).map(lambda v: ("note =", lambda b: setattr(b, "note", v))),
    number.map(lambda v: ("score =", lambda b: setattr(b, "score", v))),
    st.sampled_from(["note", "score", "tags", "counts", "items", "members", "lead"]).map(
        lambda name: (f"del {name}", lambda b: _delete(b, name))
    ),
    text.map(lambda v: ("tags.append", lambda b: _tags(b).append(v))),
    st.lists(text, max_size=3).map(lambda v: ("tags.extend", lambda b: _tags(b).extend(v))),
    st.none().map(lambda _: ("tags.pop", lambda b: _tags(b) and _tags(b).pop())),
    text.map(lambda v: ("tags[0] =", lambda b: _tags(b) and _tags(b).__setitem__(0, v))),
    st.lists(text, max_size=3).map(lambda v: ("tags =", lambda b: setattr(b, "tags", v))),
    st.tuples(text, number).map(
        lambda kv: ("counts[k] =", lambda b: _counts(b).__setitem__(kv[0], kv[1]))
    ),
    text.map(lambda k: ("counts.pop", lambda b: _counts(b).pop(k, None))),
    text.map(lambda v: ("team.name =", lambda b: setattr(b.team, "name", v))),
    text.map(lambda v: ("team.members.append", lambda b: _members(b).append(v))),
    st.none().map(lambda _: ("team.members.clear", lambda b: _members(b).clear())),
    text.map(lambda v: ("team.lead =", lambda b: setattr(b.team, "lead", Item(label=v)))),
    number.map(lambda v: ("team.lead.qty =", lambda b: _lead(b) and setattr(_lead(b), "qty", v))),
    text.map(lambda v: ("team =", lambda b: setattr(b, "team", Team(name=v)))),
    text.map(lambda v: ("items.append", lambda b: _items(b).append(Item(label=v)))),
    number.map(
        lambda v: ("items[-1].qty =", lambda b: _items(b) and setattr(_items(b)[-1], "qty", v))
    ),
    st.none().map(lambda _: ("items.pop(0)", lambda b: _items(b) and _items(b).pop(0))),
)
saves = st.tuples(st.booleans(), st.booleans()).map(
    lambda options: (f"save(atomic={options[0]}, refresh={options[1]})", options)
)
steps = st.lists(st.one_of(edits, saves), min_size=1, max_size=14)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_saves_write_exactly_the_instance(
    sync_db: Database[Any], steps: list[tuple[str, Any]]
) -> None:
    sync_db.boards.delete_many({})
    manager = Manager(sync_db)
    tracker = manager.state_tracker
    manager.insert(Board(id="b", title="t", tags=["x"], team=Team(name="n", members=["m"])))
    board = manager.get(Board, Board.id == "b")
    for label, step in steps:
        if isinstance(step, tuple):
            atomic, refresh = step
            manager.save(board, atomic=atomic, refresh=refresh)
            stored = sync_db.boards.find_one({"_id": "b"})
            assert stored is not None
            assert brute_dirty(board, stored) == set(), label
            assert tracker.get_dirty_fields(board) == set(), label
            # loading the dump fills deleted fields as loading the stored document does
            as_loaded = plan_of(Board).load(plan_of(Board).dump(board))
            assert Manager(sync_db).get(Board, Board.id == "b") == as_loaded, label
        else:
            step(board)
        snapshot = tracker.get_snapshot(board)
        assert snapshot is not None
        assert tracker.get_dirty_fields(board) == brute_dirty(board, dict(snapshot)), label
