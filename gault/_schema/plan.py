"""Per-class frozen plans: what the model metaclass declares, resolved once into fast code.

``declare`` (class creation) records each field's name, annotation and ``configure`` options
and checks what can be checked without types. ``plan_of`` resolves the annotations once (lazily
when they name models defined later) into a ``ModelPlan``: a ``FieldSpec`` per field with its
codec, and the functions ``gault._schema.codegen`` generates from them (load, dump, comparisons).
Imports the private model modules below it and ``gault.exceptions``.
"""

from __future__ import annotations

import inspect
import typing
import warnings
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from bson.objectid import ObjectId

from gault._schema import codegen
from gault._schema.annotations import compile_codec, find_misfit, join_path
from gault._schema.changes import field_left
from gault._schema.codecs import (
    Codec,
    Invalid,
    bson_problem,
    explain,
    is_model_class,
    key_problem,
    type_name,
)
from gault._support import MISSING
from gault.exceptions import LoadWarning, ValidationError

__all__ = [
    "Declared",
    "FieldOptions",
    "FieldSpec",
    "ModelPlan",
    "declare",
    "plan_of",
    "try_plan",
]


class FieldOptions:
    """What ``configure(...)`` returns: the options of one field, checked by the metaclass."""

    __slots__ = ("db_alias", "default", "default_factory", "pk", "unknown", "version")

    def __init__(
        self,
        *,
        pk: bool,
        db_alias: str | None,
        default: Any,
        default_factory: Any,
        version: bool,
        unknown: dict[str, Any],
    ) -> None:
        self.pk = pk
        self.db_alias = db_alias
        self.default = default
        self.default_factory = default_factory
        self.version = version
        self.unknown = unknown


class Declared:
    """One field as written in a class body: name, raw annotation, options."""

    __slots__ = ("annotation", "name", "options")

    def __init__(self, name: str, annotation: Any, options: FieldOptions) -> None:
        self.name = name
        self.annotation = annotation
        self.options = options

    @property
    def db_key(self) -> str:
        """The document key: the db alias, or the attribute name."""
        return self.options.db_alias or self.name


class FieldSpec:
    """A resolved field of a model (what ``gault.models.fields`` returns)."""

    __slots__ = (
        "annotation",
        "auto_pk",
        "codec",
        "db_key",
        "default",
        "default_factory",
        "embedded",
        "model",
        "name",
        "object_id_pk",
        "optional",
        "pk",
        "storable_checked",
        "version",
    )

    def __init__(self, model: type, declared: Declared, annotation: Any, codec: Codec) -> None:
        options = declared.options
        #: The model class the field belongs to.
        self.model = model
        #: The attribute name.
        self.name = declared.name
        #: The document key (the db alias, or the attribute name).
        self.db_key = declared.db_key
        self.pk = options.pk
        self.version = options.version
        #: The value type (``Field[T]`` unwrapped to ``T``).
        self.annotation = annotation
        #: The embedded model class (also through ``X | None`` and containers), or ``None``.
        self.embedded = codec.embedded
        self.default = options.default
        self.default_factory = options.default_factory
        self.codec = codec
        self.optional = codec.check(None)
        #: Whether a written value is also checked for what BSON cannot store here (an
        #: ``Any`` field, or the ``_id``: see ``check_storable``).
        self.storable_checked = (
            codec.annotation is Any or codec.annotation is object or self.db_key == "_id"
        )
        #: An ``ObjectId`` pk: generated on insert when unset or ``None``.
        self.object_id_pk = options.pk and codec.check(ObjectId()) and not codec.check("")
        #: ... and without a default: construction may leave it unset.
        self.auto_pk = (
            self.object_id_pk and options.default is MISSING and options.default_factory is MISSING
        )

    def __repr__(self) -> str:
        return f"FieldSpec({self.model.__qualname__}.{self.name}, db_key={self.db_key!r})"

    @property
    def has_default(self) -> bool:
        """Whether the field has a ``default`` or a ``default_factory``."""
        return self.default is not MISSING or self.default_factory is not MISSING

    @property
    def required(self) -> bool:
        """Whether construction must give a value."""
        return not self.has_default and not self.auto_pk

    def make_default(self) -> Any:
        """A fresh default value (calls ``default_factory``; a factory's value is checked)."""
        if self.default_factory is not MISSING:
            value = self.default_factory()
            if not self.codec.check(value):
                raise self.invalid(value)
            coerce = self.codec.coerce
            return value if coerce is None else coerce(value)
        return self.default

    def differs(self, value: Any, raw: Any) -> bool:
        """Whether the instance value ``value`` differs from the stored value ``raw``."""
        return not self.codec.same(value, raw)

    def changed(self, state: Mapping[str, Any], snapshot: Mapping[str, Any]) -> bool:
        """Whether the field's value in ``state`` (an instance ``__dict__``) left ``snapshot``
        (see ``gault._schema.changes.field_left``)."""
        return field_left(self, state, snapshot)

    def missing(
        self, root: type | None = None, prefix: str = "", *, deleted: bool = False
    ) -> ValidationError:
        """The error for this required field being unset (``root.prefix.name``)."""
        path = join_path([*filter(None, [prefix]), self.name])
        expected = type_name(self.annotation)
        reason = f"missing required field (expected {expected})"
        if deleted:
            reason = (
                f"required field was deleted (del; expected {expected}); set it again before "
                "saving (nothing was written)"
            )
        return ValidationError(root or self.model, path, self.annotation, MISSING, reason=reason)

    def invalid(self, value: Any, prefix: str = "", root: type | None = None) -> ValidationError:
        """The error for ``value`` not fitting this field: the full path of the part that does
        not fit (``Order.items[2]``) and why (typeguard words the cases gault cannot)."""
        inner, leaf, bad, problem = find_misfit(self.codec, value)
        expected = type_name(self.annotation)
        reason = f"expected {expected}, got {type(value).__name__} {value!r}"
        path = join_path([*filter(None, [prefix]), self.name, *inner])
        model = root or self.model
        if inner:
            detail = f"{model.__qualname__}.{path}: expected {type_name(leaf.annotation)}"
            detail = f"{detail}, got {type(bad).__name__} {bad!r}"
            reason = f"{reason} ({detail}{'' if problem is None else f': {problem}'})"
        elif problem is not None:
            reason = f"{reason} ({problem})"
        else:
            worded = explain(self.annotation, value)
            if worded is not None and not worded.startswith(f"{type(value).__name__} is not"):
                reason = f"{reason} ({worded})"
        field = path if prefix else self.name
        return ValidationError(model, field, self.annotation, value, reason=reason, path=path)

    def check_storable(self, value: Any, root: type | None, prefix: str) -> None:
        """Refuse a value MongoDB cannot store here: in an ``Any`` field, what BSON cannot
        hold (``bson_problem``); in the ``_id``, also a ``$``-leading key (MongoDB forbids
        them there)."""
        path = join_path([*filter(None, [prefix]), self.name])
        found = bson_problem(value, path)
        if found is None and self.db_key == "_id" and isinstance(value, dict):
            dollar = next((key for key in value if str(key).startswith("$")), None)
            if dollar is not None:
                found = (path, value, f"key {dollar!r} starts with '$' (MongoDB forbids it in _id)")
        if found is not None:
            where, bad, problem = found
            model = root or self.model
            reason = f"{type(bad).__name__} {bad!r} cannot be stored: {problem}"
            raise ValidationError(model, where, self.annotation, bad, reason=reason)


class ModelPlan:
    """Everything gault needs to map one model class, computed once.

    The generated functions are made on first use (defining a model stays cheap):
    ``init(instance, kwargs)`` (the constructor's checks and defaults),
    ``load(raw) -> instance`` (raises ``ValidationError`` naming the document ``_id``; runs
    the model's ``__post_init__``, if any, like construction does),
    ``load_embedded`` (the same for an embedded document; raises ``Invalid`` for the parent to
    word), ``dump(instance) -> dict``, ``same(instance, raw) -> bool`` (the instance equals
    the stored document), ``since(instance, raw, stamp) -> bool`` (``same``, trusting the
    assignment stamps), ``mutable_dirty(state, raw, stamp) -> set`` (the fields of mutable
    type that changed) and ``verify(instance, root=None, prefix="", *, only=None)``: check
    ``instance`` as it is about to be written: every required field set, every value (in-place
    changes of lists, dicts, sets and embedded models included) fitting its field; datetimes
    changed in place are truncated to milliseconds. ``ValidationError`` names ``root`` (the
    written model) and the full path (``Order.items[2].sku``); ``only`` (field names) limits
    the check to the fields an atomic save writes.
    """

    __slots__ = (
        "by_name",
        "dump",
        "fields",
        "init",
        "load",
        "load_embedded",
        "model",
        "mutable_dirty",
        "mutable_fields",
        "pk_fields",
        "post_init",
        "same",
        "since",
        "validate_load",
        "verify",
        "version_field",
    )

    init: Callable[[Any, dict[str, Any]], None]
    load: Callable[[Any], Any]
    load_embedded: Callable[[Any], Any]
    dump: Callable[[Any], dict[str, Any]]
    same: Callable[[Any, Any], bool]
    since: Callable[[Any, Any, int], bool]
    mutable_dirty: Callable[[Any, Any, int], set[str]]
    verify: Callable[..., None]

    def __init__(self, model: type, fields: tuple[FieldSpec, ...]) -> None:
        self.model = model
        self.fields = fields
        #: Whether loaded values are checked (``class X(Model, validate_load=False)``: no).
        self.validate_load: bool = getattr(model, "__gault_validate_load__", True)
        self.by_name = {field.name: field for field in fields}
        self.pk_fields = tuple(field for field in fields if field.pk)
        self.version_field = next((field for field in fields if field.version), None)
        self.mutable_fields = tuple(field for field in fields if field.codec.mutable)
        #: The model's ``__post_init__``: run after construction and after loading (0.14).
        self.post_init: Callable[[Any], None] | None = getattr(model, "__post_init__", None)

    def __getattr__(self, name: str) -> Any:
        # Only called for a generated function not made yet: make it, keep it in its slot.
        generate = _GENERATORS.get(name)
        if generate is None:
            raise AttributeError(name)
        function = generate(self)
        setattr(self, name, function)
        return function

    def same_slow(self, instance: Any, raw: Any) -> bool:
        """``same`` for any instance (subclasses too) and any stored value."""
        if not isinstance(raw, Mapping):
            return False
        plan = plan_of(type(instance))
        state = instance.__dict__
        return not any(field.changed(state, raw) for field in plan.fields)

    def mutable_dirty_slow(self, state: Any, raw: Any, stamp: int = 0) -> set[str]:
        """``mutable_dirty`` field by field, for snapshots with missing keys."""
        return {field.name for field in self.mutable_fields if field.changed(state, raw)}

    def not_a_document(self, raw: Any, *, embedded: bool) -> Any:
        """Raise for a raw value that is not a document (``Invalid`` embedded, else
        ``ValidationError``)."""
        error = Invalid(self.model, raw, f"expected a {self.model.__qualname__} document")
        if embedded:
            raise error
        raise self.load_error(error, raw)

    def load_field(self, field: FieldSpec, raw: Any, state: dict[str, Any]) -> None:
        """Load one field of ``raw`` into ``state``: defaults, lenient raw types, precise
        errors (``Invalid`` with the path).

        A model declared with ``validate_load=False`` keeps a value that does not fit as
        stored, and leaves a missing required field unset, with a ``LoadWarning`` for each.
        """
        value = raw.get(field.db_key, MISSING)
        name = field.name
        if value is MISSING:
            if field.has_default:
                state[name] = field.make_default()
            elif field.optional:
                state[name] = None
            elif field.auto_pk:
                pass
            elif self.validate_load:
                error = Invalid(field.annotation, MISSING, f"missing key {field.db_key!r}")
                error.path.append(name)
                raise error
            else:
                _warn_kept(self.model, name, f"missing key {field.db_key!r} (left unset)")
            return
        try:
            state[name] = field.codec.decode_value(value)
        except Invalid as error:
            if not self.validate_load:
                expected = type_name(field.annotation)
                kept = f"kept the stored {type(value).__name__} {value!r}, expected {expected}"
                _warn_kept(self.model, name, kept)
                state[name] = value
                return
            error.path.insert(0, name)
            raise

    def load_field_checked(self, field: FieldSpec, raw: Any, state: dict[str, Any]) -> None:
        """``load_field``, raising ``ValidationError`` (with the document ``_id``)."""
        try:
            self.load_field(field, raw, state)
        except Invalid as error:
            raise self.load_error(error, raw) from None

    def dump_any(self, instance: Any) -> dict[str, Any]:
        """Dump an instance of the model or of a subclass; ``TypeError`` for anything else."""
        if type(instance) is not self.model:
            if not isinstance(instance, self.model):
                raise TypeError(
                    f"cannot dump {type(instance).__qualname__} as a "
                    f"{self.model.__qualname__}: expected an instance of it"
                )
            return plan_of(type(instance)).dump(instance)
        return self.dump_slow(instance)

    def dump_slow(self, instance: Any) -> dict[str, Any]:
        """Dump ``instance`` field by field, omitting unset fields."""
        state = instance.__dict__
        document = {}
        for field in self.fields:
            if field.name in state:
                document[field.db_key] = field.codec.encode_value(state[field.name])
        return document

    def init_slow(self, instance: Any, kwargs: dict[str, Any]) -> None:
        """Fill a new instance from constructor keywords, checking each value, field by field
        (what the generated ``init`` hands any doubtful call to; it words every error)."""
        state = instance.__dict__
        used = 0
        for field in self.fields:
            name = field.name
            if name in kwargs:
                value = kwargs[name]
                used += 1
                codec = field.codec
                if not codec.check(value):
                    raise field.invalid(value)
                state[name] = value if codec.coerce is None else codec.coerce(value)
            elif field.has_default:
                state[name] = field.make_default()
            elif not field.auto_pk:
                raise field.missing()
        if used != len(kwargs):
            unknown = sorted(name for name in kwargs if name not in self.by_name)
            known = ", ".join(self.by_name) or "none"
            raise ValidationError(
                self.model,
                unknown[0],
                None,
                kwargs[unknown[0]],
                reason=f"unknown field {unknown[0]!r} (fields: {known})",
            )

    def verify_slow(
        self,
        instance: Any,
        root: type | None = None,
        prefix: str = "",
        *,
        only: Collection[str] | None = None,
    ) -> None:
        """``verify`` field by field, for any instance (what the generated ``verify`` hands
        every doubt to; it words every error)."""
        state = instance.__dict__
        fields = self.fields if only is None else [self.by_name[name] for name in only]
        for field in fields:
            name = field.name
            try:
                value = state[name]
            except KeyError:
                if not field.required or field.optional:
                    continue
                raise field.missing(
                    root, prefix, deleted=name in (instance._gault_changes or ())
                ) from None
            codec = field.codec
            if not codec.check(value):
                raise field.invalid(value, prefix, root)
            if field.storable_checked:
                field.check_storable(value, root, prefix)
            if codec.mutable:
                if codec.coerce is not None:
                    stored = codec.coerce(value)
                    if stored is not value:
                        state[name] = value = stored
                if codec.embedded is not None:
                    self.verify_inside(value, root, prefix, name)

    def verify_inside(self, value: Any, root: type | None, prefix: str, name: str) -> None:
        """``verify`` every model instance inside the value of field ``name`` (an embedded
        instance, or the ones in a list or dict), with its path from ``root``."""
        path = join_path([*filter(None, [prefix]), name])
        for where, embedded in _embedded_instances(value, path):
            plan_of(type(embedded)).verify(embedded, root or self.model, where)

    def check_document(self, document: Any) -> None:
        """Check that ``document`` fits, as loading it would (the values decoded are dropped)."""
        if not isinstance(document, Mapping):
            self.not_a_document(document, embedded=False)
        for field in self.fields:
            value = document.get(field.db_key, MISSING)
            try:
                if value is not MISSING:
                    field.codec.decode_value(value)
                elif field.required and not field.optional and self.validate_load:
                    error = Invalid(field.annotation, MISSING, f"missing key {field.db_key!r}")
                    raise error
            except Invalid as error:
                error.path.insert(0, field.name)
                raise self.load_error(error, document) from None
        self.check_document_storable(document)

    def check_document_storable(self, document: Mapping[str, Any]) -> None:
        """Refuse a raw document BSON cannot store (``bson_problem``: an unencodable string, an
        int outside int64, a datetime outside years 1-9999, a key or type BSON has no form for),
        naming the field (or the undeclared key) and the part."""
        names = {field.db_key: field for field in self.fields}
        for key, value in document.items():
            field = names.get(key)
            path = field.name if field is not None else str(key)
            problem = key_problem(key)
            found = (path, key, problem) if problem is not None else bson_problem(value, path)
            if found is not None:
                where, bad, reason = found
                annotation = None if field is None else field.annotation
                raise ValidationError(
                    self.model,
                    where,
                    annotation,
                    bad,
                    reason=f"{type(bad).__name__} {bad!r} cannot be stored: {reason}",
                )

    def load_error(self, error: Invalid, document: Any) -> ValidationError:
        """Turn a loader's ``Invalid`` into a ``ValidationError`` naming the document ``_id``."""
        document_id = document.get("_id") if isinstance(document, Mapping) else None
        path = join_path(error.path) or None
        #: The attribute path without positions (``addresses.point.x``), as in 0.14.
        field = ".".join(part for part in error.path if not part.startswith("[")) or None
        expected = type_name(error.expected)
        if error.value is MISSING:
            reason = error.reason or "missing"
        else:
            reason = f"expected {expected}, got {type(error.value).__name__} {error.value!r}"
            if error.reason:
                reason = f"{reason} ({error.reason})"
        if path != field:
            reason = f"{reason} (at {self.model.__qualname__}.{path})"
        return ValidationError(
            self.model,
            field,
            error.expected,
            error.value,
            reason=reason,
            document_id=document_id,
            path=path,
            document=document if isinstance(document, Mapping) else None,
        )


def _embedded_instances(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """The model instances inside a field value, with their paths (``items[2]``)."""
    if is_model_class(type(value)):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _embedded_instances(item, f"{path}[{key!r}]")
    elif isinstance(value, (list, tuple, set, frozenset)):
        for index, item in enumerate(value):
            yield from _embedded_instances(item, f"{path}[{index}]")


def _warn_kept(model: type, name: str, what: str) -> None:
    warnings.warn(
        f"{model.__qualname__}.{name}: {what} (validate_load=False)", LoadWarning, stacklevel=2
    )


_GENERATORS: dict[str, Callable[[ModelPlan], Any]] = {
    "init": codegen.generate_init,
    "load": lambda plan: codegen.generate_loader(plan, plan_of, embedded=False),
    "load_embedded": lambda plan: codegen.generate_loader(plan, plan_of, embedded=True),
    "dump": lambda plan: codegen.generate_dumper(plan, plan_of),
    "same": codegen.generate_same,
    "since": codegen.generate_since,
    "mutable_dirty": codegen.generate_mutable_dirty,
    "verify": lambda plan: codegen.generate_verifier(plan, plan_of),
}


def _where(model: type, name: str) -> str:
    return f"{model.__qualname__}.{name}"


def declare(
    model: type, namespace: dict[str, Any], annotations: Mapping[str, Any]
) -> dict[str, Declared]:
    """Collect ``model``'s fields (inherited first) from its class body; check the options."""
    declared: dict[str, Declared] = {}
    for base in reversed(model.__mro__[1:]):
        declared.update(base.__dict__.get("__gault_declared__", {}))
    for name, annotation in annotations.items():
        if _is_class_var(annotation) or name.startswith("__"):
            continue
        options = _options(model, name, namespace.get(name, MISSING))
        declared[name] = Declared(name, annotation, options)
    _check_declared(model, declared)
    return declared


def _is_class_var(annotation: Any) -> bool:
    if isinstance(annotation, str):
        return annotation.startswith(("ClassVar", "typing.ClassVar"))
    return annotation is typing.ClassVar or typing.get_origin(annotation) is typing.ClassVar


def _options(model: type, name: str, value: Any) -> FieldOptions:
    if isinstance(value, FieldOptions):
        options = value
    else:
        options = FieldOptions(
            pk=False,
            db_alias=None,
            default=value,
            default_factory=MISSING,
            version=False,
            unknown={},
        )
    where = _where(model, name)
    if options.unknown:
        unknown = ", ".join(sorted(options.unknown))
        raise TypeError(
            f"{where}: configure() got unknown keyword(s) {unknown}; expected pk, db_alias, "
            "default, default_factory, version"
        )
    if options.default is not MISSING and options.default_factory is not MISSING:
        raise TypeError(f"{where}: give default or default_factory, not both")
    if options.default_factory is not MISSING and not callable(options.default_factory):
        raise TypeError(f"{where}: default_factory must be callable")
    default = options.default
    if default is not MISSING and (
        type(default).__hash__ is None or "__gault_declared__" in type(default).__dict__
    ):
        raise TypeError(
            f"{where}: mutable default {default!r} would be shared by every instance; use "
            f"configure(default_factory=...) instead"
        )
    alias = options.db_alias
    if alias is not None and (
        not isinstance(alias, str) or not alias or alias.startswith("$") or "." in alias
    ):
        raise TypeError(
            f"{where}: db_alias must be a non-empty str without '.' or a leading '$', got {alias!r}"
        )
    return options


def _check_declared(model: type, declared: dict[str, Declared]) -> None:
    versions = [name for name, item in declared.items() if item.options.version]
    if len(versions) > 1:
        names = ", ".join(_where(model, name) for name in versions)
        raise TypeError(f"{names}: a model has at most one version field")
    keys: dict[str, str] = {}
    for name, item in declared.items():
        other = keys.setdefault(item.db_key, name)
        if other != name:
            raise TypeError(
                f"{_where(model, name)}: db key {item.db_key!r} is already used by "
                f"{_where(model, other)}"
            )


def try_plan(model: type) -> bool:
    """Build the plan now if the annotations resolve (``True``); defer on names defined later."""
    try:
        plan_of(model)
    except NameError:
        return False
    return True


def plan_of(model: type) -> ModelPlan:
    """The plan of ``model``, built on first use."""
    plan: ModelPlan | None = model.__dict__.get("__gault_plan__")
    if plan is None:
        plan = _build(model)
        type.__setattr__(model, "__gault_plan__", plan)
    return plan


def _build(model: type) -> ModelPlan:
    declared: dict[str, Declared] = model.__dict__["__gault_declared__"]
    localns = dict(model.__dict__.get("__gault_localns__") or {})
    localns.setdefault(model.__name__, model)
    try:
        hints = typing.get_type_hints(model, localns=localns, include_extras=True)
    except NameError as error:
        raise NameError(
            f"{model.__qualname__}: cannot resolve its field annotations ({error}); define the "
            "classes they name before using the model",
            name=error.name,
        ) from error
    fields = []
    for name, item in declared.items():
        annotation = hints.get(name, item.annotation)
        where = _where(model, name)
        codec = compile_codec(annotation, where, plan_of)
        if item.options.version and codec.annotation is not int:
            raise TypeError(f"{where}: version=True needs an int field, got {annotation!r}")
        default = item.options.default
        if default is not MISSING and not codec.check(default):
            raise TypeError(
                f"{where}: the default {default!r} does not fit {type_name(codec.annotation)}"
            )
        fields.append(FieldSpec(model, item, codec.annotation, codec))
    type.__setattr__(model, "__signature__", _signature(fields))
    return ModelPlan(model, tuple(fields))


class _Factory:
    """Shown as the default of a ``default_factory`` field in the model's signature."""

    __slots__ = ("factory",)

    def __init__(self, factory: Any) -> None:
        self.factory = factory

    def __repr__(self) -> str:
        return f"<factory {getattr(self.factory, '__qualname__', self.factory)!r}>"


def _signature(fields: list[FieldSpec]) -> inspect.Signature:
    """The keyword-only signature of the model's constructor, for ``inspect`` and help()."""
    parameters = []
    for field in fields:
        if field.default_factory is not MISSING:
            default: Any = _Factory(field.default_factory)
        elif field.default is not MISSING:
            default = field.default
        elif field.auto_pk:
            default = None
        else:
            default = inspect.Parameter.empty
        parameters.append(
            inspect.Parameter(
                field.name, inspect.Parameter.KEYWORD_ONLY, default=default,
                annotation=field.annotation,
            )
        )  # fmt: skip
    return inspect.Signature(parameters, return_annotation=None)
