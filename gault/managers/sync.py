# Generated from gault/managers/aio.py by scripts/unasync.py: edit the source, then regenerate.
"""The manager shell over PyMongo: each method asks the I/O-free core for commands, sends
them, and hands the results back to the core.

``aio.py`` is the hand-written source; ``sync.py`` is generated from it by
``scripts/unasync.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Generic, TypeAlias, TypeVar

from pymongo.results import BulkWriteResult
from pymongo.synchronous.client_session import ClientSession
from pymongo.synchronous.collection import Collection
from pymongo.synchronous.database import Database

from gault.interfaces import AsRef
from gault.managers._commands import CURSOR_METHODS, Command, Flow, Read
from gault.managers._core import (
    BaseManager,
    InvalidReport,
    M,
    ModelT,
    S,
    SchemaT,
    ValidationAction,
    ValidationLevel,
    collection_options,
    require_database,
)
from gault.managers._filters import Filter
from gault.managers._indexes import IndexSpec
from gault.models import Model, Schema
from gault.pages import Page
from gault.sorting import SortPayload
from gault.tracking import Persistence, StateTracker

__all__ = ["Manager"]

T = TypeVar("T")

#: The driver's session type, ``session=`` of every method (the same annotation text in both
#: managers, so their signatures compare equal).
Session: TypeAlias = ClientSession


class Manager(BaseManager, Generic[M, S]):
    """Query and persist models in ``database``.

    ``persistence`` and ``state_tracker`` are shared when given (several managers then agree
    on what is persisted and dirty), else created on first use. Every method takes a
    ``session`` keyword, passed to each PyMongo call (transactions). Raises ``TypeError`` for
    a database of the other driver, naming the manager to use. The PyMongo collection
    objects are made once per collection name and reused.
    """

    def __init__(
        self,
        database: Database[Any],
        *,
        persistence: Persistence | None = None,
        state_tracker: StateTracker | None = None,
    ) -> None:
        super().__init__(persistence=persistence, state_tracker=state_tracker)
        self.database = database

    @property
    def database(self) -> Database[Any]:
        """The PyMongo database the manager reads and writes."""
        return self._database

    @database.setter
    def database(self, database: Database[Any]) -> None:
        require_database(self, database, Database)
        self._database = database
        self._collections: dict[str, Collection[Any]] = {}

    def skip_invalid(self, report: InvalidReport = None) -> Manager[M, S]:
        """A view of this manager (same database and trackers) whose reads leave out the
        documents that do not fit their model, reporting each one.

        ``select``, ``find``, ``get`` and ``paginate`` of the view skip such a document (``find``
        then returns ``None``, ``get`` raises ``NotFound``, a ``Page`` holds fewer items than its
        ``total`` counts); its ``ValidationError`` (naming the ``_id``, the field, the stored
        value and the expected type) is appended to ``report`` when it is a list, passed to it
        when it is a callable, or issued as a ``LoadWarning`` when it is ``None``. Nothing is
        ever put into a field with the wrong type; writes are the same as this manager's.
        """
        view = type(self)(
            self.database, persistence=self.persistence, state_tracker=self.state_tracker
        )
        self._skipping(view, report)
        return view

    def get(
        self,
        model: type[ModelT],
        filter: Filter = None,
        *,
        session: Session | None = None,
    ) -> ModelT:
        """Return the first instance of ``model`` matching ``filter``.

        Raises ``NotFound`` when no document matches.
        """
        return self._run(self._get(model, filter), session)

    def find(
        self,
        model: type[ModelT],
        filter: Filter = None,
        *,
        session: Session | None = None,
    ) -> ModelT | None:
        """Return the first instance of ``model`` matching ``filter``, or ``None``."""
        return self._run(self._find(model, filter), session)

    def select(
        self,
        model: type[ModelT],
        filter: Filter = None,
        *,
        skip: int | None = None,
        take: int | None = None,
        sort_by: SortPayload | None = None,
        session: Session | None = None,
    ) -> Iterator[ModelT]:
        """Iterate over the instances of ``model`` matching ``filter``.

        ``sort_by`` applies before ``skip`` and ``take``; ``take=0`` yields nothing without a
        round trip. Raises ``ValueError`` (at the call) for a negative ``skip`` or ``take``, one
        above a 64-bit integer, or a ``sort_by`` name that is not a declared field.
        """
        return self._stream(self._select(model, filter, skip, take, sort_by), session)

    def paginate(
        self,
        model: type[ModelT],
        filter: Filter = None,
        *,
        page: int = 1,
        per_page: int = 10,
        sort_by: SortPayload | None = None,
        session: Session | None = None,
    ) -> Page[ModelT]:
        """Return page ``page`` (from 1) of ``per_page`` instances, and the total count.

        One aggregation: the filter and sort stages, then one ``$facet``. Raises
        ``ValueError`` unless ``page >= 1`` and ``per_page >= 1`` and the page's skip fits a
        64-bit integer, or for a ``sort_by`` name that is not a declared field.
        """
        return self._run(self._paginate(model, filter, page, per_page, sort_by), session)

    def count(
        self,
        model: type[Model],
        filter: Filter = None,
        *,
        session: Session | None = None,
    ) -> int:
        """Return how many documents of ``model`` match ``filter``."""
        return self._run(self._count(model, filter), session)

    def exists(
        self,
        model: type[Model],
        filter: Filter = None,
        *,
        session: Session | None = None,
    ) -> bool:
        """Return whether a document of ``model`` matches ``filter`` (reads at most one)."""
        return self._run(self._exists(model, filter), session)

    def distinct(
        self,
        model: type[Model],
        field: str | AsRef,
        filter: Filter = None,
        *,
        session: Session | None = None,
    ) -> list[Any]:
        """Return the distinct values of ``field`` among the documents matching ``filter``.

        ``field`` is a reference of ``model`` (``Field("raw.path")`` for any path) or the name
        or db key of a declared field, translated to its db key; another name raises
        ``ValueError``, another model's reference ``TypeError``.
        """
        return self._run(self._distinct(model, field, filter), session)

    def refresh(self, instance: ModelT, *, session: Session | None = None) -> ModelT:
        """Reload ``instance`` from its document, in place, and snapshot it again.

        Raises ``Unprocessable`` when the model has no pk or the pk changed since the instance
        was read, ``NotFound`` when the document is gone.
        """
        return self._run(self._refresh(instance), session)

    def insert(self, instance: SchemaT, *, session: Session | None = None) -> SchemaT:
        """Insert ``instance``; write a generated ``_id`` back; mark it persisted.

        Raises ``Forbidden`` for an instance that is not a ``Schema``.
        """
        return self._run(self._insert(instance), session)

    def insert_many(
        self, instances: Iterable[SchemaT], *, session: Session | None = None
    ) -> list[SchemaT]:
        """Insert ``instances`` (one ``insert_many`` per collection, in order of first
        appearance); mark each collection's instances persisted once their insert succeeded.

        Raises ``Forbidden`` before writing anything if one is not a ``Schema``. When an insert
        fails part way, the instances written before the failure are marked persisted and
        snapshotted, and PyMongo's error gets a note naming the failed instance.
        """
        return self._run(self._insert_many(instances), session)

    def save(
        self,
        instance: SchemaT,
        *,
        refresh: bool = False,
        atomic: bool = False,
        session: Session | None = None,
    ) -> SchemaT:
        """Upsert ``instance`` on its pk (``find_one_and_update``, ``upsert=True``).

        ``atomic=True`` on a persisted instance first sends only the change (``$set``,
        ``$unset`` of deleted fields, ``$push`` of appended items, ``upsert=False``) and, only
        when that matched nothing, the upsert that recreates the document whole;
        ``refresh=True`` reloads the saved document into the instance. With a version field,
        the save matches the expected version and raises ``Conflict`` when another writer
        saved first. Raises ``Forbidden`` for a non-Schema, ``Unprocessable`` when the model
        has no pk or the pk changed since the instance was read, ``ValidationError`` when a
        required field was deleted.
        """
        return self._run(self._save(instance, refresh, atomic), session)

    def save_many(
        self,
        instances: Iterable[SchemaT],
        *,
        atomic: bool = False,
        session: Session | None = None,
    ) -> list[SchemaT]:
        """Save every instance as ``save`` does (no ``refresh``), in one unordered
        ``bulk_write`` per collection (a pk given twice starts another one).

        Raises ``Conflict`` when versioned instances are stale: it names the first and
        ``Conflict.instances`` lists them all; every instance written gets its new version,
        snapshot and persisted mark.
        """
        return self._run(self._save_many(instances, atomic), session)

    def delete(self, instance: Schema, *, session: Session | None = None) -> None:
        """Delete the document of ``instance`` and forget that it was persisted.

        Raises ``Forbidden`` for a non-Schema and ``Unprocessable`` when it has no pk or its
        pk changed since it was read.
        """
        self._run(self._delete(instance), session)

    def delete_many(
        self,
        model: type[Schema],
        filter: Filter = None,
        *,
        session: Session | None = None,
    ) -> int:
        """Delete every document of ``model`` matching ``filter``; return how many.

        ``None`` (like ``Query()``) matches, and so deletes, every document. Raises
        ``ValueError`` when the filter cannot be one query.
        """
        return self._run(self._delete_many(model, filter), session)

    def update_many(
        self,
        model: type[Schema],
        filter: Filter = None,
        update: Any = None,
        *,
        session: Session | None = None,
    ) -> int:
        """Apply ``update`` (``User.age.inc(1)``, a list of operators, or a raw update dict)
        to every document matching ``filter``; return how many were modified.

        Both ``update_many(User, filter, update)`` and ``update_many(User, update=...,
        filter=...)`` work; ``update`` is required (``TypeError`` without it).
        """
        return self._run(self._update_many(model, filter, update), session)

    def find_one_and_update(
        self,
        model: type[ModelT],
        filter: Filter,
        update: Any,
        *,
        upsert: bool = False,
        sort_by: SortPayload | None = None,
        session: Session | None = None,
    ) -> ModelT | None:
        """Update the first matching document; return it as updated, or ``None``."""
        flow = self._find_one_and_update(model, filter, update, upsert, sort_by)
        return self._run(flow, session)

    def find_one_and_delete(
        self,
        model: type[ModelT],
        filter: Filter,
        *,
        sort_by: SortPayload | None = None,
        session: Session | None = None,
    ) -> ModelT | None:
        """Delete the first matching document; return it (not persisted), or ``None``."""
        return self._run(self._find_one_and_delete(model, filter, sort_by), session)

    def bulk_write(
        self,
        model: type[Schema],
        requests: Sequence[Any],
        *,
        ordered: bool = True,
        session: Session | None = None,
    ) -> BulkWriteResult:
        """Send PyMongo write ``requests`` (``UpdateOne(...)``, ...) to the model's
        collection in one ``bulk_write``.

        The instances of ``InsertOne``/``ReplaceOne`` requests that were written are marked
        persisted and snapshotted as by ``insert`` and ``save`` (also when the bulk fails part
        way); a ``ReplaceOne`` counts as written when it upserted or every single-document
        update matched (otherwise which matched is not known, and its instance is left as it
        was)."""
        return self._run(self._bulk_write(model, requests, ordered), session)

    def ensure_indexes(
        self,
        model: type[Schema],
        indexes: Sequence[IndexSpec] | None = None,
        *,
        session: Session | None = None,
    ) -> list[str]:
        """Create ``indexes`` (default: the model's ``__indexes__``); return their names."""
        return self._run(self._ensure_indexes(model, indexes), session)

    def ensure_validator(
        self,
        model: type[Schema],
        *,
        level: ValidationLevel = "strict",
        action: ValidationAction = "error",
        session: Session | None = None,
    ) -> dict[str, Any]:
        """Install the model's ``$jsonSchema`` validator (``gault.json.validator``) on its
        collection: create the collection with it, or update an existing one's (``collMod``).

        ``level`` (``"strict"``, ``"moderate"``, ``"off"``) and ``action`` (``"error"``,
        ``"warn"``) are MongoDB's ``validationLevel`` and ``validationAction``. Returns the
        validator; raises ``Forbidden`` for a ``Model``, ``ValueError`` for another level or
        action.
        """
        return self._run(self._ensure_validator(model, level, action), session)

    def _run(self, flow: Flow[T], session: Session | None) -> T:
        reply: Any = None
        failure: Exception | None = None
        while True:
            try:
                command = flow.send(reply) if failure is None else flow.throw(failure)
            except StopIteration as stop:
                value: T = stop.value
                return value
            try:
                reply, failure = self._send(command, session), None
            except Exception as error:  # noqa: BLE001 - handed to the flow, which re-raises it
                reply, failure = None, error

    def _send(self, command: Command, session: Session | None) -> Any:
        if command.method in CURSOR_METHODS:
            with self._open(command, session) as cursor:
                return cursor.to_list()
        method = getattr(self._target(command.collection), command.method)
        return method(*command.args, session=session, **command.kwargs)

    def _open(self, command: Command, session: Session | None) -> Any:
        """The cursor of a ``find`` or ``aggregate`` command (``find`` opens without I/O)."""
        target = self._target(command.collection)
        if command.method == "find":
            return target.find(*command.args, session=session, **command.kwargs)
        return target.aggregate(*command.args, session=session, **command.kwargs)

    def _target(self, collection: str | None) -> Any:
        """The database (for ``None``) or the cached collection object named ``collection``."""
        if collection is None:
            return self._database
        target = self._collections.get(collection)
        if target is None:
            target = self._collections[collection] = self._database.get_collection(
                collection, codec_options=collection_options(self._database.codec_options)
            )
        return target

    def _stream(self, read: Read[ModelT | None], session: Session | None) -> Iterator[ModelT]:
        if read.command is None:
            return
        load = read.load
        with self._open(read.command, session) as cursor:
            for document in cursor:
                instance = load(document)
                if instance is not None:
                    yield instance
