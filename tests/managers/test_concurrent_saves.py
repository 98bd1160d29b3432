"""Concurrent atomic saves lose nothing (issue 10): 4 threads (``Manager``) and 4 asyncio tasks
(``AsyncManager``), each with its own manager and instance of one document, 250 saves each."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.synchronous.database import Database

from gault.managers import AsyncManager, Manager

from .support import Crew, Project, Wide

WORKERS = 4
SAVES = 250


def _owned(worker: int) -> list[str]:
    """The fields of ``Wide`` that ``worker`` writes (no two workers share one)."""
    return [f"f{i}" for i in range(worker, 249, WORKERS)]


def _expected_fields() -> dict[str, int]:
    """What every field holds once each worker made its saves (the last value it wrote)."""
    expected = {f"f{i}": i for i in range(249)}
    for worker in range(WORKERS):
        owned = _owned(worker)
        for save in range(SAVES):
            expected[owned[save % len(owned)]] = 1000 * worker + save
    return expected


def test_threads_appending_to_one_list_lose_no_item(sync_db: Database[Any]) -> None:
    Manager(sync_db).insert(Project(id="p", title="T", crew=Crew(name="c")))
    start = threading.Barrier(WORKERS)

    def work(worker: int) -> None:
        manager = Manager(sync_db)
        project = manager.get(Project, Project.id == "p")
        start.wait()
        for save in range(SAVES):
            project.tags.append(f"{worker}-{save}")
            manager.save(project, atomic=True)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = sync_db.projects.find_one()
    assert stored is not None
    expected = {f"{worker}-{save}" for worker in range(WORKERS) for save in range(SAVES)}
    assert len(stored["tags"]) == WORKERS * SAVES and set(stored["tags"]) == expected


def test_threads_saving_different_fields_lose_nothing(sync_db: Database[Any]) -> None:
    Manager(sync_db).insert(Wide(id="w"))
    start = threading.Barrier(WORKERS)

    def work(worker: int) -> None:
        manager = Manager(sync_db)
        wide = manager.get(Wide, {"_id": "w"})
        owned = _owned(worker)
        start.wait()
        for save in range(SAVES):
            setattr(wide, owned[save % len(owned)], 1000 * worker + save)
            manager.save(wide, atomic=True)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = sync_db.wide.find_one({"_id": "w"})
    assert stored is not None
    assert {key: value for key, value in stored.items() if key != "_id"} == _expected_fields()


async def test_tasks_appending_to_one_list_lose_no_item(async_db: AsyncDatabase[Any]) -> None:
    await AsyncManager(async_db).insert(Project(id="p", title="T", crew=Crew(name="c")))

    async def work(worker: int) -> None:
        manager = AsyncManager(async_db)
        project = await manager.get(Project, Project.id == "p")
        for save in range(SAVES):
            project.tags.append(f"{worker}-{save}")
            project.crew.members.append(f"{worker}-{save}")
            await manager.save(project, atomic=True)

    await asyncio.gather(*(work(worker) for worker in range(WORKERS)))
    stored = await async_db.projects.find_one()
    assert stored is not None
    expected = {f"{worker}-{save}" for worker in range(WORKERS) for save in range(SAVES)}
    assert len(stored["tags"]) == WORKERS * SAVES and set(stored["tags"]) == expected
    assert sorted(stored["crew"]["members"]) == sorted(stored["tags"])


async def test_tasks_saving_different_fields_lose_nothing(async_db: AsyncDatabase[Any]) -> None:
    await AsyncManager(async_db).insert(Wide(id="w"))

    async def work(worker: int) -> None:
        manager = AsyncManager(async_db)
        wide = await manager.get(Wide, {"_id": "w"})
        owned = _owned(worker)
        for save in range(SAVES):
            setattr(wide, owned[save % len(owned)], 1000 * worker + save)
            await manager.save(wide, atomic=True)

    await asyncio.gather(*(work(worker) for worker in range(WORKERS)))
    stored = await async_db.wide.find_one({"_id": "w"})
    assert stored is not None
    assert {key: value for key, value in stored.items() if key != "_id"} == _expected_fields()
