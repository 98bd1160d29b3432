# Generated from tests/managers/aio/test_atomic_saves.py by scripts/unasync.py: edit the source, then regenerate.
"""Atomic saves (issue 10): the commands sent, recorded with PyMongo command monitoring, and
what the documents hold afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pymongo import MongoClient
from pymongo.errors import BulkWriteError
from pymongo.synchronous.database import Database

from gault.exceptions import Conflict, Unprocessable, ValidationError
from gault.managers import Manager

from ..support import Article, Crew, Project, Recorder, Ticket, User, Wide

Recorded = tuple[Manager, Recorder, Database[Any]]


@pytest.fixture
def recorded(mongodb_uri: str, database_name: str) -> Iterator[Recorded]:
    recorder = Recorder()
    client: MongoClient[Any] = MongoClient(mongodb_uri, tz_aware=True, event_listeners=[recorder])
    database = client[database_name]
    yield Manager(database), recorder, database
    client.close()


def load_project(manager: Manager, recorder: Recorder) -> Project:
    manager.insert(
        Project(id="p", title="T", tags=["a"], counts={"x": 1}, crew=Crew(name="c", members=["m"]))
    )
    project = manager.get(Project, Project.id == "p")
    recorder.clear()
    return project


def only_command(recorder: Recorder) -> dict[str, Any]:
    """The one command sent since the last ``clear``: a findAndModify."""
    assert [name for name, _ in recorder.commands] == ["findAndModify"]
    (command,) = recorder.sent("findAndModify")
    return command


def test_one_change_of_a_250_field_document_sends_only_that_field(
    recorded: Recorded,
) -> None:
    manager, recorder, database = recorded
    manager.insert(Wide(id="w"))
    wide = manager.get(Wide, {"_id": "w"})
    recorder.clear()
    wide.f7 = 700  # type: ignore[attr-defined]
    manager.save(wide, atomic=True)
    command = only_command(recorder)
    assert command["query"] == {"_id": "w"}
    assert command["update"] == {"$set": {"f7": 700}}
    assert command["upsert"] is False
    stored = database.wide.find_one({"_id": "w"})
    assert stored is not None
    assert len(stored) == 250 and stored["f7"] == 700 and stored["f8"] == 8
    assert manager.state_tracker.get_dirty_fields(wide) == set()
    recorder.clear()
    manager.save(wide, atomic=True)  # nothing changed since: the upsert alone
    assert set(only_command(recorder)["update"]) == {"$setOnInsert"}


def test_del_sends_unset(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    project = load_project(manager, recorder)
    del project.note
    del project.crew.members
    manager.save(project, atomic=True)
    command = only_command(recorder)
    assert command["update"] == {"$unset": {"note": "", "crew.members": ""}}
    assert command["upsert"] is False
    assert database.projects.find_one() == {
        "_id": "p",
        "title": "T",
        "tags": ["a"],
        "counts": {"x": 1},
        "crew": {"name": "c"},
    }
    assert manager.state_tracker.get_dirty_fields(project) == set()


def test_plain_save_unsets_a_deleted_field(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    project = load_project(manager, recorder)
    del project.note
    manager.save(project)
    assert only_command(recorder)["update"]["$unset"] == {"note": ""}
    stored = database.projects.find_one()
    assert stored is not None and "note" not in stored


def test_deleting_a_required_field_raises_and_writes_nothing(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    project = load_project(manager, recorder)
    del project.title
    for atomic in (True, False):
        with pytest.raises(ValidationError, match=r"Project\.title.*deleted"):
            manager.save(project, atomic=atomic)
    del project.crew.name
    project.title = "back"
    with pytest.raises(ValidationError, match=r"Project\.crew\.name"):
        manager.save(project, atomic=True)
    assert recorder.commands == []
    stored = database.projects.find_one()
    assert stored is not None and stored["title"] == "T" and stored["crew"]["name"] == "c"


def test_appends_send_push_each(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    project = load_project(manager, recorder)
    project.tags += ["b", "c"]
    project.crew.members.append("n")
    project.title = "U"
    manager.save(project, atomic=True)
    command = only_command(recorder)
    assert command["update"] == {
        "$set": {"title": "U"},
        "$push": {"tags": {"$each": ["b", "c"]}, "crew.members": {"$each": ["n"]}},
    }
    stored = database.projects.find_one()
    assert stored is not None
    assert (stored["tags"], stored["crew"]["members"]) == (["a", "b", "c"], ["m", "n"])


def test_any_other_list_change_sets_the_list(recorded: Recorded) -> None:
    manager, recorder, _ = recorded
    project = load_project(manager, recorder)
    project.tags.insert(0, "z")
    project.crew.members.pop()
    manager.save(project, atomic=True)
    assert only_command(recorder)["update"] == {
        "$set": {"tags": ["z", "a"], "crew.members": []},
    }


def test_concurrent_appends_both_survive(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    mine = load_project(manager, recorder)
    other = Manager(database)
    theirs = other.get(Project, Project.id == "p")
    mine.tags.append("mine")
    theirs.tags.append("theirs")
    manager.save(mine, atomic=True)
    other.save(theirs, atomic=True)
    stored = database.projects.find_one()
    assert stored is not None and stored["tags"] == ["a", "mine", "theirs"]


def test_a_document_deleted_meanwhile_is_recreated_whole(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    project = load_project(manager, recorder)
    database.projects.delete_many({})
    recorder.clear()
    project.tags.append("b")
    project.crew.name = "d"
    del project.note
    manager.save(project, atomic=True)
    first, second = recorder.sent("findAndModify")
    assert (first["upsert"], second["upsert"]) == (False, True)
    assert "$setOnInsert" not in first["update"]
    assert second["query"] == {"_id": "p"}
    assert second["update"] == {
        "$set": {"tags": ["a", "b"], "crew.name": "d"},
        "$setOnInsert": {"title": "T", "counts": {"x": 1}, "crew.members": ["m"]},
    }
    assert database.projects.find_one() == {
        "_id": "p",
        "title": "T",
        "tags": ["a", "b"],
        "counts": {"x": 1},
        "crew": {"name": "d", "members": ["m"]},
    }
    assert manager.state_tracker.get_dirty_fields(project) == set()


def test_refresh_returns_the_document_from_either_step(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    project = load_project(manager, recorder)
    database.projects.update_one({"_id": "p"}, {"$set": {"counts": {"y": 2}}})
    project.title = "U"
    manager.save(project, atomic=True, refresh=True)
    assert (project.title, project.counts) == ("U", {"y": 2})
    database.projects.delete_many({})
    project.title = "V"
    manager.save(project, atomic=True, refresh=True)
    assert len(recorder.sent("findAndModify")) == 3
    assert (project.title, project.counts) == ("V", {"y": 2})
    assert manager.state_tracker.get_dirty_fields(project) == set()


def test_versioned_saves_send_no_set_on_insert_without_upsert(recorded: Recorded) -> None:
    manager, recorder, _ = recorded
    article = manager.save(Article(id="a", title="One"))
    for atomic in (True, False):
        recorder.clear()
        article.title = f"atomic={atomic}"
        manager.save(article, atomic=atomic)
        command = only_command(recorder)
        assert command["upsert"] is False
        assert "$setOnInsert" not in command["update"]
    assert article.version == 3


def test_a_stale_save_through_a_fresh_manager_is_a_conflict(recorded: Recorded) -> None:
    _, _, database = recorded
    Manager(database).save(Article(id="a", title="One"))
    mine = Manager(database).get(Article, Article.id == "a")
    theirs = Manager(database).get(Article, Article.id == "a")
    theirs.title = "theirs"
    Manager(database).save(theirs)
    mine.title = "mine"
    with pytest.raises(Conflict) as caught:
        Manager(database).save(mine)
    assert caught.value.filter == {"_id": "a", "version": 1}
    assert caught.value.instances == (mine,)
    assert mine.version == 1
    stored = database.articles.find_one()
    assert stored is not None and (stored["title"], stored["version"]) == ("theirs", 2)


def test_save_many_reports_every_conflict_and_tracks_what_it_wrote(
    recorded: Recorded,
) -> None:
    manager, _, database = recorded
    batch = manager.insert_many([Article(id=f"s{i}", title="t") for i in range(4)])
    for stale in (batch[1], batch[3]):
        other = Manager(database).get(Article, Article.id == stale.id)
        other.body = "other"
        Manager(database).save(other)
    for article in batch:
        article.title = "mine"
    with pytest.raises(Conflict) as caught:
        manager.save_many(batch, atomic=True)
    assert caught.value.instances == (batch[1], batch[3])
    assert caught.value.filter == {"_id": "s1", "version": 0}
    assert [article.version for article in batch] == [1, 0, 1, 0]
    assert manager.state_tracker.get_dirty_fields(batch[0]) == set()
    assert manager.state_tracker.get_dirty_fields(batch[1]) == {"title"}
    batch[0].title = "again"
    manager.save_many([batch[0], batch[2]], atomic=True)  # no conflict on saved ones
    stored = {document["_id"]: document for document in database.articles.find()}
    assert [(stored[f"s{i}"]["title"], stored[f"s{i}"]["version"]) for i in range(4)] == [
        ("again", 2),
        ("t", 1),
        ("mine", 2),
        ("t", 1),
    ]


def test_save_many_recreates_deleted_documents(recorded: Recorded) -> None:
    manager, _, database = recorded
    users = manager.insert_many([User(id=str(i), name=f"n{i}") for i in range(3)])
    database.users.delete_one({"_id": "1"})
    for user in users:
        user.age = 5
    manager.save_many(users, atomic=True)
    documents = [document for document in database.users.find().sort("_id")]
    assert documents == [
        {"_id": str(i), "name": f"n{i}", "email": "", "person_age": 5} for i in range(3)
    ]
    assert all(manager.state_tracker.get_dirty_fields(user) == set() for user in users)


def test_partial_insert_many_marks_what_was_written(recorded: Recorded) -> None:
    manager, _, _ = recorded
    manager.insert(User(id="taken", name="x"))
    batch = [User(id="1", name="a"), User(id="taken", name="b"), User(id="3", name="c")]
    with pytest.raises(BulkWriteError) as caught:
        manager.insert_many(batch)
    assert manager.persistence.is_persisted(batch[0])
    assert manager.state_tracker.get_dirty_fields(batch[0]) == set()
    assert not manager.persistence.is_persisted(batch[1])
    (note,) = caught.value.__notes__
    assert "#1 User(id='taken'" in note


def test_a_changed_pk_is_unprocessable(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    manager.insert(User(id="old", name="A"))
    user = manager.get(User, User.id == "old")
    user.id = "new"
    recorder.clear()
    with pytest.raises(Unprocessable, match=r"'old'.*'new'"):
        manager.save(user, atomic=True)
    with pytest.raises(Unprocessable, match=r"'old'.*'new'"):
        manager.save(user)
    with pytest.raises(Unprocessable, match=r"'old'.*'new'"):
        manager.refresh(user)
    with pytest.raises(Unprocessable, match=r"'old'.*'new'"):
        manager.delete(user)
    assert recorder.commands == []
    assert [document["_id"] for document in database.users.find()] == ["old"]


def test_save_many_of_versioned_instances_unsets_deleted_fields(
    recorded: Recorded,
) -> None:
    manager, recorder, database = recorded
    batch = manager.insert_many([Article(id=f"a{i}", title="t", body="b") for i in range(2)])
    del batch[0].body
    batch[1].title = "u"
    recorder.clear()
    manager.save_many(batch, atomic=True)
    # Each on its own, as save sends it: at the expected version, never an upsert (a bulk's
    # counts would not say which one matched, and a deleted document must not come back).
    commands = recorder.sent("findAndModify")
    assert [command["query"] for command in commands] == [
        {"_id": "a0", "version": 0},
        {"_id": "a1", "version": 0},
    ]
    assert [command["update"] for command in commands] == [
        {"$unset": {"body": ""}, "$set": {"version": 1}},
        {"$set": {"title": "u", "version": 1}},
    ]
    assert not any(command.get("upsert") for command in commands)
    assert recorder.sent("update") == []
    documents = [document for document in database.articles.find().sort("_id")]
    assert documents == [
        {"_id": "a0", "title": "t", "version": 1},
        {"_id": "a1", "title": "u", "body": "b", "version": 1},
    ]
    assert [manager.state_tracker.get_dirty_fields(article) for article in batch] == [set(), set()]


def test_save_many_keeps_the_order_of_one_documents_saves(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    first = manager.insert(User(id="1", name="a"))
    again = User(id="1", name="b")
    recorder.clear()
    manager.save_many([first, User(id="2", name="x"), again])
    assert len(recorder.sent("update")) == 2  # the pk seen twice starts a second bulk_write
    stored = database.users.find_one({"_id": "1"})
    assert stored is not None and stored["name"] == "b"


def test_a_change_made_while_a_save_is_in_flight_stays_dirty(recorded: Recorded) -> None:
    manager, _, database = recorded
    for atomic in (False, True):
        user = manager.insert(User(id=f"atomic={atomic}", name="a"))
        user.name = "b"

        def change(user: User = user) -> None:
            user.age = 7  # runs while the save awaits the server

        (manager.save(user, atomic=atomic), change())
        assert manager.state_tracker.get_dirty_fields(user) == {"age"}
        manager.save(user, atomic=True)
        stored = database.users.find_one({"_id": user.id})
        assert stored is not None and (stored["name"], stored["person_age"]) == ("b", 7)
        assert manager.state_tracker.get_dirty_fields(user) == set()


def test_save_many_of_versioned_instances_unsets_embedded_fields(
    recorded: Recorded,
) -> None:
    manager, _, database = recorded
    ticket = manager.insert(Ticket(code="t", title="T", note="n", crew=Crew(name="c")))
    del ticket.note
    del ticket.crew.members
    manager.save_many([ticket], atomic=True)
    stored = database.tickets.find_one({}, {"_id": False})
    assert stored == {"ticket_code": "t", "title": "T", "crew": {"name": "c"}, "version": 1}
    assert manager.state_tracker.get_dirty_fields(ticket) == set()


def test_a_stale_save_of_a_pk_not_stored_as_id_is_a_conflict(recorded: Recorded) -> None:
    _, _, database = recorded
    Manager(database).save(Ticket(code="t", title="One", crew=Crew(name="c")))
    mine = Manager(database).get(Ticket, Ticket.code == "t")
    theirs = Manager(database).get(Ticket, Ticket.code == "t")
    theirs.title = "theirs"
    Manager(database).save(theirs)
    mine.title = "mine"
    for atomic in (False, True):
        with pytest.raises(Conflict) as caught:
            Manager(database).save(mine, atomic=atomic)
        assert caught.value.filter == {"ticket_code": "t", "version": 1}
        with pytest.raises(Conflict):
            Manager(database).save_many([mine], atomic=atomic)
    assert mine.version == 1
    stored = [document for document in database.tickets.find({}, {"_id": False})]
    assert [(document["title"], document["version"]) for document in stored] == [("theirs", 2)]


def test_a_versioned_save_many_of_a_deleted_document_is_a_conflict(
    recorded: Recorded,
) -> None:
    _, _, database = recorded
    for article, ticket in [
        (
            Article(id=f"a{atomic}", title="One"),
            Ticket(code=f"t{atomic}", title="One", crew=Crew(name="c")),
        )
        for atomic in (False, True)
    ]:
        Manager(database).save_many([article, ticket])
    for atomic in (False, True):
        article = Manager(database).get(Article, Article.id == f"a{atomic}")
        ticket = Manager(database).get(Ticket, Ticket.code == f"t{atomic}")
        database.articles.delete_one({"_id": f"a{atomic}"})
        database.tickets.delete_one({"ticket_code": f"t{atomic}"})
        article.title = ticket.title = "Two"
        for instance in (article, ticket):
            with pytest.raises(Conflict):  # as save raises: the document is gone
                Manager(database).save(instance, atomic=atomic)
        with pytest.raises(Conflict) as caught:
            Manager(database).save_many([article, ticket], atomic=atomic)
        assert list(caught.value.instances) == [article, ticket]
        assert (article.version, ticket.version) == (1, 1)
    assert database.articles.count_documents({}) == 0  # nothing recreated
    assert database.tickets.count_documents({}) == 0


def test_saves_of_a_versioned_pk_not_stored_as_id(recorded: Recorded) -> None:
    manager, _, database = recorded
    ticket = manager.save(Ticket(code="t", title="One", crew=Crew(name="c")))
    ticket.title = "Two"
    manager.save(ticket, atomic=True)
    other = Manager(database).get(Ticket, Ticket.code == "t")
    other.title = "Three"
    Manager(database).save(other, refresh=True)
    assert (other.title, other.version) == ("Three", 3)
    other.title = "Four"
    fresh = Ticket(code="u", title="U", crew=Crew(name="c"))
    Manager(database).save_many([other, fresh], atomic=True)
    stored = {
        document["ticket_code"]: (document["title"], document["version"])
        for document in database.tickets.find()
    }
    assert stored == {"t": ("Four", 4), "u": ("U", 1)}
    assert (fresh.version, manager.persistence.is_persisted(ticket)) == (1, True)
