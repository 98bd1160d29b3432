"""The twins agree: same public methods and signatures; each refuses the other's database."""

from __future__ import annotations

import importlib.util
import inspect
import pathlib
import re
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.synchronous.database import Database

from gault.managers import AsyncManager, Manager
from gault.pipelines import Pipeline

from .support import User

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "unasync.py"
_spec = importlib.util.spec_from_file_location("unasync", SCRIPT)
assert _spec is not None and _spec.loader is not None
unasync_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(unasync_script)


def public_methods(cls: type) -> dict[str, Any]:
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and (callable(member) or isinstance(member, property))
    }


def unasync(annotation: str) -> str:
    for pattern, replacement in unasync_script.RULES:
        annotation = re.sub(pattern, replacement, annotation)
    return annotation


def test_same_public_methods() -> None:
    assert public_methods(AsyncManager).keys() == public_methods(Manager).keys()
    assert {"get", "find", "select", "insert", "save", "refresh", "paginate"} <= set(
        public_methods(Manager)
    )


@pytest.mark.parametrize("name", sorted(public_methods(AsyncManager)) + ["__init__"])
def test_same_signature(name: str) -> None:
    async_member, sync_member = getattr(AsyncManager, name), getattr(Manager, name)
    if isinstance(async_member, property):
        assert isinstance(sync_member, property)
        return
    async_signature = inspect.signature(async_member)
    sync_signature = inspect.signature(sync_member)
    assert list(async_signature.parameters) == list(sync_signature.parameters)
    for async_parameter, sync_parameter in zip(
        async_signature.parameters.values(), sync_signature.parameters.values(), strict=True
    ):
        assert async_parameter.kind == sync_parameter.kind
        assert async_parameter.default == sync_parameter.default
        assert unasync(str(async_parameter.annotation)) == str(sync_parameter.annotation)
    assert unasync(str(async_signature.return_annotation)) == str(sync_signature.return_annotation)


#: The methods that send nothing themselves: ``select`` streams, ``skip_invalid`` makes a view.
NOT_COROUTINES = {"select", "skip_invalid"}


@pytest.mark.parametrize("name", sorted(public_methods(AsyncManager)))
def test_async_methods_are_coroutines_except_select(name: str) -> None:
    member = getattr(AsyncManager, name)
    if isinstance(member, property):
        return
    assert inspect.iscoroutinefunction(member) == (name not in NOT_COROUTINES)
    assert not inspect.iscoroutinefunction(getattr(Manager, name))


def test_both_are_subscriptable() -> None:
    assert Manager[User, User] is not None
    assert AsyncManager[User, User] is not None


async def test_manager_refuses_an_async_database(async_db: AsyncDatabase[Any]) -> None:
    with pytest.raises(
        TypeError, match=r"Manager needs a PyMongo Database, got AsyncDatabase.*AsyncManager"
    ):
        Manager(async_db)  # type: ignore[arg-type]


def test_async_manager_refuses_a_sync_database(sync_db: Database[Any]) -> None:
    with pytest.raises(
        TypeError, match=r"AsyncManager needs .*AsyncDatabase, got Database: use Manager"
    ):
        AsyncManager(sync_db)  # type: ignore[arg-type]


def test_managers_refuse_anything_else() -> None:
    with pytest.raises(TypeError, match="got Pipeline"):
        Manager(Pipeline())  # type: ignore[arg-type]
