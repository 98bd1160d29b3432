"""Foundation helpers shared by every layer of gault; imports nothing of gault.

- ``MISSING``: the marker for "no value given" (distinct from ``None``).
- ``Immutable``: slotted value objects, assigned once in ``__init__``, with a readable repr;
  ``fields`` lists their public slots.
- ``camel``: snake_case argument name → the manual's camelCase key.
- ``describe``: ``"<type> <repr>"`` of a value, for error messages.
- ``INT64_MAX``: the largest count MongoDB takes (pages, skip, limit, sample sizes).
- ``publish``: make the classes a public module re-exports from private ones report it as
  their ``__module__``.
- ``either``: an argument given under its 0.14 name or under its keyword alias;
  ``required``: the check of a required argument that defaults to ``MISSING``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NoReturn

__all__ = [
    "INT64_MAX",
    "MISSING",
    "Immutable",
    "camel",
    "describe",
    "either",
    "fields",
    "publish",
    "required",
]

#: The largest count MongoDB takes (a signed 64-bit integer): pages, skip, limit, sizes.
INT64_MAX = 2**63 - 1


class _Missing:
    """The type of ``MISSING``: no value given (distinct from ``None``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


#: Marks an option or a value that was not given.
MISSING: Any = _Missing()


class Immutable:
    """A slotted object whose slots are set once by ``_assign`` and never change after.

    Instances compare by value: same class, equal arguments. A subclass written outside
    gault without ``__slots__`` (a 0.14-style ``@dataclass`` operator) stays assignable.
    """

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__slots__" not in vars(cls):
            cls.__setattr__ = object.__setattr__  # type: ignore[method-assign,assignment]
            cls.__delattr__ = object.__delattr__  # type: ignore[method-assign,assignment]

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        # A user subclass without __slots__ keeps its own attributes in __dict__.
        mine, theirs = getattr(self, "__dict__", None), getattr(other, "__dict__", None)
        return self._arguments() == other._arguments() and mine == theirs

    def __hash__(self) -> int:
        return hash((type(self), _hashable([value for _, value in self._arguments()])))

    def _assign(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def _arguments(self) -> list[tuple[str, Any]]:
        """Return the ``(argument, value)`` pairs, in declaration order."""
        return [(name, getattr(self, name)) for name in fields(type(self))]

    def __repr__(self) -> str:
        parts = [f"{name}={value!r}" for name, value in self._arguments() if value is not None]
        return f"{type(self).__name__}({', '.join(parts)})"


def _hashable(value: Any) -> Any:
    """``value`` with its lists and dicts turned into tuples, so that it can be hashed."""
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, dict):
        return tuple((key, _hashable(item)) for key, item in value.items())
    try:
        hash(value)
    except TypeError:
        return id(type(value))  # equal values share a type, so equal objects hash alike
    return value


_FIELDS: dict[type, tuple[str, ...]] = {}


def fields(cls: type) -> tuple[str, ...]:
    """Return the public slots of ``cls`` in the order their annotations declare them."""
    cached = _FIELDS.get(cls)
    if cached is not None:
        return cached
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        slots = set(vars(klass).get("__slots__", ()))
        names.extend(
            name
            for name in vars(klass).get("__annotations__", {})
            if name in slots and not name.startswith("_")
        )
    _FIELDS[cls] = result = tuple(names)
    return result


def camel(name: str) -> str:
    """Return the manual's key for a snake_case argument name: ``bin_size`` → ``binSize``."""
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def describe(value: Any) -> str:
    """Return ``"<type> <repr>"`` for error messages."""
    return f"{type(value).__name__} {value!r}"


def publish(module: str, names: Iterable[str], namespace: Mapping[str, Any]) -> None:
    """Give every class among ``names`` (in ``namespace``, a public module's globals) that is
    defined in a private gault module the public ``module`` as its ``__module__``.

    A class already reporting a public module keeps it (the first facade to export it wins).
    """
    for name in names:
        value = namespace[name]
        if isinstance(value, type) and _is_private(value.__module__):
            value.__module__ = module


def _is_private(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "gault" and any(part.startswith("_") for part in parts[1:])


def either(owner: str, name: str, value: Any, alias: str, alias_value: Any) -> Any:
    """Return the argument given as ``name`` or as its keyword alias ``alias``.

    Raises ``TypeError`` naming ``owner`` when both or neither are given (``MISSING`` marks a
    parameter left out).
    """
    if value is MISSING:
        if alias_value is MISSING:
            raise TypeError(f"{owner}() missing required argument {name!r}")
        return alias_value
    if alias_value is not MISSING:
        raise TypeError(f"{owner}() got {name!r} and its alias {alias!r}: give one")
    return value


def required(owner: str, name: str, value: Any) -> Any:
    """Return ``value``; ``TypeError`` naming ``owner`` when it is ``MISSING`` (left out)."""
    if value is MISSING:
        raise TypeError(f"{owner}() missing required argument {name!r}")
    return value
