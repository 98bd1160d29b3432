"""Atomic saves (issue 10): the commands sent, recorded with PyMongo command monitoring, and
what the documents hold afterwards."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from gault.exceptions import Conflict, Unprocessable, ValidationError
from gault.managers import AsyncManager

from ..support import Article, Crew, Project, Recorder, Ticket, User, Wide

Recorded = tuple[AsyncManager, Recorder, AsyncDatabase[Any]]


@pytest.fixture
async def recorded(mongodb_uri: str, database_name: str) -> AsyncIterator[Recorded]:
    recorder = Recorder()
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        mongodb_uri, tz_aware=True, event_listeners=[recorder]
    )
    database = client[database_name]
    yield AsyncManager(database), recorder, database
    await client.close()


async def load_project(manager: AsyncManager, recorder: Recorder) -> Project:
    await manager.insert(
        Project(id="p", title="T", tags=["a"], counts={"x": 1}, crew=Crew(name="c", members=["m"]))
    )
    project = await manager.get(Project, Project.id == "p")
    recorder.clear()
    return project


def only_command(recorder: Recorder) -> dict[str, Any]:
    """The one command sent since the last ``clear``: a findAndModify."""
    assert [name for name, _ in recorder.commands] == ["findAndModify"]
    (command,) = recorder.sent("findAndModify")
    return command


async def test_one_change_of_a_250_field_document_sends_only_that_field(
    recorded: Recorded,
) -> None:
    manager, recorder, database = recorded
    await manager.insert(Wide(id="w"))
    wide = await manager.get(Wide, {"_id": "w"})
    recorder.clear()
    wide.f7 = 700  # type: ignore[attr-defined]
    await manager.save(wide, atomic=True)
    command = only_command(recorder)
    assert command["query"] == {"_id": "w"}
    assert command["update"] == {"$set": {"f7": 700}}
    assert command["upsert"] is False
    stored = await database.wide.find_one({"_id": "w"})
    assert stored is not None
    assert len(stored) == 250 and stored["f7"] == 700 and stored["f8"] == 8
    assert manager.state_tracker.get_dirty_fields(wide) == set()
    recorder.clear()
    await manager.save(wide, atomic=True)  # nothing changed since: the upsert alone
    assert set(only_command(recorder)["update"]) == {"$setOnInsert"}


async def test_del_sends_unset(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    project = await load_project(manager, recorder)
    del project.note
    del project.crew.members
    await manager.save(project, atomic=True)
    command = only_command(recorder)
    assert command["update"] == {"$unset": {"note": "", "crew.members": ""}}
    assert command["upsert"] is False
    assert await database.projects.find_one() == {
        "_id": "p",
        "title": "T",
        "tags": ["a"],
        "counts": {"x": 1},
        "crew": {"name": "c"},
    }
    assert manager.state_tracker.get_dirty_fields(project) == set()


async def test_plain_save_unsets_a_deleted_field(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    project = await load_project(manager, recorder)
    del project.note
    await manager.save(project)
    assert only_command(recorder)["update"]["$unset"] == {"note": ""}
    stored = await database.projects.find_one()
    assert stored is not None and "note" not in stored


async def test_deleting_a_required_field_raises_and_writes_nothing(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    project = await load_project(manager, recorder)
    del project.title
    for atomic in (True, False):
        with pytest.raises(ValidationError, match=r"Project\.title.*deleted"):
            await manager.save(project, atomic=atomic)
    del project.crew.name
    project.title = "back"
    with pytest.raises(ValidationError, match=r"Project\.crew\.name"):
        await manager.save(project, atomic=True)
    assert recorder.commands == []
    stored = await database.projects.find_one()
    assert stored is not None and stored["title"] == "T" and stored["crew"]["name"] == "c"


async def test_appends_send_push_each(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    project = await load_project(manager, recorder)
    project.tags += ["b", "c"]
    project.crew.members.append("n")
    project.title = "U"
    await manager.save(project, atomic=True)
    command = only_command(recorder)
    assert command["update"] == {
        "$set": {"title": "U"},
        "$push": {"tags": {"$each": ["b", "c"]}, "crew.members": {"$each": ["n"]}},
    }
    stored = await database.projects.find_one()
    assert stored is not None
    assert (stored["tags"], stored["crew"]["members"]) == (["a", "b", "c"], ["m", "n"])


async def test_any_other_list_change_sets_the_list(recorded: Recorded) -> None:
    manager, recorder, _ = recorded
    project = await load_project(manager, recorder)
    project.tags.insert(0, "z")
    project.crew.members.pop()
    await manager.save(project, atomic=True)
    assert only_command(recorder)["update"] == {
        "$set": {"tags": ["z", "a"], "crew.members": []},
    }


async def test_concurrent_appends_both_survive(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    mine = await load_project(manager, recorder)
    other = AsyncManager(database)
    theirs = await other.get(Project, Project.id == "p")
    mine.tags.append("mine")
    theirs.tags.append("theirs")
    await manager.save(mine, atomic=True)
    await other.save(theirs, atomic=True)
    stored = await database.projects.find_one()
    assert stored is not None and stored["tags"] == ["a", "mine", "theirs"]


async def test_a_document_deleted_meanwhile_is_recreated_whole(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    project = await load_project(manager, recorder)
    await database.projects.delete_many({})
    recorder.clear()
    project.tags.append("b")
    project.crew.name = "d"
    del project.note
    await manager.save(project, atomic=True)
    first, second = recorder.sent("findAndModify")
    assert (first["upsert"], second["upsert"]) == (False, True)
    assert "$setOnInsert" not in first["update"]
    assert second["query"] == {"_id": "p"}
    assert second["update"] == {
        "$set": {"tags": ["a", "b"], "crew.name": "d"},
        "$setOnInsert": {"title": "T", "counts": {"x": 1}, "crew.members": ["m"]},
    }
    assert await database.projects.find_one() == {
        "_id": "p",
        "title": "T",
        "tags": ["a", "b"],
        "counts": {"x": 1},
        "crew": {"name": "d", "members": ["m"]},
    }
    assert manager.state_tracker.get_dirty_fields(project) == set()


async def test_refresh_returns_the_document_from_either_step(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    project = await load_project(manager, recorder)
    await database.projects.update_one({"_id": "p"}, {"$set": {"counts": {"y": 2}}})
    project.title = "U"
    await manager.save(project, atomic=True, refresh=True)
    assert (project.title, project.counts) == ("U", {"y": 2})
    await database.projects.delete_many({})
    project.title = "V"
    await manager.save(project, atomic=True, refresh=True)
    assert len(recorder.sent("findAndModify")) == 3
    assert (project.title, project.counts) == ("V", {"y": 2})
    assert manager.state_tracker.get_dirty_fields(project) == set()


async def test_versioned_saves_send_no_set_on_insert_without_upsert(recorded: Recorded) -> None:
    manager, recorder, _ = recorded
    article = await manager.save(Article(id="a", title="One"))
    for atomic in (True, False):
        recorder.clear()
        article.title = f"atomic={atomic}"
        await manager.save(article, atomic=atomic)
        command = only_command(recorder)
        assert command["upsert"] is False
        assert "$setOnInsert" not in command["update"]
    assert article.version == 3


async def test_a_stale_save_through_a_fresh_manager_is_a_conflict(recorded: Recorded) -> None:
    _, _, database = recorded
    await AsyncManager(database).save(Article(id="a", title="One"))
    mine = await AsyncManager(database).get(Article, Article.id == "a")
    theirs = await AsyncManager(database).get(Article, Article.id == "a")
    theirs.title = "theirs"
    await AsyncManager(database).save(theirs)
    mine.title = "mine"
    with pytest.raises(Conflict) as caught:
        await AsyncManager(database).save(mine)
    assert caught.value.filter == {"_id": "a", "version": 1}
    assert caught.value.instances == (mine,)
    assert mine.version == 1
    stored = await database.articles.find_one()
    assert stored is not None and (stored["title"], stored["version"]) == ("theirs", 2)


async def test_save_many_reports_every_conflict_and_tracks_what_it_wrote(
    recorded: Recorded,
) -> None:
    manager, _, database = recorded
    batch = await manager.insert_many([Article(id=f"s{i}", title="t") for i in range(4)])
    for stale in (batch[1], batch[3]):
        other = await AsyncManager(database).get(Article, Article.id == stale.id)
        other.body = "other"
        await AsyncManager(database).save(other)
    for article in batch:
        article.title = "mine"
    with pytest.raises(Conflict) as caught:
        await manager.save_many(batch, atomic=True)
    assert caught.value.instances == (batch[1], batch[3])
    assert caught.value.filter == {"_id": "s1", "version": 0}
    assert [article.version for article in batch] == [1, 0, 1, 0]
    assert manager.state_tracker.get_dirty_fields(batch[0]) == set()
    assert manager.state_tracker.get_dirty_fields(batch[1]) == {"title"}
    batch[0].title = "again"
    await manager.save_many([batch[0], batch[2]], atomic=True)  # no conflict on saved ones
    stored = {document["_id"]: document async for document in database.articles.find()}
    assert [(stored[f"s{i}"]["title"], stored[f"s{i}"]["version"]) for i in range(4)] == [
        ("again", 2),
        ("t", 1),
        ("mine", 2),
        ("t", 1),
    ]


async def test_save_many_recreates_deleted_documents(recorded: Recorded) -> None:
    manager, _, database = recorded
    users = await manager.insert_many([User(id=str(i), name=f"n{i}") for i in range(3)])
    await database.users.delete_one({"_id": "1"})
    for user in users:
        user.age = 5
    await manager.save_many(users, atomic=True)
    documents = [document async for document in database.users.find().sort("_id")]
    assert documents == [
        {"_id": str(i), "name": f"n{i}", "email": "", "person_age": 5} for i in range(3)
    ]
    assert all(manager.state_tracker.get_dirty_fields(user) == set() for user in users)


async def test_partial_insert_many_marks_what_was_written(recorded: Recorded) -> None:
    manager, _, _ = recorded
    await manager.insert(User(id="taken", name="x"))
    batch = [User(id="1", name="a"), User(id="taken", name="b"), User(id="3", name="c")]
    with pytest.raises(BulkWriteError) as caught:
        await manager.insert_many(batch)
    assert manager.persistence.is_persisted(batch[0])
    assert manager.state_tracker.get_dirty_fields(batch[0]) == set()
    assert not manager.persistence.is_persisted(batch[1])
    (note,) = caught.value.__notes__
    assert "#1 User(id='taken'" in note


async def test_a_changed_pk_is_unprocessable(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    await manager.insert(User(id="old", name="A"))
    user = await manager.get(User, User.id == "old")
    user.id = "new"
    recorder.clear()
    with pytest.raises(Unprocessable, match=r"'old'.*'new'"):
        await manager.save(user, atomic=True)
    with pytest.raises(Unprocessable, match=r"'old'.*'new'"):
        await manager.save(user)
    with pytest.raises(Unprocessable, match=r"'old'.*'new'"):
        await manager.refresh(user)
    with pytest.raises(Unprocessable, match=r"'old'.*'new'"):
        await manager.delete(user)
    assert recorder.commands == []
    assert [document["_id"] async for document in database.users.find()] == ["old"]


async def test_save_many_of_versioned_instances_unsets_deleted_fields(
    recorded: Recorded,
) -> None:
    manager, recorder, database = recorded
    batch = await manager.insert_many([Article(id=f"a{i}", title="t", body="b") for i in range(2)])
    del batch[0].body
    batch[1].title = "u"
    recorder.clear()
    await manager.save_many(batch, atomic=True)
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
    documents = [document async for document in database.articles.find().sort("_id")]
    assert documents == [
        {"_id": "a0", "title": "t", "version": 1},
        {"_id": "a1", "title": "u", "body": "b", "version": 1},
    ]
    assert [manager.state_tracker.get_dirty_fields(article) for article in batch] == [set(), set()]


async def test_save_many_keeps_the_order_of_one_documents_saves(recorded: Recorded) -> None:
    manager, recorder, database = recorded
    first = await manager.insert(User(id="1", name="a"))
    again = User(id="1", name="b")
    recorder.clear()
    await manager.save_many([first, User(id="2", name="x"), again])
    assert len(recorder.sent("update")) == 2  # the pk seen twice starts a second bulk_write
    stored = await database.users.find_one({"_id": "1"})
    assert stored is not None and stored["name"] == "b"


async def test_a_change_made_while_a_save_is_in_flight_stays_dirty(recorded: Recorded) -> None:
    manager, _, database = recorded
    for atomic in (False, True):
        user = await manager.insert(User(id=f"atomic={atomic}", name="a"))
        user.name = "b"

        async def change(user: User = user) -> None:
            user.age = 7  # runs while the save awaits the server

        await asyncio.gather(manager.save(user, atomic=atomic), change())
        assert manager.state_tracker.get_dirty_fields(user) == {"age"}
        await manager.save(user, atomic=True)
        stored = await database.users.find_one({"_id": user.id})
        assert stored is not None and (stored["name"], stored["person_age"]) == ("b", 7)
        assert manager.state_tracker.get_dirty_fields(user) == set()


async def test_save_many_of_versioned_instances_unsets_embedded_fields(
    recorded: Recorded,
) -> None:
    manager, _, database = recorded
    ticket = await manager.insert(Ticket(code="t", title="T", note="n", crew=Crew(name="c")))
    del ticket.note
    del ticket.crew.members
    await manager.save_many([ticket], atomic=True)
    stored = await database.tickets.find_one({}, {"_id": False})
    assert stored == {"ticket_code": "t", "title": "T", "crew": {"name": "c"}, "version": 1}
    assert manager.state_tracker.get_dirty_fields(ticket) == set()


async def test_a_stale_save_of_a_pk_not_stored_as_id_is_a_conflict(recorded: Recorded) -> None:
    _, _, database = recorded
    await AsyncManager(database).save(Ticket(code="t", title="One", crew=Crew(name="c")))
    mine = await AsyncManager(database).get(Ticket, Ticket.code == "t")
    theirs = await AsyncManager(database).get(Ticket, Ticket.code == "t")
    theirs.title = "theirs"
    await AsyncManager(database).save(theirs)
    mine.title = "mine"
    for atomic in (False, True):
        with pytest.raises(Conflict) as caught:
            await AsyncManager(database).save(mine, atomic=atomic)
        assert caught.value.filter == {"ticket_code": "t", "version": 1}
        with pytest.raises(Conflict):
            await AsyncManager(database).save_many([mine], atomic=atomic)
    assert mine.version == 1
    stored = [document async for document in database.tickets.find({}, {"_id": False})]
    assert [(document["title"], document["version"]) for document in stored] == [("theirs", 2)]


async def test_a_versioned_save_many_of_a_deleted_document_is_a_conflict(
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
        await AsyncManager(database).save_many([article, ticket])
    for atomic in (False, True):
        article = await AsyncManager(database).get(Article, Article.id == f"a{atomic}")
        ticket = await AsyncManager(database).get(Ticket, Ticket.code == f"t{atomic}")
        await database.articles.delete_one({"_id": f"a{atomic}"})
        await database.tickets.delete_one({"ticket_code": f"t{atomic}"})
        article.title = ticket.title = "Two"
        for instance in (article, ticket):
            with pytest.raises(Conflict):  # as save raises: the document is gone
                await AsyncManager(database).save(instance, atomic=atomic)
        with pytest.raises(Conflict) as caught:
            await AsyncManager(database).save_many([article, ticket], atomic=atomic)
        assert list(caught.value.instances) == [article, ticket]
        assert (article.version, ticket.version) == (1, 1)
    assert await database.articles.count_documents({}) == 0  # nothing recreated
    assert await database.tickets.count_documents({}) == 0


async def test_saves_of_a_versioned_pk_not_stored_as_id(recorded: Recorded) -> None:
    manager, _, database = recorded
    ticket = await manager.save(Ticket(code="t", title="One", crew=Crew(name="c")))
    ticket.title = "Two"
    await manager.save(ticket, atomic=True)
    other = await AsyncManager(database).get(Ticket, Ticket.code == "t")
    other.title = "Three"
    await AsyncManager(database).save(other, refresh=True)
    assert (other.title, other.version) == ("Three", 3)
    other.title = "Four"
    fresh = Ticket(code="u", title="U", crew=Crew(name="c"))
    await AsyncManager(database).save_many([other, fresh], atomic=True)
    stored = {
        document["ticket_code"]: (document["title"], document["version"])
        async for document in database.tickets.find()
    }
    assert stored == {"t": ("Four", 4), "u": ("U", 1)}
    assert (fresh.version, manager.persistence.is_persisted(ticket)) == (1, True)
