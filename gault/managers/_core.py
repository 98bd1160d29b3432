"""The I/O-free core of the managers: everything but the PyMongo calls.

``BaseManager`` owns the tracking objects and turns each manager operation into either a
``Read`` (a streamed cursor) or a ``Flow`` (a generator of ``Command``s, see ``_commands``).
A read whose stages a ``find`` can express goes out as ``find`` (a count as
``count_documents``); any other pipeline as ``aggregate``. The shells (``aio.AsyncManager``, generated ``sync.Manager``) only send the
commands and hand the results back. Imports models, mapping, tracking and pipelines; never
PyMongo's I/O.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeVar

from bson.codec_options import CodecOptions, DatetimeConversion
from pymongo import InsertOne, ReplaceOne, ReturnDocument, UpdateMany, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError
from pymongo.results import BulkWriteResult
from pymongo.synchronous.database import Database

from gault._schema.changes import CHANGES
from gault._schema.plan import plan_of
from gault._support import INT64_MAX
from gault.exceptions import (
    Conflict,
    Forbidden,
    LoadWarning,
    NotFound,
    Unprocessable,
    ValidationError,
)
from gault.interfaces import AsRef
from gault.json import validator
from gault.managers._commands import Command, Flow, Read
from gault.managers._fields import (
    check_filter,
    check_update,
    distinct_values,
    field_key,
    sort_document,
)
from gault.managers._filters import (
    Filter,
    filter_query,
    filter_stages,
    find_arguments,
    runs_on_database,
)
from gault.managers._indexes import IndexSpec, index_models
from gault.managers._writes import (
    SavePlan,
    check_pk_unchanged,
    compile_update_for,
    plan_save,
)
from gault.mappers import Mapper, get_mapper
from gault.models import Attribute, Model, Schema, get_collection
from gault.pages import Page, check_page_numbers
from gault.pipelines import CollectionPipeline
from gault.sorting import SortPayload
from gault.tracking import Persistence, StateTracker, tracking_loader

if TYPE_CHECKING:
    from typing_extensions import TypeVar as DefaultTypeVar

    M = DefaultTypeVar("M", default=Any)
    S = DefaultTypeVar("S", default=Any)
else:
    M = TypeVar("M")
    S = TypeVar("S")

__all__ = [
    "BaseManager",
    "InvalidReport",
    "M",
    "ModelT",
    "S",
    "SchemaT",
    "ValidationAction",
    "ValidationLevel",
    "collection_options",
    "require_database",
]

#: The model class of one call (``get(User, ...)`` returns a ``User``).
ModelT = TypeVar("ModelT", bound=Model)
#: The schema class of one write call.
SchemaT = TypeVar("SchemaT", bound=Schema)

#: ``ensure_validator``'s ``level``: which writes MongoDB checks (``"moderate"``: not the
#: updates of documents that already break the rules).
ValidationLevel: TypeAlias = Literal["strict", "moderate", "off"]
#: ``ensure_validator``'s ``action``: reject a bad write, or only log a warning.
ValidationAction: TypeAlias = Literal["error", "warn"]
_LEVELS = ("strict", "moderate", "off")
_ACTIONS = ("error", "warn")

_TWINS = ((AsyncDatabase, "AsyncManager"), (Database, "Manager"))


def collection_options(options: CodecOptions[Any]) -> CodecOptions[Any]:
    """The codec options of the collections a manager reads: the database's, except that a
    stored date outside Python's ``datetime`` range (MongoDB holds any 64-bit count of
    milliseconds) decodes as ``bson.DatetimeMS`` instead of failing the whole batch, so the
    one document that holds it is refused by its model like any other misfit (and
    ``skip_invalid`` can skip and report it). A database that chose a conversion keeps it."""
    if options.datetime_conversion not in (None, DatetimeConversion.DATETIME):
        return options
    return options.with_options(datetime_conversion=DatetimeConversion.DATETIME_AUTO)


def require_database(manager: object, database: object, expected: type) -> None:
    """Raise ``TypeError`` unless ``database`` is an instance of ``expected``.

    The message names the type received and, for the other driver's database, the manager
    that takes it.
    """
    if isinstance(database, expected):
        return
    name = type(manager).__name__
    for kind, twin in _TWINS:
        if isinstance(database, kind):
            raise TypeError(
                f"{name} needs a PyMongo {expected.__name__}, got {type(database).__name__}: "
                f"use {twin} for a {kind.__name__}"
            )
    raise TypeError(
        f"{name} needs a PyMongo {expected.__name__}, got {type(database).__name__} {database!r}"
    )


#: ``skip_invalid(report)``: a list to append each refused document's ``ValidationError``
#: to, a callable to call with it, or ``None`` (a ``LoadWarning`` for each).
InvalidReport: TypeAlias = list[ValidationError] | Callable[[ValidationError], object] | None


def _warn_skipped(error: ValidationError) -> None:
    warnings.warn(f"skipped a document that does not fit: {error}", LoadWarning, stacklevel=2)


class BaseManager:
    """Tracking, filters, plans and flows shared by both managers (no I/O)."""

    def __init__(
        self,
        *,
        persistence: Persistence | None = None,
        state_tracker: StateTracker | None = None,
    ) -> None:
        _check_tracker("persistence", persistence, Persistence)
        _check_tracker("state_tracker", state_tracker, StateTracker)
        self._persistence = persistence
        self._state_tracker = state_tracker
        self._loaders: dict[type[Model], Callable[[Mapping[str, Any]], Any]] = {}
        #: ``skip_invalid()``: where a read reports a document that does not fit (else raise).
        self._on_invalid: Callable[[ValidationError], object] | None = None

    @property
    def persistence(self) -> Persistence:
        """The persistence tracker: given to the constructor, or created on first access."""
        if self._persistence is None:
            self._persistence = Persistence()
        return self._persistence

    @property
    def state_tracker(self) -> StateTracker:
        """The state tracker: given to the constructor, or created on first access."""
        if self._state_tracker is None:
            self._state_tracker = StateTracker()
        return self._state_tracker

    # -- reads ---------------------------------------------------------------------------

    def _select(
        self,
        model: type[ModelT],
        filter: Filter,
        skip: int | None,
        take: int | None,
        sort_by: SortPayload | None,
    ) -> Read[ModelT | None]:
        _require_model(model, "select")
        check_filter(model, filter, "select")
        stages = filter_stages(filter)
        sort = sort_document(model, sort_by, "select")
        if sort:
            stages.append({"$sort": sort})
        if _count_argument("skip", skip):
            stages.append({"$skip": skip})
        load = self._read_loader(model)
        if take is not None:
            if _count_argument("take", take) == 0:
                return Read(None, load)
            stages.append({"$limit": take})
        return Read(self._read(model, filter, stages), load)

    def _find(
        self, model: type[ModelT], filter: Filter, operation: str = "find"
    ) -> Flow[ModelT | None]:
        _require_model(model, operation)
        check_filter(model, filter, operation)
        stages = [*filter_stages(filter), {"$limit": 1}]
        documents = yield self._read(model, filter, stages)
        return self._read_loader(model)(documents[0]) if documents else None

    def _get(self, model: type[ModelT], filter: Filter) -> Flow[ModelT]:
        instance = yield from self._find(model, filter, "get")
        if instance is None:
            raise NotFound(model, filter)
        return instance

    def _paginate(
        self,
        model: type[ModelT],
        filter: Filter,
        page: int,
        per_page: int,
        sort_by: SortPayload | None,
    ) -> Flow[Page[ModelT]]:
        _require_model(model, "paginate")
        check_page_numbers(page, per_page)
        check_filter(model, filter, "paginate")
        stages = filter_stages(filter)
        sort = sort_document(model, sort_by, "paginate")
        if sort:
            stages.append({"$sort": sort})
        window: list[dict[str, Any]] = [{"$skip": (page - 1) * per_page}] if page > 1 else []
        window.append({"$limit": per_page})
        stages.append({"$facet": {"total": [{"$count": "total"}], "items": window}})
        documents = yield self._read(model, filter, stages)
        facets = documents[0] if documents else {"total": [], "items": []}
        load = self._read_loader(model)
        total = facets["total"][0]["total"] if facets["total"] else 0
        loaded = [load(document) for document in facets["items"]]
        items = [instance for instance in loaded if instance is not None]
        return Page(items, total, page, per_page)

    def _count(self, model: type[Model], filter: Filter) -> Flow[int]:
        _require_model(model, "count")
        check_filter(model, filter, "count")
        stages = filter_stages(filter)
        plain = None if runs_on_database(stages) else find_arguments(stages)
        if plain is not None:
            query, options = plain
            limits = {key: options[key] for key in ("skip", "limit") if key in options}
            collection = _collection(model, filter)
            count = yield Command(collection, "count_documents", query, **limits)
            return int(count)
        documents = yield self._read(model, filter, [*stages, {"$count": "count"}])
        return int(documents[0]["count"]) if documents else 0

    def _exists(self, model: type[Model], filter: Filter) -> Flow[bool]:
        _require_model(model, "exists")
        check_filter(model, filter, "exists")
        stages = [*filter_stages(filter), {"$limit": 1}, {"$project": {"_id": 1}}]
        documents = yield self._read(model, filter, stages)
        return bool(documents)

    def _distinct(self, model: type[Model], field: str | AsRef, filter: Filter) -> Flow[list[Any]]:
        _require_model(model, "distinct")
        key = field_key(model, field, "distinct")
        check_filter(model, filter, "distinct")
        query = filter_query(filter, "distinct")
        values = yield Command(_collection(model, filter), "distinct", key, query)
        if isinstance(field, str | Attribute):
            return distinct_values(model, key, list(values))
        return list(values)

    def _refresh(self, instance: ModelT) -> Flow[ModelT]:
        if not isinstance(instance, Model):
            raise TypeError(f"refresh() takes a model instance, got {_describe(instance)}")
        model = type(instance)
        query = get_mapper(model).pk_filter(instance)
        check_pk_unchanged(instance, self.state_tracker.get_snapshot(instance), "refresh")
        document = yield Command(_collection(model), "find_one", query)
        if document is None:
            raise NotFound(model, query)
        get_mapper(model).load_into(instance, document)
        self._track(instance, document)
        return instance

    # -- writes --------------------------------------------------------------------------

    def _insert(self, instance: SchemaT) -> Flow[SchemaT]:
        document = self._dump_new(instance, "insert")
        stamp = next(CHANGES)
        yield Command(_collection(type(instance)), "insert_one", document)
        self._track(instance, document, stamp)
        return instance

    def _insert_many(self, instances: Iterable[SchemaT]) -> Flow[list[SchemaT]]:
        batch = list(instances)
        documents = [self._dump_new(instance, "insert_many") for instance in batch]
        stamp = next(CHANGES)
        for collection, indexes in _by_collection(batch):
            try:
                yield Command(collection, "insert_many", [documents[i] for i in indexes])
            except BulkWriteError as error:
                # An ordered insert_many wrote the documents before the first failure.
                first = min(
                    (entry["index"] for entry in error.details.get("writeErrors", ())),
                    default=0,
                )
                written = indexes[: min(first, int(error.details.get("nInserted", 0)))]
                for index in written:
                    self._track(batch[index], documents[index], stamp)
                error.add_note(_partial_insert(batch, indexes, written, error.details))
                raise
            for index in indexes:
                self._track(batch[index], documents[index], stamp)
        return batch

    def _save(self, instance: SchemaT, refresh: bool, atomic: bool) -> Flow[SchemaT]:
        plan = self._plan_save(instance, atomic, "save")
        collection = _collection(type(instance))
        options: dict[str, Any] = {} if refresh else {"projection": {"_id": True}}
        try:
            document = yield Command(
                collection,
                "find_one_and_update",
                plan.filter,
                plan.update,
                upsert=plan.upsert,
                return_document=ReturnDocument.AFTER,
                **options,
            )
            if document is None and plan.two_step:
                # The document was deleted meanwhile: recreate it whole.
                document = yield Command(
                    collection,
                    "find_one_and_update",
                    plan.filter,
                    plan.recreate(),
                    upsert=True,
                    return_document=ReturnDocument.AFTER,
                    **options,
                )
            elif document is None and plan.insert_if_absent:
                inserted = yield from self._insert_absent(collection, plan)
                document = plan.written() if inserted else None
        except DuplicateKeyError as error:
            if plan.version_field is None or not _duplicate_pk(error.details, plan.pk_filter):
                raise
            document = None  # a stale versioned upsert: the pk is taken at another version
        if document is None:
            raise _conflict([instance], [plan])
        plan.applied(instance)
        if refresh:
            get_mapper(instance).load_into(instance, document)
            self._track(instance, document)
        else:
            self._track(instance, plan.written(), plan.stamp)
        return instance

    def _save_many(self, instances: Iterable[SchemaT], atomic: bool) -> Flow[list[SchemaT]]:
        batch = list(instances)
        plans = [self._plan_save(instance, atomic, "save_many") for instance in batch]
        conflicts: list[int] = []
        for collection, indexes in _by_collection(batch):
            stale = yield from self._bulk_save(
                collection, [(i, batch[i], plans[i]) for i in indexes]
            )
            conflicts.extend(stale)
        if conflicts:
            conflicts.sort()
            raise _conflict([batch[i] for i in conflicts], [plans[i] for i in conflicts])
        return batch

    def _bulk_save(
        self, collection: str, saves: list[tuple[int, Schema, SavePlan]]
    ) -> Flow[list[int]]:
        """Save one collection's share of a ``save_many`` batch; return the conflicting
        batch positions. Every instance written is tracked as soon as that is known.

        Unordered ``bulk_write``s, so that every stale save is reported at its own index; a pk
        seen twice starts a new ``bulk_write``, which keeps the saves of one document in order.
        A versioned save that must not insert (a persisted instance: its document deleted or
        at another version is a ``Conflict``, as for ``save``) or whose pk is not ``_id`` goes
        alone (``_save_alone``), first: a bulk's counts do not say which update matched.
        """
        stale: list[int] = []
        unmatched: list[tuple[int, Schema, SavePlan]] = []
        failed: BulkWriteError | None = None
        for run in _unique_pks(saves):
            for index, instance, plan in run:
                if _alone(plan) and not (yield from self._save_alone(collection, instance, plan)):
                    stale.append(index)
            chunk = [save for save in run if not _alone(save[2])]
            if not chunk:
                continue
            requests = [
                UpdateOne(plan.filter, plan.update, upsert=plan.upsert) for _, _, plan in chunk
            ]
            try:
                result = yield Command(collection, "bulk_write", requests, ordered=False)
                details: Mapping[str, Any] = result.bulk_api_result
            except BulkWriteError as error:
                failed, details = error, error.details
            errors = {entry["index"]: entry for entry in details.get("writeErrors", ())}
            upserted = {entry["index"] for entry in details.get("upserted", ())}
            # An upsert that did not insert matched; the two-step saves matched the rest of
            # nMatched. When fewer than all of them matched, find out which below.
            matched = int(details.get("nMatched", 0)) - sum(
                1
                for position, (_, _, plan) in enumerate(chunk)
                if not plan.two_step and position not in upserted and position not in errors
            )
            two_step = [save for save in chunk if save[2].two_step]
            all_matched = matched >= len(two_step)
            conflicts = 0
            for position, (index, instance, plan) in enumerate(chunk):
                write_error = errors.get(position)
                if write_error is not None:
                    if plan.version_field is not None and _duplicate_pk(
                        write_error, plan.pk_filter
                    ):
                        stale.append(index)
                        conflicts += 1
                elif plan.two_step and not all_matched:
                    unmatched.append((index, instance, plan))
                else:
                    plan.applied(instance)
                    self._track(instance, plan.written(), plan.stamp)
            if conflicts < len(errors) and failed is not None:  # not only stale versions
                yield from self._recreate_missing(collection, unmatched)
                raise failed
        yield from self._recreate_missing(collection, unmatched)
        return stale

    def _save_alone(self, collection: str, instance: Schema, plan: SavePlan) -> Flow[bool]:
        """One versioned save of a ``save_many`` on its own, as ``save`` sends it: the update
        at the expected version, else, for a new instance whose pk is not ``_id`` (the server
        does not refuse a duplicate there), the insert where no document holds the pk.
        Returns whether the instance was written (and tracks it), else stale."""
        document = yield Command(
            collection,
            "find_one_and_update",
            plan.filter,
            plan.update,
            upsert=False,
            projection={"_id": True},
        )
        if document is None and not (
            plan.insert_if_absent and (yield from self._insert_absent(collection, plan))
        ):
            return False
        plan.applied(instance)
        self._track(instance, plan.written(), plan.stamp)
        return True

    def _insert_absent(self, collection: str, plan: SavePlan) -> Flow[bool]:
        """Insert the instance of a guarded ``plan`` unless a document holds its pk (at another
        version: nothing is written); return whether it was inserted."""
        before = yield Command(
            collection,
            "find_one_and_update",
            plan.pk_filter,
            plan.insert_update(),
            upsert=True,
            return_document=ReturnDocument.BEFORE,
            projection={"_id": True},
        )
        return before is None

    def _recreate_missing(
        self, collection: str, saves: list[tuple[int, Schema, SavePlan]]
    ) -> Flow[None]:
        """Of ``saves`` (two-step saves of a bulk that did not all match), recreate those whose
        document is gone with their full upsert, and track every one."""
        if not saves:
            return
        filters = [plan.pk_filter for _, _, plan in saves]
        keys = {key: 1 for query in filters for key in query}
        found = yield Command(
            collection, "aggregate", [{"$match": {"$or": filters}}, {"$project": keys}]
        )
        present = [{key: document.get(key) for key in keys} for document in found]
        missing = [save for save in saves if save[2].pk_filter not in present]
        for _, instance, plan in saves:
            if plan.pk_filter in present:
                self._track(instance, plan.written(), plan.stamp)
        if missing:
            requests = [
                UpdateOne(plan.pk_filter, plan.recreate(), upsert=True) for _, _, plan in missing
            ]
            yield Command(collection, "bulk_write", requests, ordered=True)
            for _, instance, plan in missing:
                self._track(instance, plan.written(), plan.stamp)

    def _delete(self, instance: Schema) -> Flow[None]:
        query = self._writable(instance, "delete").pk_filter(instance)
        check_pk_unchanged(instance, self.state_tracker.get_snapshot(instance), "delete")
        yield Command(_collection(type(instance)), "delete_one", query)
        self.persistence.forget(instance)
        self.state_tracker.forget(instance)

    def _delete_many(self, model: type[Model], filter: Filter) -> Flow[int]:
        collection, query = _write_target(model, filter, "delete_many")
        result = yield Command(collection, "delete_many", query)
        return int(result.deleted_count)

    def _update_many(self, model: type[Model], filter: Filter, update: Any) -> Flow[int]:
        if update is None:
            raise TypeError(
                f"update_many({getattr(model, '__qualname__', model)}, ...) needs an update: "
                "update=User.age.inc(1), a list of update operators, or an update dict"
            )
        collection, query = _write_target(model, filter, "update_many")
        check_update(model, update, "update_many")
        document = compile_update_for(model, update)
        result = yield Command(collection, "update_many", query, document)
        return int(result.modified_count)

    def _find_one_and_update(
        self,
        model: type[ModelT],
        filter: Filter,
        update: Any,
        upsert: bool,
        sort_by: SortPayload | None,
    ) -> Flow[ModelT | None]:
        collection, query = _write_target(model, filter, "find_one_and_update")
        check_update(model, update, "find_one_and_update")
        document = yield Command(
            collection,
            "find_one_and_update",
            query,
            compile_update_for(model, update),
            upsert=upsert,
            sort=sort_document(model, sort_by, "find_one_and_update"),
            return_document=ReturnDocument.AFTER,
        )
        return None if document is None else self._loader(model)(document)

    def _find_one_and_delete(
        self, model: type[ModelT], filter: Filter, sort_by: SortPayload | None
    ) -> Flow[ModelT | None]:
        collection, query = _write_target(model, filter, "find_one_and_delete")
        document = yield Command(
            collection,
            "find_one_and_delete",
            query,
            sort=sort_document(model, sort_by, "find_one_and_delete"),
        )
        return None if document is None else get_mapper(model).load(document)

    def _bulk_write(
        self, model: type[Model], requests: Sequence[Any], ordered: bool
    ) -> Flow[BulkWriteResult]:
        _require_schema(model, "bulk_write")
        instances: dict[int, tuple[Model, dict[str, Any]]] = {}
        checked = [
            self._bulk_request(model, request, index, instances)
            for index, request in enumerate(requests)
        ]
        stamp = next(CHANGES)
        try:
            result: BulkWriteResult = yield Command(
                _collection(model), "bulk_write", checked, ordered=ordered
            )
        except BulkWriteError as error:
            self._track_bulk(checked, instances, error.details, ordered, stamp)
            raise
        self._track_bulk(checked, instances, result.bulk_api_result, ordered, stamp)
        return result

    def _bulk_request(
        self,
        model: type[Model],
        request: Any,
        index: int,
        instances: dict[int, tuple[Model, dict[str, Any]]],
    ) -> Any:
        """A ``bulk_write`` request with its document checked before anything is sent: an
        ``InsertOne``/``ReplaceOne`` of an instance is verified (in-place changes included)
        and dumped (the instance and its document go into ``instances`` under ``index``); one
        of a document must load as ``model`` and be storable by BSON (``ValidationError``
        otherwise, naming the field)."""
        if not isinstance(request, (InsertOne, ReplaceOne)):
            return request
        document = request._doc
        if isinstance(document, Model):
            mapper = self._writable(document, "bulk_write")
            mapper.verify(document)
            mapper.ensure_pk(document)
            dumped = mapper.dump(document)
            instances[index] = (document, dumped)
            if isinstance(request, InsertOne):
                return InsertOne(dumped)
            return ReplaceOne(
                request._filter,
                dumped,
                upsert=request._upsert,
                collation=request._collation,
                hint=request._hint,
                namespace=request._namespace,
                sort=request._sort,
            )
        if isinstance(document, Mapping):
            get_mapper(model).check_document(document)
        return request

    def _track_bulk(
        self,
        requests: Sequence[Any],
        instances: Mapping[int, tuple[Model, dict[str, Any]]],
        details: Mapping[str, Any],
        ordered: bool,
        stamp: int,
    ) -> None:
        """Track the instances a ``bulk_write`` wrote, as ``insert`` and ``save`` do: those of
        the ``InsertOne`` requests that ran without error, and those of the ``ReplaceOne``
        requests that upserted or, when every single-document update matched, replaced.
        (When one matched nothing, which did is not known: those are left as they were.)"""
        if not instances:
            return
        errors = {entry["index"] for entry in details.get("writeErrors", ())}
        first = min(errors, default=len(requests))
        ran = {
            index
            for index in range(len(requests))
            if index not in errors and (index < first or not ordered)
        }
        upserted = {entry["index"] for entry in details.get("upserted", ())}
        updates = [
            index
            for index in ran
            if isinstance(requests[index], (UpdateOne, ReplaceOne)) and index not in upserted
        ]
        single = not any(isinstance(request, UpdateMany) for request in requests)
        all_matched = single and int(details.get("nMatched", 0)) >= len(updates)
        for index, (instance, document) in instances.items():
            if index not in ran:
                continue
            if isinstance(requests[index], InsertOne) or index in upserted or all_matched:
                self._track(instance, document, stamp)

    def _ensure_indexes(
        self, model: type[Model], indexes: Sequence[IndexSpec] | None
    ) -> Flow[list[str]]:
        models = index_models(model, indexes)
        if not models:
            return []
        names = yield Command(_collection(model), "create_indexes", models)
        return list(names)

    def _ensure_validator(
        self, model: type[Model], level: ValidationLevel, action: ValidationAction
    ) -> Flow[dict[str, Any]]:
        _require_schema(model, "ensure_validator")
        if level not in _LEVELS:
            raise ValueError(f"ensure_validator: level must be one of {_LEVELS}, got {level!r}")
        if action not in _ACTIONS:
            raise ValueError(f"ensure_validator: action must be one of {_ACTIONS}, got {action!r}")
        collection = _collection(model)
        rules = validator(model)
        options = {"validator": rules, "validationLevel": level, "validationAction": action}
        names = yield Command(None, "list_collection_names", filter={"name": collection})
        if collection in names:
            yield Command(None, "command", "collMod", collection, **options)
        else:
            yield Command(None, "create_collection", collection, **options)
        return rules

    # -- helpers -------------------------------------------------------------------------

    def _read(self, model: type[Model], filter: Filter, stages: list[dict[str, Any]]) -> Command:
        """The cursor command of a read: ``find`` when ``stages`` are a plain query (same
        documents, same order), else ``aggregate``."""
        if runs_on_database(stages):
            return Command(None, "aggregate", stages)
        collection = _collection(model, filter)
        plain = find_arguments(stages)
        if plain is None:
            return Command(collection, "aggregate", stages)
        query, options = plain
        return Command(collection, "find", query, **options)

    def _loader(self, model: type[ModelT]) -> Callable[[Mapping[str, Any]], ModelT]:
        """The model's load function, with tracking for a ``Schema`` (built once per model)."""
        load: Callable[[Mapping[str, Any]], ModelT] | None = self._loaders.get(model)
        if load is None:
            load = get_mapper(model).load
            if issubclass(model, Schema):
                load = tracking_loader(load, self.persistence, self.state_tracker)
            self._loaders[model] = load
        return load

    def _read_loader(self, model: type[ModelT]) -> Callable[[Mapping[str, Any]], ModelT | None]:
        """The loader of reads: under ``skip_invalid()``, a document that does not fit is
        reported and read as ``None`` (the caller leaves it out)."""
        load = self._loader(model)
        report = self._on_invalid
        if report is None:
            return load

        def load_or_skip(document: Mapping[str, Any]) -> ModelT | None:
            try:
                return load(document)
            except ValidationError as error:
                report(error)
                return None

        return load_or_skip

    def _skipping(self, view: BaseManager, report: InvalidReport) -> None:
        """Make ``view`` (a new manager sharing this one's trackers) skip documents that do
        not fit, reporting each to ``report``."""
        if report is None:
            view._on_invalid = _warn_skipped
        elif isinstance(report, list):
            view._on_invalid = report.append
        elif callable(report):
            view._on_invalid = report
        else:
            raise TypeError(
                "skip_invalid(report=...) takes a list, a callable or None, got "
                f"{type(report).__name__} {report!r}"
            )

    def _track(
        self, instance: Model, document: Mapping[str, Any], stamp: int | None = None
    ) -> None:
        """Mark a written or read ``instance`` persisted, with ``document`` as its snapshot,
        made at clock ``stamp`` (default: now)."""
        if not isinstance(instance, Schema):
            return
        self.persistence.mark_persisted(instance)
        self.state_tracker.snapshot_document(instance, document, stamp=stamp)

    def _writable(self, instance: Any, operation: str) -> Mapper[Any]:
        if not isinstance(instance, Schema):
            raise Forbidden(
                instance if isinstance(instance, type) else type(instance),
                f"{operation} writes, so it needs a Schema instance "
                f"(class X(Schema, collection=...)); got {_describe(instance)}",
            )
        return get_mapper(instance)

    def _dump_new(self, instance: Schema, operation: str) -> dict[str, Any]:
        mapper = self._writable(instance, operation)
        mapper.verify(instance)
        mapper.ensure_pk(instance)
        return mapper.dump(instance)

    def _plan_save(self, instance: Schema, atomic: bool, operation: str) -> SavePlan:
        mapper = self._writable(instance, operation)
        persisted = self.persistence.is_persisted(instance)
        tracker = self.state_tracker
        snapshot = tracker.get_snapshot(instance)
        check_pk_unchanged(instance, snapshot, operation)
        if not (atomic and persisted):
            mapper.verify(instance)
            return plan_save(instance, persisted=persisted, dirty=None, snapshot=None)
        dirty = tracker.get_dirty_fields(instance)
        # An atomic save writes the dirty fields; the others are as read or last written.
        plan_of(type(instance)).verify(instance, only=dirty)
        return plan_save(instance, persisted=persisted, dirty=dirty, snapshot=snapshot)


def _conflict(instances: Sequence[Model], plans: Sequence[SavePlan]) -> Conflict:
    """The ``Conflict`` of stale versioned saves: names the first, lists every one."""
    first = plans[0]
    return Conflict(type(instances[0]), first.filter, first.expected_version, instances=instances)


def _duplicate_pk(error: Mapping[str, Any] | None, pk_filter: Mapping[str, Any]) -> bool:
    """Whether a duplicate-key write error is on the pk (a versioned upsert that found its
    pk at another version), not on another unique index."""
    if not error or error.get("code") != 11000:
        return False
    pattern = error.get("keyPattern")
    if isinstance(pattern, Mapping):
        return set(pattern) == set(pk_filter)
    return set(pk_filter) == {"_id"} and " _id_ " in str(error.get("errmsg", ""))


def _alone(plan: SavePlan) -> bool:
    """Whether a ``save_many`` sends this save on its own: versioned, and not an upsert."""
    return plan.version_field is not None and not plan.upsert


def _unique_pks(
    saves: list[tuple[int, Schema, SavePlan]],
) -> list[list[tuple[int, Schema, SavePlan]]]:
    """Split ``saves`` into runs in which no pk appears twice."""
    chunks: list[list[tuple[int, Schema, SavePlan]]] = [[]]
    seen: set[str] = set()
    for save in saves:
        key = repr(sorted(save[2].pk_filter.items()))
        if key in seen:
            chunks.append([])
            seen.clear()
        seen.add(key)
        chunks[-1].append(save)
    return chunks if saves else []


def _partial_insert(
    batch: Sequence[Model],
    indexes: Sequence[int],
    written: Sequence[int],
    details: Mapping[str, Any],
) -> str:
    """The note added to an ``insert_many`` error: what was written, what failed."""
    failures = [
        f"#{indexes[entry['index']]} {batch[indexes[entry['index']]]!r} "
        f"({entry.get('errmsg', 'failed')})"
        for entry in details.get("writeErrors", ())
    ]
    return (
        f"gault insert_many: {len(written)} of the {len(indexes)} instances sent to this "
        f"collection were written (marked persisted and snapshotted); failed: "
        f"{'; '.join(failures) or 'unknown'}; the ones after the first failure were not sent"
    )


def _require_schema(model: type[Any], operation: str) -> None:
    if not (isinstance(model, type) and issubclass(model, Schema)):
        raise Forbidden(
            model,
            f"{operation} writes, so it needs a Schema class (class X(Schema, collection=...)); "
            f"got {_describe(model)}",
        )


def _require_model(model: Any, operation: str) -> None:
    if not (isinstance(model, type) and issubclass(model, Model)):
        raise TypeError(
            f"{operation}() takes a model class (a Model or Schema subclass), "
            f"got {_describe(model)}"
        )


def _describe(value: Any) -> str:
    if isinstance(value, type):
        return f"the class {value.__qualname__} itself"
    if isinstance(value, Schema):
        return f"an instance of {type(value).__qualname__}"
    if isinstance(value, Model):
        return f"an instance of {type(value).__qualname__}, a Model (read-only: not a Schema)"
    return f"{type(value).__name__} {value!r}"


def _check_tracker(name: str, value: Any, expected: type) -> None:
    if value is not None and not isinstance(value, expected):
        raise TypeError(
            f"{name} must be a {expected.__name__} or None, got {type(value).__name__} {value!r}"
        )


def _collection(model: type[Any], filter: Filter = None) -> str:
    if isinstance(filter, CollectionPipeline):
        return filter.collection
    try:
        return get_collection(model)
    except KeyError:
        raise Unprocessable(
            model,
            "is bound to no collection: declare it with collection=..., or start the filter "
            "with a $documents stage (Pipeline.documents(...))",
        ) from None


def _write_target(model: type[Any], filter: Filter, operation: str) -> tuple[str, dict[str, Any]]:
    _require_schema(model, operation)
    collection = _collection(model)
    if isinstance(filter, CollectionPipeline) and filter.collection != collection:
        raise ValueError(
            f"{operation}: the filter is a pipeline over {filter.collection!r}, but "
            f"{model.__qualname__} is stored in {collection!r}"
        )
    check_filter(model, filter, operation)
    return collection, filter_query(filter, operation)


def _count_argument(name: str, value: int | None) -> int:
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int >= 0 or None, got {type(value).__name__} {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    if value > INT64_MAX:
        raise ValueError(f"{name} must fit a 64-bit integer (<= 2**63 - 1), got {value}")
    return value


def _by_collection(instances: Sequence[Model]) -> list[tuple[str, list[int]]]:
    groups: dict[str, list[int]] = {}
    for index, instance in enumerate(instances):
        groups.setdefault(_collection(type(instance)), []).append(index)
    return list(groups.items())
