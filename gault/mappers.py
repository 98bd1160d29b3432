"""Document ↔ instance mapping: ``Mapper`` and ``get_mapper``.

A ``Mapper`` wraps a model's frozen plan. ``load`` is the fast path used for every document a
manager reads: generated per class, it fills the instance storage directly (no descriptor,
no typeguard), checks each value cheaply, ignores unknown keys and never shares a mutable
container with the raw document (which becomes the state tracker's snapshot). ``dump`` writes
db keys and BSON-ready values; unset fields are omitted, ``None`` is written as ``None``.
It also gives the managers the pk helpers they need for writes: pk filters and generated
``ObjectId`` pks (the update document of a save is planned in ``gault.managers._writes``).
Imports ``gault.models`` and below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, NamedTuple, TypeVar

from bson.objectid import ObjectId

from gault._schema.changes import record_change
from gault._schema.plan import FieldSpec, ModelPlan, plan_of
from gault._support import publish
from gault.exceptions import Unprocessable
from gault.models import Model

__all__ = ["FieldEntry", "FieldMapping", "Mapper", "get_mapper"]

M = TypeVar("M", bound=Model)


class FieldMapping(NamedTuple):
    """A field's attribute name, db key and pk flag (``Mapper.field_mapping``)."""

    model_field: str
    db_field: str
    pk: bool


class FieldEntry(NamedTuple):
    """A field of an instance with its encoded value (``Mapper.iter_document``)."""

    model_field: str
    db_field: str
    value: Any
    pk: bool


class Mapper(Generic[M]):
    """Maps documents of one model class to instances and back (get one with ``get_mapper``).

    ``load(document) -> instance`` builds an instance from a raw document (unknown keys are
    ignored); it raises ``ValidationError`` naming the field and the document's ``_id`` when a
    value does not fit its field or a required key is missing. ``dump(instance) -> dict``
    returns the document of an instance: db keys, BSON-ready values, unset fields left out.
    Both are the model's generated functions themselves, so calling them costs nothing more.
    """

    __slots__ = ("_plan", "dump", "load", "model")

    def __init__(self, model: type[M]) -> None:
        if not isinstance(model, type) or not issubclass(model, Model):
            raise TypeError(f"Mapper() expects a Model class, got {model!r}")
        self.model = model
        self._plan: ModelPlan = plan_of(model)
        self.load: Callable[[Mapping[str, Any]], M] = self._plan.load
        self.dump: Callable[[M], dict[str, Any]] = self._plan.dump

    def __repr__(self) -> str:
        return f"Mapper({self.model.__qualname__})"

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        """The model's fields in declaration order."""
        return self._plan.fields

    @property
    def pk_fields(self) -> tuple[FieldSpec, ...]:
        """The pk fields (several make a composite key; empty when the model has none)."""
        return self._plan.pk_fields

    @property
    def has_pk(self) -> bool:
        """Whether the model declares at least one pk field."""
        return bool(self._plan.pk_fields)

    @property
    def version_field(self) -> FieldSpec | None:
        """The ``version=True`` field, if the model has one (optimistic concurrency)."""
        return self._plan.version_field

    def verify(self, instance: M) -> None:
        """Check ``instance`` before it is written: required fields set, every value fitting
        its field, in-place changes of lists, dicts, sets and embedded models included
        (``ValidationError`` naming the model and the full path, ``Order.items[2].sku``)."""
        self._check_instance(instance)
        plan_of(type(instance)).verify(instance)

    def check_document(self, document: Mapping[str, Any]) -> None:
        """Check that ``document`` fits the model, as a load would (``ValidationError`` naming
        its ``_id``, the field, the stored value and the expected type); nothing is kept."""
        self._plan.check_document(document)

    def load_into(self, instance: M, document: Mapping[str, Any]) -> M:
        """Replace ``instance``'s values with those of ``document`` (a refresh), in place."""
        self._check_instance(instance)
        fresh = plan_of(type(instance)).load(document)
        state = vars(instance)
        names = set(state) | set(fresh.__dict__)
        state.clear()
        state.update(fresh.__dict__)
        for name in names:
            record_change(instance, name)
        return instance

    def pk_filter(self, instance: M) -> dict[str, Any]:
        """Return the filter matching ``instance``'s document by its pk field(s).

        Raises ``Unprocessable`` when the model declares no pk or a pk field is unset or
        ``None`` (which would match other documents, or none).
        """
        self._check_instance(instance)
        pk_fields = self._require_pk()
        state = instance.__dict__
        query: dict[str, Any] = {}
        for field in pk_fields:
            value = state.get(field.name)
            if value is None:
                problem = "is not set" if field.name not in state else "is None"
                raise Unprocessable(
                    self.model, f"pk field {field.name!r} {problem} (insert the instance first)"
                )
            value = field.codec.encode_value(value)
            query[field.db_key] = {"$eq": value} if isinstance(value, dict) else value
        return query

    def ensure_pk(self, instance: M) -> bool:
        """Give ``instance`` a new ``ObjectId`` in each unset (or ``None``) ``ObjectId`` pk.

        The managers call this before inserting or upserting. Returns whether a pk was made.
        """
        self._check_instance(instance)
        state = vars(instance)
        generated = False
        for field in self._plan.pk_fields:
            if field.object_id_pk and state.get(field.name) is None:
                state[field.name] = ObjectId()
                record_change(instance, field.name)
                generated = True
        return generated

    def get_version(self, instance: M) -> int | None:
        """The value of the version field (``None`` when the model has none or it is unset)."""
        field = self._plan.version_field
        if field is None:
            return None
        value: int | None = instance.__dict__.get(field.name)
        return value

    # The 0.14 names, kept for existing code.
    @property
    def field_mapping(self) -> list[FieldMapping]:
        """``(model_field, db_field, pk)`` for every field, in declaration order."""
        return [FieldMapping(field.name, field.db_key, field.pk) for field in self._plan.fields]

    @property
    def db_fields(self) -> set[str]:
        """The db keys of the model's fields."""
        return {field.db_key for field in self._plan.fields}

    def iter_document(self, instance: M) -> Iterator[FieldEntry]:
        """Yield ``(model_field, db_field, value, pk)`` for every set field (value encoded)."""
        self._check_instance(instance)
        state = instance.__dict__
        for field in self._plan.fields:
            if field.name in state:
                value = field.codec.encode_value(state[field.name])
                yield FieldEntry(field.name, field.db_key, value, field.pk)

    def map(self, document: Mapping[str, Any]) -> M:
        """Same as ``load`` (the 0.14 name)."""
        return self.load(document)

    def to_document(self, instance: M) -> dict[str, Any]:
        """Same as ``dump`` (the 0.14 name)."""
        return self.dump(instance)

    def to_filter(self, instance: M) -> dict[str, Any]:
        """Same as ``pk_filter`` (the 0.14 name)."""
        return self.pk_filter(instance)

    def _require_pk(self) -> tuple[FieldSpec, ...]:
        pk_fields = self._plan.pk_fields
        if not pk_fields:
            raise Unprocessable(
                self.model, "the model declares no pk field: use configure(pk=True) on one"
            )
        return pk_fields

    def _check_instance(self, instance: object) -> None:
        if not isinstance(instance, self.model):
            raise TypeError(
                f"{self!r} expects a {self.model.__qualname__} instance, got "
                f"{type(instance).__qualname__}"
            )


def get_mapper(model_or_instance: type[M] | M) -> Mapper[M]:
    """Return the ``Mapper`` of a model class (or of an instance's class), cached on the class."""
    model = model_or_instance if isinstance(model_or_instance, type) else type(model_or_instance)
    mapper: Mapper[M] | None = model.__dict__.get("__gault_mapper__")
    if mapper is None:
        mapper = Mapper(model)
        type.__setattr__(model, "__gault_mapper__", mapper)
    return mapper


publish(__name__, __all__, globals())
