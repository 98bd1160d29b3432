"""The ODM benchmark datasets, the model shapes derived from them, and document factories.

The datasets live in ``shared/bench-data/odm/`` beside the repository (``GAULT_BENCH_DATA``
overrides the folder). They are read with ``bson.json_util`` so that the large flat document's
``$binary`` image becomes ``bytes``. Every library builds its models from the same
:class:`Shapes`, so no library gets a hand-tuned schema.
"""

from __future__ import annotations

import os
import pathlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bson import ObjectId, encode, json_util

if TYPE_CHECKING:
    from bench.tasks import Kind

__all__ = [
    "DATA_DIR",
    "Datasets",
    "Document",
    "Shapes",
    "bson_size",
    "data_dir",
    "load_datasets",
]

Document = dict[str, Any]

DATA_DIR = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "bench-data" / "odm"
SMALL_FILE = "flat-models/small_doc.json"
LARGE_FILE = "flat-models/large_doc.json"
NESTED_FILE = "nested-models/large_doc_nested.json"
UNIQUE_FIELD = "unique_field"
FOREIGN_KEY_FIELD = "field_fk"


def data_dir() -> pathlib.Path:
    """The dataset folder: ``$GAULT_BENCH_DATA`` or ``shared/bench-data/odm`` beside the repo."""
    override = os.environ.get("GAULT_BENCH_DATA")
    return pathlib.Path(override) if override else DATA_DIR


@dataclass(frozen=True, slots=True)
class Shapes:
    """Field names and Python types of every benchmark model, derived from the datasets.

    ``nested`` maps each field of the nested model to ``(embedded, many)``: the name of the
    embedded shape (``"str"`` or ``"int"``) and whether the field is a list of them.
    """

    small: dict[str, type]
    large: dict[str, type]
    str_embedded: dict[str, type]
    int_embedded: dict[str, type]
    nested: dict[str, tuple[str, bool]]

    def annotations(
        self, embedded_base: type, object_id: type, module: str
    ) -> dict[Kind, dict[str, Any]]:
        """Class annotations of every benchmark model, by kind, for annotation-driven ODMs.

        Embedded shapes become subclasses of ``embedded_base`` defined in ``module``; the
        foreign key of ``small_fk`` is typed ``object_id``.
        """
        embedded = {
            shape: type(
                name, (embedded_base,), {"__annotations__": dict(fields), "__module__": module}
            )
            for shape, name, fields in (
                ("str", "StrEmbedded", self.str_embedded),
                ("int", "IntEmbedded", self.int_embedded),
            )
        }
        nested: dict[str, Any] = {
            name: list[embedded[shape]] if many else embedded[shape]  # type: ignore[valid-type]
            for name, (shape, many) in self.nested.items()
        }
        return {
            "small": dict(self.small),
            "small_fk": {**self.small, FOREIGN_KEY_FIELD: object_id},
            "foreign": {"name": str},
            "large": dict(self.large),
            "nested": nested,
        }


@dataclass(frozen=True, slots=True)
class Datasets:
    """The three source documents and the shapes every library's models follow."""

    small: Document
    large: Document
    nested: Document
    shapes: Shapes

    def small_fk(self, foreign_id: ObjectId) -> Document:
        """A small document pointing at a foreign document by its ``_id``."""
        return {**self.small, FOREIGN_KEY_FIELD: foreign_id}

    def nested_document(self) -> Document:
        """A fresh nested document whose string sub-documents carry a unique ``unique_field``.

        The unique values are what the nested "find by embedded field" tasks look up.
        """
        document: Document = {}
        for name, value in self.nested.items():
            embedded, many = self.shapes.nested[name]
            if embedded == "int":
                document[name] = [dict(item) for item in value] if many else dict(value)
            elif many:
                document[name] = [{**item, UNIQUE_FIELD: str(ObjectId())} for item in value]
            else:
                document[name] = {**value, UNIQUE_FIELD: str(ObjectId())}
        return document


def _scalar_types(document: Document, where: str) -> dict[str, type]:
    types: dict[str, type] = {}
    for name, value in document.items():
        if not isinstance(value, str | int | bytes) or isinstance(value, bool):
            raise TypeError(f"{where}: field {name!r} holds {type(value).__name__}, not a scalar")
        types[name] = type(value)
    return types


def _nested_shapes(
    document: Document,
) -> tuple[dict[str, type], dict[str, type], dict[str, tuple[str, bool]]]:
    str_embedded: dict[str, type] = {}
    int_embedded: dict[str, type] = {}
    nested: dict[str, tuple[str, bool]] = {}
    for name, value in document.items():
        many = isinstance(value, list)
        items = value if many else [value]
        if not items or not all(isinstance(item, dict) for item in items):
            raise ValueError(f"{NESTED_FILE}: field {name!r} is not an embedded document or list")
        types = _scalar_types(items[0], f"{NESTED_FILE}:{name}")
        embedded = "int" if all(kind is int for kind in types.values()) else "str"
        target = int_embedded if embedded == "int" else str_embedded
        target.update(types)
        nested[name] = (embedded, many)
    str_embedded[UNIQUE_FIELD] = str
    return str_embedded, int_embedded, nested


def _read(folder: pathlib.Path, name: str) -> Document:
    path = folder / name
    try:
        document = json_util.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(
            f"benchmark dataset {path} is missing (set GAULT_BENCH_DATA)"
        ) from None
    if not isinstance(document, dict):
        raise TypeError(f"{path}: expected one JSON object, got {type(document).__name__}")
    return document


def load_datasets(folder: pathlib.Path | None = None) -> Datasets:
    """Read the three datasets and derive the model shapes from them."""
    folder = folder or data_dir()
    small = _read(folder, SMALL_FILE)
    large = _read(folder, LARGE_FILE)
    nested = _read(folder, NESTED_FILE)
    str_embedded, int_embedded, nested_shape = _nested_shapes(nested)
    shapes = Shapes(
        small=_scalar_types(small, SMALL_FILE),
        large=_scalar_types(large, LARGE_FILE),
        str_embedded=str_embedded,
        int_embedded=int_embedded,
        nested=nested_shape,
    )
    return Datasets(small=small, large=large, nested=nested, shapes=shapes)


def bson_size(document: Document) -> int:
    """The BSON-encoded size of ``document`` in bytes: the unit the scores count."""
    return len(encode(document))
