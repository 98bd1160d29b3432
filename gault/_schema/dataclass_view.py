"""0.14 compatibility: model classes answer the ``dataclasses`` helpers.

0.14 models were real dataclasses, and user code calls ``dataclasses.is_dataclass``,
``fields``, ``asdict``, ``astuple`` and ``replace`` on them. ``Model`` carries
``__dataclass_fields__`` and ``__dataclass_params__`` as ``DataclassView`` descriptors: on a
model class (or one of its instances) they are those of a shadow dataclass made once per class
with the public ``dataclasses.make_dataclass``, from the model's plan: the same field names in
order, resolved types, defaults (an ``ObjectId`` pk generated on insert defaults to ``None``,
as in the constructor's signature), keyword-only; each field's ``metadata`` holds the
``configure`` options that differ from the defaults (``pk``, ``db_alias``, ``version``), as in
0.14. ``replace`` goes through the model's checked constructor; the helpers read every field,
so an unset one (an ``ObjectId`` pk before insert) raises ``AttributeError``. Like constructing
an instance, they need the model's annotations resolved: before the classes they name exist,
they raise the plan's ``NameError``.
Imports ``gault._schema.plan``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from typing import Any

from gault._schema.plan import FieldSpec, plan_of
from gault._support import MISSING

__all__ = ["DataclassView", "shadow_dataclass"]


class DataclassView:
    """A class attribute (``__dataclass_fields__``, ...) read from the model's shadow dataclass.

    Raises ``AttributeError`` on the classes in ``excluded`` (gault's own bases), so that
    ``dataclasses.is_dataclass(Model)`` stays ``False``.
    """

    __slots__ = ("_attribute", "_excluded")

    def __init__(self, attribute: str, excluded: Collection[type]) -> None:
        self._attribute = attribute
        self._excluded = excluded

    def __get__(self, instance: object, owner: type) -> Any:
        if owner in self._excluded:
            raise AttributeError(
                f"{owner.__qualname__} is a gault base class, not a dataclass", name=self._attribute
            )
        return getattr(shadow_dataclass(owner), self._attribute)


def shadow_dataclass(model: type) -> type:
    """The dataclass mirroring ``model``'s fields, made on first use and kept on the class."""
    shadow: type | None = model.__dict__.get("__gault_shadow__")
    if shadow is None:
        specs = [(field.name, field.annotation, _field(field)) for field in plan_of(model).fields]
        shadow = dataclasses.make_dataclass(model.__name__, specs, kw_only=True)
        shadow.__qualname__ = model.__qualname__
        type.__setattr__(model, "__gault_shadow__", shadow)
    return shadow


def _field(field: FieldSpec) -> Any:
    """The ``dataclasses.field(...)`` of one model field."""
    metadata: dict[str, Any] = {}
    if field.pk:
        metadata["pk"] = True
    if field.db_key != field.name:
        metadata["db_alias"] = field.db_key
    if field.version:
        metadata["version"] = True
    if field.default_factory is not MISSING:
        return dataclasses.field(default_factory=field.default_factory, metadata=metadata)
    if field.default is not MISSING:
        return dataclasses.field(default=field.default, metadata=metadata)
    if field.auto_pk:
        return dataclasses.field(default=None, metadata=metadata)
    return dataclasses.field(metadata=metadata)
