"""Models: ``Model``, ``Schema``, their fields (``Attribute``), ``configure`` and the registries.

``class User(Schema, collection="users")`` declares a document type bound to a collection;
``class Summary(Model)`` a shape without one (projection, aggregation output, embedded
document). Annotated class attributes are the fields, in declaration order, inherited first.

On the class, ``User.age`` is an ``Attribute``: the same cached reference every time, with every
query method of ``gault.predicates.Field`` and a db-alias-aware ``compile_field()``; embedded
fields compose (``User.address.city``). ``Attribute`` is a data descriptor: on an instance it
reads the value from the instance ``__dict__``; assigning checks the value, stores it and stamps
the field as changed for the state trackers (deleting stamps it too). Mapping lives in
``gault.mappers``, tracking in ``gault.tracking``. ``Page`` is re-exported from ``gault.pages``
and ``AttributeSpec`` is an alias of ``Attribute`` (their 0.14 import paths).

0.14 compatibility: a model's ``__post_init__(self)``, if it defines one, runs after the fields
are set, both on construction and when a document is loaded; model classes answer the
``dataclasses`` helpers (``is_dataclass``, ``fields``, ``asdict``, ``replace``; see
``gault._schema.dataclass_view``), and ``copy.replace`` works on instances (Python 3.13+).
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import sys
import types
import typing
import weakref
from typing import TYPE_CHECKING, Any, ClassVar, Never, Self, TypeVar, dataclass_transform

from bson.decimal128 import Decimal128
from bson.timestamp import Timestamp

from gault._schema.changes import CHANGES, SET_CHANGES, Tracked, init_tracking, record_change
from gault._schema.codecs import Codec, is_decimal128, is_int64, type_name
from gault._schema.dataclass_view import DataclassView
from gault._schema.plan import (
    Declared,
    FieldOptions,
    FieldSpec,
    ModelPlan,
    declare,
    plan_of,
    try_plan,
)
from gault._schema.pydantic_schema import model_core_schema
from gault._support import MISSING, publish
from gault.exceptions import ArgumentError, ValidationError
from gault.interfaces import AsRef
from gault.pages import Page
from gault.predicates import Field

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler

__all__ = [
    "MISSING",
    "Attribute",
    "AttributeSpec",
    "FieldSpec",
    "Model",
    "Page",
    "Schema",
    "configure",
    "fields",
    "get_collection",
    "get_schema",
    "reference_model",
]

T = TypeVar("T")

_COLLECTIONS: weakref.WeakKeyDictionary[type, str] = weakref.WeakKeyDictionary()
_SCHEMAS: weakref.WeakValueDictionary[str, type[Schema]] = weakref.WeakValueDictionary()
#: gault's own bases: not dataclasses, though their subclasses answer as ones.
_NOT_DATACLASSES: set[type] = set()


def configure(
    *,
    pk: bool = False,
    db_alias: str | None = None,
    default: Any = MISSING,
    default_factory: Any = MISSING,
    version: bool = False,
    **unknown: Never,
) -> Any:
    """Declare a field's options: ``id: Field[str] = configure(pk=True, db_alias="_id")``.

    ``pk`` marks a primary-key field (several make a composite key; an ``ObjectId`` pk left
    unset is generated on insert); ``db_alias`` is the document key; ``default`` (immutable)
    or ``default_factory`` make the field optional; ``version=True`` on an ``int`` field turns
    on optimistic concurrency. Mistakes raise ``TypeError`` naming ``Model.field`` when the
    class is created.
    """
    return FieldOptions(
        pk=pk,
        db_alias=db_alias,
        default=default,
        default_factory=default_factory,
        version=version,
        unknown=dict(unknown),
    )


#: Annotations that hold any value.
_ANY: frozenset[Any] = frozenset({Any, object})


def _members(annotation: Any) -> tuple[Any, ...]:
    """The members of a union annotation (``None`` as ``type(None)``), or the annotation."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def _amount_fits(kind: Any, amount: Any) -> bool | None:
    """Whether ``amount`` may be added to (or multiply) a value of ``kind`` and keep its type,
    or ``None`` when ``kind`` is not a number (a union: fits a member, ``None`` aside)."""
    if kind is int:
        return is_int64(amount)
    if kind is float:
        return isinstance(amount, float) or is_int64(amount)
    if kind is decimal.Decimal:
        return is_int64(amount) or is_decimal128(amount) or isinstance(amount, Decimal128)
    if kind in _ANY:
        return isinstance(amount, (int, float, decimal.Decimal)) and not isinstance(amount, bool)
    members = [member for member in _members(kind) if member is not type(None)]
    if not members or members == [kind]:
        return None
    fits = [_amount_fits(member, amount) for member in members]
    return None if None in fits else any(fits)


class Attribute(Field[T]):
    """A model field: on the class a cached field reference, on an instance its value.

    ``compile_field()`` is the db-aliased dotted path; ``User.address.city`` composes through
    embedded models (also through ``list[Address]``); unknown names raise ``AttributeError``.
    Assigning checks the value against the field (``ValidationError``) and records the change;
    so do its typed update operators (``set``, ``set_on_insert``, ``min``, ``max`` take the
    field's type; ``push``, ``add_to_set``, ``pull`` its item type; ``inc``, ``mul`` a number
    that fits it; ``unset``, ``rename`` and ``current_date`` must leave a document that loads).
    """

    __slots__ = ("_children", "_exact", "_model", "_name", "_parent", "_spec")

    def __init__(
        self, model: type, name: str, path: str, parent: Attribute[Any] | None = None
    ) -> None:
        super().__init__(path)
        self._model = model
        self._name = name
        self._parent = parent
        self._children: dict[str, Attribute[Any]] = {}
        self._spec: FieldSpec | None = None
        #: A class whose instances always fit the field (skips the check), once resolved.
        self._exact: type | None = None

    @property
    def name(self) -> Any:
        """The model field's name; on an embedded model, its field called ``name`` if any."""
        try:
            return self.__getattr__("name")
        except AttributeError:
            return self._name

    def get_db_alias(self) -> str:
        """Return the field's own document key: its db alias, or its name (0.14 API)."""
        declared: dict[str, Declared] = self._model.__dict__["__gault_declared__"]
        return declared[self._name].db_key

    def __repr__(self) -> str:
        return f"<Attribute {self._model.__qualname__}.{self._name} ({self._path!r})>"

    if not TYPE_CHECKING:  # type checkers see ``Field``'s overloads instead

        def __get__(self, instance, owner):
            if instance is None:
                return self
            try:
                return instance.__dict__[self._name]
            except KeyError:
                raise AttributeError(
                    f"{type(instance).__qualname__}.{self._name} is not set", name=self._name
                ) from None

    def __set__(self, instance: Any, value: T) -> None:
        """Check ``value`` against the field, store it (as MongoDB stores it: datetimes in
        milliseconds) and stamp the field as changed."""
        if value.__class__ is not self._exact:
            spec = self._spec or self._resolve()
            codec = spec.codec
            if not codec.check(value):
                raise spec.invalid(value)
            if codec.coerce is not None:
                value = codec.coerce(value)
        name = self._name
        instance.__dict__[name] = value
        changes = getattr(instance, "_gault_changes", None)
        if changes is None:
            SET_CHANGES(instance, {name: next(CHANGES)})
        else:
            changes[name] = next(CHANGES)

    def __delete__(self, instance: Any) -> None:
        """Unset the field (reading it then raises ``AttributeError``); stamp it as changed."""
        name = self._name
        try:
            del instance.__dict__[name]
        except KeyError:
            raise AttributeError(
                f"{type(instance).__qualname__}.{name} is not set", name=name, obj=instance
            ) from None
        record_change(instance, name)

    def _resolve(self) -> FieldSpec:
        """The field's spec (plans the model if needed); remember its exact class, if any."""
        spec = self._spec = plan_of(self._model).by_name[self._name]
        codec = spec.codec
        self._exact = codec.embedded if codec.shape == "model" else codec.trusted
        return spec

    def _update_value(self, operator: str, value: Any) -> Any:
        """Check an update operator's value against the field; ``ValidationError`` names the
        model, the field path, the value and the expected type."""
        codec = (self._spec or self._resolve()).codec
        if operator in ("$push", "$addToSet", "$pull"):
            target = _array_item(codec)
            if target is None:
                raise self._refused(
                    operator, value, f"{type_name(codec.annotation)} is not an array"
                )
        elif operator in ("$inc", "$mul"):
            return self._number(operator, codec, value)
        else:
            target = codec
        if not target.check(value):
            problem = target.reason(value)
            reason = (
                f"expected {type_name(target.annotation)}, got {type(value).__name__} {value!r}"
            )
            raise self._refused(
                operator, value, reason if problem is None else f"{reason} ({problem})"
            )
        return value if target.coerce is None else target.coerce(value)

    def _number(self, operator: str, codec: Codec, amount: Any) -> Any:
        """An ``$inc``/``$mul`` amount that keeps the field's type (an int64 for an ``int``; a
        member's for a numeric union such as ``int | float``)."""
        kind = codec.annotation
        fits = _amount_fits(kind, amount)
        if fits is None:
            raise self._refused(operator, amount, f"{type_name(kind)} is not a number")
        if not fits:
            problem = codec.reason(amount)
            reason = f"expected an amount that keeps {type_name(kind)}, got {type(amount).__name__} {amount!r}"
            raise self._refused(
                operator, amount, reason if problem is None else f"{reason} ({problem})"
            )
        return amount

    def _update_check(self, operator: str, argument: Any) -> None:
        """Refuse ``$unset`` or ``$rename`` of a field a document cannot load without, a
        ``$rename`` onto a declared field of another type, a ``$currentDate`` on a field that
        holds no date (``"date"``: ``datetime``/``date``; ``"timestamp"``: ``Timestamp``)."""
        spec = self._spec or self._resolve()
        if operator == "$currentDate":
            wanted = (datetime.datetime, datetime.date) if argument == "date" else (Timestamp,)
            members = _members(spec.codec.annotation)
            if not any(member in wanted or member in _ANY for member in members):
                held = "a date" if argument == "date" else "a Timestamp"
                raise self._refused(
                    operator, argument, f"{type_name(spec.codec.annotation)} does not hold {held}"
                )
            return
        if spec.required and not spec.optional:
            raise self._refused(
                operator, argument, "the field is required: a document without it does not load"
            )
        if operator == "$rename":
            target = self._rename_target(argument)
            if target is None:
                return
            holds = set(_members(target.codec.annotation))
            if not holds & _ANY and not set(_members(spec.codec.annotation)) <= holds:
                raise self._refused(
                    operator,
                    argument,
                    f"{type_name(spec.codec.annotation)} does not fit the target "
                    f"{target.model.__qualname__}.{target.name} "
                    f"({type_name(target.codec.annotation)})",
                )

    def _rename_target(self, new_name: str | AsRef) -> FieldSpec | None:
        """The declared field ``$rename`` moves this field's value to, if there is one."""
        if isinstance(new_name, Attribute):
            return new_name._spec or new_name._resolve()
        if not isinstance(new_name, str):
            return None
        parent = self._parent
        prefix = "" if parent is None else parent.compile_field() + "."
        if not new_name.startswith(prefix) or "." in new_name[len(prefix) :]:
            return None
        key = new_name[len(prefix) :]
        return next((field for field in plan_of(self._model).fields if field.db_key == key), None)

    def _refused(self, operator: str, value: Any, reason: str) -> ValidationError:
        names = []
        reference: Attribute[Any] | None = self
        while reference is not None:
            names.append(reference._name)
            reference = reference._parent
        path = ".".join(reversed(names))
        spec = self._spec or self._resolve()
        return ValidationError(
            reference_model(self), path, spec.annotation, value, reason=f"{operator}: {reason}"
        )

    def __getattr__(self, name: str) -> Attribute[Any]:
        if name.startswith("__"):
            raise AttributeError(name)
        children = self._children
        child = children.get(name)
        if child is None:
            child = self._child(name)
            children[name] = child
        return child

    def field(self, sub: str | AsRef) -> Field[Any]:
        """A reference to a sub-field: embedded field names resolve to their db alias.

        ``User.address.field("type")`` reaches an embedded field whose name is shadowed by a
        reference method (``.type``, ``.size``, ...); other paths are appended as given.
        """
        if isinstance(sub, str) and sub and not sub.startswith("$"):
            head, _, rest = sub.partition(".")
            child = self._children.get(head)
            if child is None:
                try:
                    child = self._child(head)
                except AttributeError:
                    return super().field(sub)
                self._children[head] = child
            return child.field(rest) if rest else child
        return super().field(sub)

    def _child(self, name: str) -> Attribute[Any]:
        field = plan_of(self._model).by_name[self._name]
        embedded = field.embedded
        if embedded is None:
            raise AttributeError(
                f"{self._model.__qualname__}.{self._name} is not an embedded model: it has no "
                f"field {name!r}",
                name=name,
            )
        inner = plan_of(embedded).by_name.get(name)
        if inner is None:
            raise AttributeError(
                f"{embedded.__qualname__} has no field {name!r} (in "
                f"{self._model.__qualname__}.{self._name})",
                name=name,
            )
        return Attribute(embedded, name, f"{self._path}.{inner.db_key}", self)

    def __reduce__(self) -> tuple[Any, ...]:
        if self._parent is None:
            return (getattr, (self._model, self._name))
        return (Attribute.field, (self._parent, self._name))


def _array_item(codec: Codec) -> Codec | None:
    """The item codec of an array field (``list``, ``set``, ``tuple[X, ...]``, also ``| None``)."""
    if codec.shape == "optional" and codec.item is not None:
        codec = codec.item
    if codec.annotation is Any or codec.annotation is object:
        return codec
    if codec.item is None or codec.shape in ("dict", "optional"):
        return None
    return codec.item


# gault 0.14 names, kept so that existing imports work.
#: The 0.14 name of the class-level field reference: the same class as ``Attribute``.
AttributeSpec = Attribute


@dataclass_transform(kw_only_default=True, field_specifiers=(configure,))
class ModelMeta(type):
    """Metaclass of ``Model``: collects annotated fields into ``Attribute`` descriptors."""

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> ModelMeta:
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        annotations = _own_annotations(cls, namespace)
        values = {key: namespace[key] for key in annotations if key in namespace}
        declared = declare(cls, values, annotations)
        type.__setattr__(cls, "__gault_declared__", declared)
        type.__setattr__(cls, "__gault_plan__", None)
        for field_name, item in declared.items():
            type.__setattr__(cls, field_name, Attribute(cls, field_name, item.db_key))
        caller = sys._getframe(1)
        if caller.f_code.co_name != "<module>":
            # A class defined in a function: its annotations may name the function's locals.
            type.__setattr__(cls, "__gault_localns__", dict(caller.f_locals))
        if try_plan(cls) and "__gault_localns__" in cls.__dict__:
            type.__delattr__(cls, "__gault_localns__")
        return cls


def _own_annotations(cls: type, namespace: dict[str, Any]) -> dict[str, Any]:
    """The annotations written in ``cls``'s own body (names and raw annotations, in order)."""
    if "__annotations__" in namespace:
        return dict(namespace["__annotations__"])
    if sys.version_info >= (3, 14) and "__annotate__" in namespace:  # lazy annotations
        import annotationlib

        forward = annotationlib.Format.FORWARDREF
        return dict(annotationlib.get_annotations(cls, format=forward))
    return {}


def _set_attribute(self: Model, name: str, value: Any) -> None:
    """``Model.__setattr__``: only fields can be assigned (their ``Attribute`` does the rest)."""
    if name not in type(self).__gault_declared__:
        raise AttributeError(
            f"{type(self).__qualname__} has no field {name!r}", name=name, obj=self
        )
    object.__setattr__(self, name, value)


def _delete_attribute(self: Model, name: str) -> None:
    """``Model.__delattr__``: only fields can be deleted (their ``Attribute`` does the rest)."""
    if name not in type(self).__gault_declared__:
        raise AttributeError(
            f"{type(self).__qualname__} has no field {name!r}", name=name, obj=self
        )
    object.__delattr__(self, name)


class Model(Tracked, metaclass=ModelMeta):
    """A document shape without a collection: projections, aggregation output, embedded docs.

    Construction is keyword-only and checked: missing required fields, unknown keywords and
    values of the wrong type raise ``ValidationError``; then the model's ``__post_init__()``
    runs, if it defines one (loading a document runs it too). Instances compare by type and field
    values, hash by identity, and ``repr`` as ``User(id='1', name='Alice')``.

    Class keywords: ``collection="name"`` binds the model to a collection (read-only use for a
    ``Model``); ``validate_load=False`` opts out of checking loaded documents (a stored value
    that does not fit its field is kept as it is, a missing required field stays unset).
    Both are inherited.
    """

    __slots__ = ("__dict__", "__weakref__")
    __gault_plan__: ClassVar[ModelPlan | None]
    __gault_declared__: ClassVar[dict[str, Declared]]

    def __init_subclass__(
        cls,
        *,
        collection: str | None = None,
        validate_load: bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if validate_load is not None:
            if not isinstance(validate_load, bool):
                raise TypeError(
                    f"{cls.__qualname__}: validate_load must be a bool, got {validate_load!r}"
                )
            type.__setattr__(cls, "__gault_validate_load__", validate_load)
        if collection is not None:
            if not isinstance(collection, str) or not collection:
                raise TypeError(
                    f"{cls.__qualname__}: collection must be a non-empty str, got {collection!r}"
                )
            _COLLECTIONS[cls] = collection

    if TYPE_CHECKING:
        __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
    else:
        # The dataclass views (read from the class's shadow dataclass), and attribute hooks
        # hidden from type checkers, which then check assignments per field.
        __dataclass_fields__ = DataclassView("__dataclass_fields__", _NOT_DATACLASSES)
        __dataclass_params__ = DataclassView("__dataclass_params__", _NOT_DATACLASSES)
        __setattr__ = _set_attribute
        __delattr__ = _delete_attribute

    def __init__(self, /, *args: Any, **values: Any) -> None:
        if args:
            raise TypeError(
                f"{type(self).__qualname__}() takes keyword arguments only (its fields: "
                f"{', '.join(type(self).__gault_declared__) or 'none'}); got {len(args)} "
                f"positional argument(s): {', '.join(repr(arg) for arg in args)}"
            )
        init_tracking(self)
        plan = type(self).__gault_plan__ or plan_of(type(self))
        plan.init(self, values)
        if plan.post_init is not None:
            plan.post_init(self)

    def __replace__(self, /, **changes: Any) -> Self:
        """``copy.replace(instance, **changes)``: a new instance, built by the constructor."""
        return dataclasses.replace(self, **changes)

    def __eq__(self, other: object) -> bool:
        if other is self:  # the trackers' weak references compare their instances
            return True
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        state = self.__dict__
        plan = type(self).__gault_plan__ or plan_of(type(self))
        shown = ", ".join(
            f"{field.name}={state[field.name]!r}" for field in plan.fields if field.name in state
        )
        return f"{type(self).__qualname__}({shown})"

    def __getstate__(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def __setstate__(self, state: dict[str, Any]) -> None:
        init_tracking(self)
        vars(self).update(state)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        """The model's pydantic v2 schema (the ``gault[pydantic]`` extra): pydantic, and so
        FastAPI, take models as request bodies and response models (``gault.json``'s JSON
        forms; values checked by the constructor)."""
        return model_core_schema(cls, handler)

    def __gault_document__(self) -> dict[str, Any]:
        """Return the document this instance maps to (db keys, BSON-ready values)."""
        return (type(self).__gault_plan__ or plan_of(type(self))).dump(self)


class Schema(Model):
    """A document type bound to a collection: ``class User(Schema, collection="users")``.

    A subclass inherits its parent's collection unless it names another; a ``Schema`` with no
    collection at all is a ``TypeError``.
    """

    def __init_subclass__(
        cls,
        *,
        collection: str | None = MISSING,
        validate_load: bool | None = None,
        **kwargs: Any,
    ) -> None:
        if collection is None:
            raise ArgumentError(
                f"{cls.__qualname__}: collection is required: "
                f'class {cls.__name__}(Schema, collection="...")'
            )
        super().__init_subclass__(
            collection=None if collection is MISSING else collection,
            validate_load=validate_load,
            **kwargs,
        )
        if collection is not MISSING:
            _SCHEMAS[collection] = cls
        elif _bound_collection(cls) is None:
            raise TypeError(
                f"{cls.__qualname__}: a Schema needs a collection: "
                f'class {cls.__name__}(Schema, collection="...")'
            )


_NOT_DATACLASSES.update((Model, Schema))


def _bound_collection(model: type) -> str | None:
    for klass in model.__mro__:
        collection = _COLLECTIONS.get(klass)
        if collection is not None:
            return collection
    return None


def _model_class(model_or_instance: Any, caller: str) -> type[Model]:
    model = model_or_instance if isinstance(model_or_instance, type) else type(model_or_instance)
    if not issubclass(model, Model):
        raise TypeError(f"{caller}() expects a Model class or instance, got {model_or_instance!r}")
    return model


def get_collection(model_or_instance: type[Model] | Model) -> str:
    """Return the collection name a model (or an instance's model) is bound to.

    Raises ``KeyError`` when the model names no collection (directly or by inheritance).
    """
    model = _model_class(model_or_instance, "get_collection")
    collection = _bound_collection(model)
    if collection is None:
        raise KeyError(
            f"{model.__qualname__} is not bound to a collection: declare it with "
            f'class {model.__name__}(Schema, collection="...")'
        )
    return collection


def get_schema(collection: str) -> type[Schema]:
    """Return the ``Schema`` most recently declared with ``collection=collection``.

    Raises ``KeyError`` when no live ``Schema`` names that collection.
    """
    try:
        return _SCHEMAS[collection]
    except KeyError:
        raise KeyError(f"no Schema is declared with collection={collection!r}") from None


def reference_model(reference: Attribute[Any]) -> type[Model]:
    """Return the model whose declared field ``reference`` starts from.

    ``reference_model(User.address.city)`` is ``User`` (not the embedded ``Address``).
    """
    root = reference
    while root._parent is not None:
        root = root._parent
    model: type[Model] = root._model
    return model


def fields(model_or_instance: type[Model] | Model) -> tuple[FieldSpec, ...]:
    """Return the fields of a model (or an instance's model), in declaration order.

    Each ``FieldSpec`` has ``name``, ``db_key``, ``pk``, ``version``, ``annotation``,
    ``embedded``, ``default``, ``default_factory`` and ``required``.
    """
    return plan_of(_model_class(model_or_instance, "fields")).fields


publish(__name__, __all__, globals())
