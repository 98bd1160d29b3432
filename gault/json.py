"""JSON without pydantic: model instances to JSON-compatible data and back, and JSON Schemas.

``to_jsonable(instance)`` returns plain ``dict``/``list``/``str``/``int``/``float``/``bool``/
``None`` data that ``json.dumps`` accepts; ``from_jsonable(Model, data)`` rebuilds an equal
instance (every value checked by the model's constructor); ``json_schema(Model)`` describes
that JSON (draft 2020-12, embedded models under ``$defs``). The JSON forms: ``ObjectId`` a
24-hex string, ``Decimal``/``Decimal128`` a decimal string, ``UUID`` its canonical string,
``datetime``/``date`` ISO 8601, ``bytes`` base64, an enum its value, sets and tuples arrays.
Keys are the field names; ``by_alias=True`` uses the db aliases instead (``"_id"``).
The pydantic integration (``gault[pydantic]``) uses the same forms.

``validator(Schema)`` is the other schema: a MongoDB collection validator
(``{"$jsonSchema": ...}``, BSON types, db aliases), which the managers' ``ensure_validator``
installs.
"""

from __future__ import annotations

from typing import Any, TypeVar

from gault._schema.bson_schema import bson_schema
from gault._schema.jsonable import JsonMismatch, model_codec, model_schema
from gault._support import publish
from gault.exceptions import ValidationError
from gault.models import Model

__all__ = ["bson_schema", "from_jsonable", "json_schema", "to_jsonable", "validator"]

M = TypeVar("M", bound=Model)


def _model_class(model: Any, caller: str) -> type[Model]:
    if not (isinstance(model, type) and issubclass(model, Model)):
        raise TypeError(f"{caller}() expects a Model class, got {model!r}")
    return model


def to_jsonable(instance: Model, *, by_alias: bool = False) -> dict[str, Any]:
    """Return the JSON-compatible data of ``instance`` (unset fields are left out).

    Raises ``TypeError`` for a value with no JSON form (a bson type other than ``ObjectId``,
    ``Decimal128``, ``Int64`` and ``Binary``).
    """
    if not isinstance(instance, Model):
        raise TypeError(f"to_jsonable() expects a Model instance, got {instance!r}")
    return model_codec(type(instance), by_alias=by_alias).encode(instance)


def from_jsonable(model: type[M], data: Any, *, by_alias: bool = False) -> M:
    """Build a ``model`` instance from JSON data (what ``to_jsonable`` or ``json.loads`` gave).

    Raises ``ValidationError`` naming the model, the field path and the problem, for data
    that does not fit (wrong JSON type, a bad ObjectId string, an unknown key) and for values
    the constructor rejects.
    """
    model_class = _model_class(model, "from_jsonable")
    try:
        instance = model_codec(model_class, by_alias=by_alias).decode(data)
    except JsonMismatch as error:
        path = ".".join(error.path).replace(".[", "[") or None
        raise ValidationError(
            model_class, path, error.expected, error.value, reason=error.reason
        ) from None
    return instance  # type: ignore[no-any-return]


def json_schema(model: type[Model], *, by_alias: bool = False) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of ``model``'s JSON form."""
    return model_schema(_model_class(model, "json_schema"), by_alias=by_alias)


def validator(model: type[Model]) -> dict[str, Any]:
    """Return the collection validator ``{"$jsonSchema": ...}`` of ``model``'s documents.

    BSON types (``int`` as ``int``/``long``), db aliases as keys, the fields a document needs
    to load as ``required``, enums as ``enum``, embedded models inlined.
    """
    return {"$jsonSchema": bson_schema(_model_class(model, "validator"))}


publish(__name__, __all__, globals())
