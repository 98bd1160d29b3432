"""Per-class functions generated from a model's plan (the attrs way): no per-field dispatch.

- ``init(instance, kwargs)``: the constructor's body: each keyword checked inline (a value of
  the field's exact class needs no codec call), defaults filled; any missing, unknown or
  ill-fitting keyword goes the plan's field-by-field path, which words the error.
- ``load(raw)``: fill a new instance straight from a raw document, decoding it once. Common
  raw types are checked inline; anything unusual in a field (a missing key, a value needing
  conversion or a wrong type) falls back to the plan's path for that one field, which applies
  defaults and words errors. The model's ``__post_init__`` is called last, once, only in the
  loaders of models that have one.
- ``dump(instance)``: one dict display of db keys and encoded values.
- ``same(instance, raw)``: the instance equals a stored document.
- ``since(instance, raw, stamp)``: ``same`` for an embedded instance that held ``raw``'s value
  at ``stamp``: trusts the assignment stamps, compares only fields of container type.
- ``mutable_dirty(state, raw, stamp)``: the fields of mutable type that left ``raw``.
- ``verify(instance, root, prefix, *, only)``: the check before a write. One expression tests
  every field's value (ASCII strings and int64 ints inline, any other value by its codec's
  ``check``); then, field by field, what the plan's path does after a value fits (what BSON
  cannot store in an ``Any`` field or the ``_id``, datetimes truncated in containers,
  embedded instances verified in turn). A missing field, a value that does not fit or an
  ``only`` hands the whole call to ``plan.verify_slow``, which words the error.

Each function is compiled under a unique ``<gault generated ...>`` file name registered in
``linecache`` (tracebacks show the generated line, ``inspect.getsource`` works). This module is
the only one that writes source text: codecs describe themselves as data (``exact``,
``tz_aware``, ``shape``). Imports ``codecs`` and ``changes`` only; the plan is read through the
``PlanSource`` protocol below (``gault._schema.plan`` calls this module, not the reverse).
"""

from __future__ import annotations

import datetime
import functools
import itertools
import linecache
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from bson.binary import Binary
from bson.decimal128 import Decimal128
from bson.objectid import ObjectId

from gault._schema.changes import SET_CHANGES, SET_ORIGIN
from gault._schema.codecs import (
    INT64_MAX,
    INT64_MIN,
    Codec,
    Invalid,
    Resolve,
    exact_class,
    is_encodable_str,
    is_int64,
)
from gault._support import MISSING

__all__ = [
    "generate_dumper",
    "generate_init",
    "generate_loader",
    "generate_mutable_dirty",
    "generate_same",
    "generate_since",
    "generate_verifier",
]


class GeneratedField(Protocol):
    """What the generator reads of a field (``gault._schema.plan.FieldSpec`` has it)."""

    name: str
    db_key: str
    codec: Codec
    default: Any
    default_factory: Any
    optional: bool
    storable_checked: bool

    @property
    def required(self) -> bool: ...

    @property
    def auto_pk(self) -> bool: ...

    def make_default(self) -> Any: ...
    def check_storable(self, value: Any, root: type | None, prefix: str) -> None: ...


class PlanSource(Protocol):
    """What the generator reads of a model's plan (``gault._schema.plan.ModelPlan`` has it):
    the data it writes source from, and the slow paths the generated code falls back to."""

    @property
    def model(self) -> type: ...
    @property
    def fields(self) -> tuple[GeneratedField, ...]: ...
    @property
    def mutable_fields(self) -> tuple[GeneratedField, ...]: ...
    @property
    def post_init(self) -> Callable[[Any], None] | None: ...

    def init_slow(self, instance: Any, kwargs: dict[str, Any]) -> None: ...
    def load_field(self, field: Any, raw: Any, state: dict[str, Any]) -> None: ...
    def load_field_checked(self, field: Any, raw: Any, state: dict[str, Any]) -> None: ...
    def not_a_document(self, raw: Any, *, embedded: bool) -> Any: ...
    def dump_any(self, instance: Any) -> dict[str, Any]: ...
    def same_slow(self, instance: Any, raw: Any) -> bool: ...
    def mutable_dirty_slow(self, state: Any, raw: Any, stamp: int = 0) -> set[str]: ...
    def verify_slow(
        self, instance: Any, root: Any = None, prefix: str = "", *, only: Any = None
    ) -> None: ...
    def verify_inside(self, value: Any, root: Any, prefix: str, name: str) -> None: ...


#: Makes each generated file name unique (a model class may be defined again, or twice).
_SERIAL = itertools.count(1)

#: Names the generated code may use.
_GLOBALS: dict[str, Any] = {
    "datetime": datetime.datetime,
    "ObjectId": ObjectId,
    "Decimal128": Decimal128,
    "Binary": Binary,
    "Invalid": Invalid,
    "Mapping": Mapping,
    "_new": object.__new__,
    "_c": SET_CHANGES,
    "_o": SET_ORIGIN,
}

#: What ``_fits`` expressions use.
_CHECKS: dict[str, Any] = {"_str": str, "_int": int, "_min": INT64_MIN, "_max": INT64_MAX}


def generate_init(plan: PlanSource) -> Callable[[Any, dict[str, Any]], None]:
    """``init(instance, kwargs)``: fill a new instance from constructor keywords.

    A value whose class is the field's trusted class (the one ``Attribute.__set__`` also takes
    unchecked: every instance of it fits), an ASCII ``str`` for a ``str`` field and an int64
    ``int`` for an ``int`` field are stored as is, any other is given to the codec's ``check``
    (and datetimes to its ``coerce``); the first doubt
    (a failed check, a missing required field, a keyword left over) hands the whole call to
    ``plan.init_slow``, which raises the error it always raised. A call giving every field,
    and no other keyword, is tried first in one expression (``_bulk_init_lines``).
    """
    namespace: dict[str, Any] = dict(_CHECKS, _slow=plan.init_slow)
    body = ["state = instance.__dict__", "used = 0"]
    for index, field in enumerate(plan.fields):
        codec, name = field.codec, repr(field.name)
        namespace[f"check{index}"] = codec.check
        stored = "v"
        if codec.coerce is not None:  # datetimes: stored as MongoDB stores them
            namespace[f"coerce{index}"] = codec.coerce
            stored = f"coerce{index}(v)"
        body += [
            f"if {name} in kwargs:",
            f"    v = kwargs[{name}]",
            "    used += 1",
            f"    if not {_fits(codec, 'v', index, namespace)}:",
            "        return _slow(instance, kwargs)",
            f"    state[{name}] = {stored}",
        ]
        if field.default_factory is not MISSING:
            namespace[f"default{index}"] = field.make_default  # checks the factory's value
            body += ["else:", f"    state[{name}] = default{index}()"]
        elif field.default is not MISSING:
            namespace[f"default{index}"] = field.default
            body += ["else:", f"    state[{name}] = default{index}"]
        elif not field.auto_pk:
            body += ["else:", "    return _slow(instance, kwargs)"]
    body += ["if used != len(kwargs):", "    _slow(instance, kwargs)"]
    source = ["def init(instance, kwargs):", *_bulk_init_lines(plan, namespace)]
    source += [f"    {line}" for line in body]
    return _compile(source, "init", "init", plan.model, namespace)  # type: ignore[no-any-return]


def _bulk_init_lines(plan: PlanSource, namespace: dict[str, Any]) -> list[str]:
    """The constructor's bulk path, tried first: when the keywords are exactly the model's
    fields and every value fits (the per-field path's own tests, ``check{index}`` bound by
    it), they are stored by one C-level ``dict.update`` (datetimes coerced after); any doubt
    falls through to the per-field path, unchanged."""
    if not plan.fields:
        return []
    tests, coerced = [], []
    for index, field in enumerate(plan.fields):
        name = repr(field.name)
        tests.append(_fits(field.codec, f"(v := kwargs[{name}])", index, namespace))
        if field.codec.coerce is not None:
            coerced.append(f"            state[{name}] = coerce{index}(state[{name}])")
    return [
        f"    if len(kwargs) == {len(plan.fields)}:",
        "        try:",
        "            fits = " + " and ".join(tests),
        "        except KeyError:",
        "            fits = False",
        "        if fits:",
        "            state = instance.__dict__",
        "            state.update(kwargs)",
        *coerced,
        "            return",
    ]


def generate_loader(plan: PlanSource, resolve: Resolve, *, embedded: bool) -> Callable[[Any], Any]:
    """``load(raw)``: readies the assignment stamps (and, embedded, the origin); a field the
    inline code cannot take goes the plan's way for that field alone (the document is decoded
    once, so ``__post_init__`` runs once per instance)."""
    namespace = dict(_GLOBALS, _cls=plan.model)
    namespace["_bad"] = functools.partial(plan.not_a_document, embedded=embedded)
    slow = plan.load_field if embedded else plan.load_field_checked
    body = []
    for index, field in enumerate(plan.fields):
        namespace[f"_f{index}"] = functools.partial(slow, field)
        body += [
            "    try:",
            f"        value = raw[{field.db_key!r}]",
            *(f"        {line}" for line in _decode_lines(field.codec, index, namespace, resolve)),
            f"        state[{field.name!r}] = value",
            "    except (KeyError, TypeError, Invalid):",
            f"        _f{index}(raw, state)",
        ]
    made = [
        "    self = _new(_cls)",
        "    _c(self, None)",
        *(["    _o(self, raw)"] if embedded else []),
    ]
    post = []
    if plan.post_init is not None:
        namespace["_post"] = plan.post_init
        post = ["    _post(self)"]
    source = [
        "def load(raw):",
        *_bulk_lines(plan, made, post, body, namespace),
        "    if raw.__class__ is not dict and not isinstance(raw, Mapping):",
        "        return _bad(raw)",
        *made,
        "    state = self.__dict__",
        *body,
        *post,
        "    return self",
    ]
    name = "load_embedded" if embedded else "load"
    return _compile(source, "load", name, plan.model, namespace)  # type: ignore[no-any-return]


#: Raw classes a loaded value of may be shared with the snapshot (values that never change).
_IMMUTABLE: frozenset[type] = frozenset(
    {str, int, float, bool, bytes, ObjectId, Decimal128, Binary, datetime.datetime, type(None)}
)


def _bulk_lines(
    plan: PlanSource,
    made: list[str],
    post: list[str],
    body: list[str],
    namespace: dict[str, Any],
) -> list[str]:
    """The loader's bulk path, tried first: when the raw document has exactly the model's keys
    and every immutable field's value passes its inline test, the instance's ``__dict__`` is a
    C-level copy of the document (pk key renamed) instead of one store per field; fields of
    other kinds (embedded models, lists...) then go their usual per-field lines. Any doubt
    falls through to the per-field path, unchanged. Empty when the model does not allow it
    (a renamed field that is not immutable, or a rename onto another field's name)."""
    tests, renames, rest = [], [], []
    names = {field.name for field in plan.fields}
    for index, (field, lines) in enumerate(zip(plan.fields, _split(body), strict=True)):
        key = f"raw[{field.db_key!r}]"
        test = _immutable_check(field.codec, key, f"bulk{index}", namespace)
        if test is None:
            if field.db_key != field.name:
                return []
            tests.append(f"{field.db_key!r} in raw")
            rest += lines
            continue
        tests.append(test)
        if field.db_key != field.name:
            if field.db_key in names:
                return []
            renames.append(f"    state[{field.name!r}] = state.pop({field.db_key!r})")
    if not rest and not tests:
        return []
    slot = next((klass.__dict__["__dict__"] for klass in plan.model.__mro__
                 if "__dict__" in klass.__dict__), None)  # fmt: skip
    if slot is None:
        return []
    namespace["_set_state"] = slot.__set__
    inner = "        "
    return [
        f"    if raw.__class__ is dict and len(raw) == {len(plan.fields)}:",
        "        try:",
        "            fits = " + " and ".join(tests),
        "        except KeyError:",
        "            fits = False",
        "        if fits:",
        *(inner + line for line in made),
        "            state = raw.copy()",
        *(inner + line for line in renames),
        "            _set_state(self, state)",
        *(inner + line for line in rest),
        *(inner + line for line in post),
        "            return self",
    ]


def _split(body: list[str]) -> list[list[str]]:
    """The loader's per-field lines, one list per field (each starts with ``try:``)."""
    fields: list[list[str]] = []
    for line in body:
        if line == "    try:":
            fields.append([])
        fields[-1].append(line)
    return fields


def _immutable_check(codec: Codec, value: str, name: str, namespace: dict[str, Any]) -> str | None:
    """``_fast_check`` for a field whose taken-as-is values never change (str, int,
    ObjectId, aware datetime, ``None``...), so the instance may share them with the snapshot."""
    exact = codec.item.exact if codec.nullable and codec.item is not None else codec.exact
    if exact not in _IMMUTABLE:
        return None
    return _fast_check(codec, value, name, namespace)


def _decode_lines(
    codec: Codec, index: int, namespace: dict[str, Any], resolve: Resolve
) -> list[str]:
    """Lines turning the raw ``value`` into the instance value (raise to go the slow way)."""
    item = codec.item
    if codec.embedded is not None and (
        codec.shape == "model" or (item is not None and item.shape == "model")
    ):
        load = f"load{index}"
        namespace[load] = _lazy(namespace, load, codec.embedded, resolve, "load_embedded")
        if codec.shape == "model":
            return [f"value = {load}(value)"]
        if codec.shape == "optional":
            return [f"if value is not None: value = {load}(value)"]
        if codec.shape == "list":
            return [
                "if value.__class__ is not list: raise Invalid(None, value)",
                f"value = [{load}(item) for item in value]",
            ]
    namespace[f"dec{index}"] = codec.decode_value
    exact = None if item is None or codec.shape != "list" else exact_class(item)
    if exact is not None:
        namespace[f"exact{index}"] = exact
        return [
            "if value.__class__ is list:",
            "    for item in value:",
            f"        if item.__class__ is not exact{index}:",
            f"            value = dec{index}(value)",
            "            break",
            "    else:",
            "        value = value[:]",
            "else:",
            f"    value = dec{index}(value)",
        ]
    fast = _fast_check(codec, "value", f"exact{index}", namespace)
    if codec.decode is not None:
        decode = f"value = dec{index}(value)"
        return [decode if fast is None else f"if not ({fast}): {decode}"]
    namespace[f"check{index}"] = codec.check
    check = f"not check{index}(value)"
    condition = check if fast is None else f"not ({fast}) and {check}"
    return [f"if {condition}: raise Invalid(None, value)"]


def _fast_check(codec: Codec, value: str, name: str, namespace: dict[str, Any]) -> str | None:
    """Source of the test that ``value`` is taken as is (the codec's common raw form), written
    from the codec's data (``exact``, ``tz_aware``, ``X | None``); ``None`` when there is none.
    Binds the classes it names in ``namespace`` under ``name``."""
    if codec.nullable and codec.item is not None:
        inner = _fast_check(codec.item, value, name, namespace)
        return None if inner is None else f"({value} is None or {inner})"
    if codec.exact is None:
        return None
    if codec.exact is type(None):
        return f"{value} is None"
    namespace[name] = codec.exact
    test = f"{value}.__class__ is {name}"
    return f"{test} and {value}.tzinfo is not None" if codec.tz_aware else test


def _lazy(
    namespace: dict[str, Any], key: str, model: type, resolve: Resolve, attribute: str
) -> Callable[..., Any]:
    """A stand-in for another model's generated function, replaced by it on first call (so
    models may refer to each other, or to themselves)."""

    def call(*args: Any) -> Any:
        function = getattr(resolve(model), attribute)
        namespace[key] = function
        return function(*args)

    return call


def generate_dumper(plan: PlanSource, resolve: Resolve) -> Callable[[Any], dict[str, Any]]:
    """``dump(instance)``: one dict display; other classes and unset fields go the slow way."""
    namespace: dict[str, Any] = {"_cls": plan.model, "_slow": plan.dump_any}
    items = []
    for index, field in enumerate(plan.fields):
        codec, value = field.codec, f"state[{field.name!r}]"
        if codec.shape == "model" and codec.embedded is not None:
            namespace[f"model{index}"] = codec.embedded
            namespace[f"dump{index}"] = _lazy(
                namespace, f"dump{index}", codec.embedded, resolve, "dump"
            )
            namespace[f"enc{index}"] = codec.encode
            value = (
                f"dump{index}(v{index}) if (v{index} := {value}).__class__ is model{index} "
                f"else enc{index}(v{index})"
            )
        elif codec.encode is not None:
            namespace[f"enc{index}"] = codec.encode
            value = f"enc{index}({value})"
        items.append(f"{field.db_key!r}: {value}")
    source = [
        "def dump(instance):",
        "    if instance.__class__ is not _cls:",
        "        return _slow(instance)",
        "    state = instance.__dict__",
        "    try:",
        "        return {" + ", ".join(items) + "}",
        "    except KeyError:",
        "        return _slow(instance)",
    ]
    return _compile(source, "dump", "dump", plan.model, namespace)  # type: ignore[no-any-return]


def generate_same(plan: PlanSource) -> Callable[[Any, Any], bool]:
    """``same(instance, raw)``: every field equals its stored value."""
    namespace: dict[str, Any] = {"_cls": plan.model, "_slow": plan.same_slow}
    terms = [_same_term(field.codec, index, field.name, field.db_key, namespace) for index, field
             in enumerate(plan.fields)]  # fmt: skip
    source = [
        "def same(instance, raw):",
        "    if instance.__class__ is not _cls or raw.__class__ is not dict:",
        "        return _slow(instance, raw)",
        "    state = instance.__dict__",
        "    try:",
        "        return " + (" and ".join(terms) or "True"),
        "    except KeyError:",
        "        return _slow(instance, raw)",
    ]
    return _compile(source, "same", "same", plan.model, namespace)  # type: ignore[no-any-return]


def _same_term(codec: Codec, index: int, name: str, key: str, namespace: dict[str, Any]) -> str:
    value, raw = f"state[{name!r}]", f"raw[{key!r}]"
    if codec.decode is None:
        return f"{value} == {raw}"
    namespace[f"same{index}"] = codec.same
    return f"same{index}({value}, {raw})"


def generate_since(plan: PlanSource) -> Callable[[Any, Any, int], bool]:
    """``since(instance, raw, stamp)``: with no assignment after ``stamp``, only fields of
    mutable type are compared (embedded ones recursively the same way)."""
    namespace: dict[str, Any] = {"_cls": plan.model, "_slow": plan.same_slow}
    terms = []
    for index, field in enumerate(plan.mutable_fields):
        codec, value, raw = field.codec, f"state[{field.name!r}]", f"raw[{field.db_key!r}]"
        if codec.since is not None:
            namespace[f"since{index}"] = codec.since
            terms.append(f"since{index}({value}, {raw}, stamp)")
        else:
            terms.append(_same_term(codec, index, field.name, field.db_key, namespace))
    source = [
        "def since(instance, raw, stamp):",
        "    if instance.__class__ is not _cls or raw.__class__ is not dict:",
        "        return _slow(instance, raw)",
        "    try:",
        "        changes = instance._gault_changes",
        "    except AttributeError:",
        "        return _slow(instance, raw)",
        "    if changes:",
        "        for when in changes.values():",
        "            if when > stamp:",
        "                return _slow(instance, raw)",
        "    state = instance.__dict__",
        "    try:",
        "        return " + (" and ".join(terms) or "True"),
        "    except KeyError:",
        "        return _slow(instance, raw)",
    ]
    return _compile(source, "since", "since", plan.model, namespace)  # type: ignore[no-any-return]


def generate_mutable_dirty(plan: PlanSource) -> Callable[[Any, Any, int], set[str]]:
    """``mutable_dirty(state, raw, stamp)``: names of fields of mutable type that changed,
    for fields not reassigned after ``stamp`` (reassigned ones are the caller's).

    An embedded model whose own fields are all immutable and that was never assigned to is
    settled inline, without a call."""
    namespace: dict[str, Any] = {"_slow": plan.mutable_dirty_slow}
    body = []
    for index, field in enumerate(plan.mutable_fields):
        codec, value, raw = field.codec, f"state[{field.name!r}]", f"raw[{field.db_key!r}]"
        if codec.since is not None:
            namespace[f"since{index}"] = codec.since
            test = f"since{index}({value}, {raw}, stamp)"
            if codec.shape == "model" and _flat(codec.embedded):
                namespace[f"model{index}"] = codec.embedded
                body.append(f"        v = {value}")
                pristine = f"v.__class__ is model{index} and not v._gault_changes"
                test = f"({pristine}) or since{index}(v, {raw}, stamp)"
            elif codec.shape == "list" and codec.item is not None and _flat(codec.item.embedded):
                namespace[f"model{index}"] = codec.item.embedded
                body.extend(_pristine_list_lines(index, value, raw))
                test = f"pristine or since{index}(v, r, stamp)"
        else:
            test = _same_term(codec, index, field.name, field.db_key, namespace)
        body.append(f"        if not ({test}): dirty.add({field.name!r})")
    source = [
        "def mutable_dirty(state, raw, stamp):",
        "    dirty = set()",
        "    try:",
        *(body or ["        pass"]),
        "    except (KeyError, AttributeError):",
        "        return _slow(state, raw)",
        "    return dirty",
    ]
    return _compile(source, "mutable_dirty", "mutable_dirty", plan.model, namespace)  # type: ignore[no-any-return]


def _pristine_list_lines(index: int, value: str, raw: str) -> list[str]:
    """``mutable_dirty`` lines settling a list of flat embedded models inline: ``pristine``
    when every element is the instance loaded from the stored element beside it and was never
    assigned to (what the list codec's ``since`` checks first, without its call)."""
    return [
        f"        v = {value}",
        f"        r = {raw}",
        "        pristine = v.__class__ is list and r.__class__ is list and len(v) == len(r)",
        "        if pristine:",
        "            try:",
        "                for e, s in zip(v, r):",
        f"                    if (e.__class__ is not model{index} or e._gault_origin is not s",
        "                            or e._gault_changes):",
        "                        pristine = False",
        "                        break",
        "            except AttributeError:  # an element never loaded: no origin",
        "                pristine = False",
    ]


def generate_verifier(plan: PlanSource, resolve: Resolve) -> Callable[..., None]:
    """``verify(instance, root=None, prefix="", *, only=None)``: ``plan.verify_slow`` for the
    common case, with the same outcome (the same error, raised by ``verify_slow`` itself)."""
    namespace: dict[str, Any] = dict(
        _GLOBALS, **_CHECKS, _model=plan.model, _slow=plan.verify_slow, _inside=plan.verify_inside
    )
    tests, after = [], []
    for index, field in enumerate(plan.fields):
        codec, name = field.codec, repr(field.name)
        namespace[f"check{index}"] = codec.check
        test = _fits(codec, f"(v := state[{name}])", index, namespace)
        lines = []
        if field.storable_checked:
            namespace[f"store{index}"] = field.check_storable
            lines.append(f"store{index}(value, root, prefix)")
        if codec.mutable and codec.coerce is not None:
            namespace[f"coerce{index}"] = codec.coerce
            lines += [
                f"stored = coerce{index}(value)",
                f"if stored is not value: state[{name}] = value = stored",
            ]
        if codec.mutable and codec.embedded is not None:
            if codec.shape == "model":
                namespace[f"embedded{index}"] = codec.embedded
                namespace[f"verify{index}"] = _lazy(
                    namespace, f"verify{index}", codec.embedded, resolve, "verify"
                )
                lines += [
                    f"if value.__class__ is embedded{index} and not prefix:",
                    f"    verify{index}(value, root or _model, {name})",
                    "else:",
                    f"    _inside(value, root, prefix, {name})",
                ]
            else:
                lines.append(f"_inside(value, root, prefix, {name})")
        if not field.required or field.optional:  # may be unset
            test = f"({name} not in state or {test})"
            if lines:
                after += [f"if {name} in state:", f"    value = state[{name}]"]
                after += [f"    {line}" for line in lines]
        elif lines:
            after += [f"value = state[{name}]", *lines]
        tests.append(test)
    source = [
        "def verify(instance, root=None, prefix='', *, only=None):",
        "    if only is None:",
        "        state = instance.__dict__",
        "        try:",
        "            fits = " + (" and ".join(tests) or "True"),
        "        except KeyError:",
        "            fits = False",
        "        if fits:",
        *(f"            {line}" for line in after),
        "            return",
        "    _slow(instance, root, prefix, only=only)",
    ]
    return _compile(source, "verify", "verify", plan.model, namespace)  # type: ignore[no-any-return]


def _fits(codec: Codec, first: str, index: int, namespace: dict[str, Any]) -> str:
    """The source of ``check{index}(v)`` (``codec.check``), with the common fitting values
    taken inline: ``first`` is the expression of the value's first use, which binds ``v``."""
    check = f"check{index}(v)"
    if codec.check is is_encodable_str:
        return f"({first}.__class__ is _str and v.isascii() or {check})"
    if codec.check is is_int64:
        return f"({first}.__class__ is _int and _min <= v <= _max or {check})"
    exact = codec.embedded if codec.shape == "model" else codec.trusted
    if exact is None:
        return f"check{index}({first})"
    namespace[f"trusted{index}"] = exact
    return f"({first}.__class__ is trusted{index} or {check})"


def _flat(model: type | None) -> bool:
    """Whether ``model`` is already planned and has no field of mutable type."""
    plan = None if model is None else model.__dict__.get("__gault_plan__")
    return plan is not None and not plan.mutable_fields


def _compile(
    lines: list[str], function: str, name: str, model: type, namespace: dict[str, Any]
) -> Any:
    filename = f"<gault generated {name} {model.__module__}.{model.__qualname__} #{next(_SERIAL)}>"
    source = "\n".join(lines) + "\n"
    # Registered like a file, so tracebacks and ``inspect.getsource`` show the generated code
    # (a ``None`` mtime keeps ``linecache.checkcache`` from dropping it).
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    code = compile(source, filename, "exec")
    exec(code, namespace)  # noqa: S102 - source generated from the model's plan
    generated = namespace[function]
    generated.__qualname__ = f"{model.__qualname__}.<gault {name}>"
    return generated
