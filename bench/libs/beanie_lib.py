"""Beanie 2.x (async only), run in its own virtualenv.

Models are pydantic documents built from :class:`bench.data.Shapes` with state management on
(``use_state_management``), so an update is ``save_changes()``: one ``$set`` of what changed,
the idiomatic partial update. Finds use Beanie's expression fields and ``to_list()``.
"""

from __future__ import annotations

from typing import Any

from beanie import Document as BeanieDocument
from beanie import PydanticObjectId, init_beanie
from beanie.odm.operators.find.comparison import In
from beanie.odm.utils.dump import get_dict
from beanie.odm.utils.parsing import parse_obj
from bson import ObjectId
from pydantic import BaseModel
from pymongo import AsyncMongoClient

from bench.data import Datasets, Document
from bench.micro import CHANGED_FIELD, FILTER_VALUES
from bench.tasks import COLLECTIONS, Kind

__all__ = ["NAME", "VARIANTS", "AsyncBeanie", "micro", "open_async", "version"]

NAME = "beanie"
VARIANTS = ("async",)


def version() -> str:
    """Beanie's version."""
    import beanie

    return str(beanie.__version__)


def _settings(kind: Kind, owner: str) -> type:
    # pydantic skips nested classes whose qualified name is inside the model's own.
    return type(
        "Settings",
        (),
        {
            "name": COLLECTIONS[kind],
            "use_state_management": True,
            "__qualname__": f"{owner}.Settings",
        },
    )


def _build(data: Datasets) -> dict[Kind, type[BeanieDocument]]:
    definitions = data.shapes.annotations(BaseModel, PydanticObjectId, __name__)
    return {
        kind: type(
            f"Beanie_{kind}",
            (BeanieDocument,),
            {
                "__annotations__": fields,
                "Settings": _settings(kind, f"Beanie_{kind}"),
                "__module__": __name__,
                "__qualname__": f"Beanie_{kind}",
            },
        )
        for kind, fields in definitions.items()
    }


class AsyncBeanie:
    """The async adapter: Beanie documents over PyMongo's ``AsyncMongoClient``."""

    __slots__ = ("_client", "models")

    def __init__(
        self, client: AsyncMongoClient[Document], models: dict[Kind, type[BeanieDocument]]
    ) -> None:
        self._client = client
        self.models = models

    async def drop(self, kind: Kind) -> None:
        """Drop the collection of ``kind``."""
        await self.models[kind].get_pymongo_collection().drop()

    async def create(self, kind: Kind, document: Document) -> object:
        """``Model(**document).insert()``."""
        return await self.models[kind](**document).insert()

    async def load_all(self, kind: Kind) -> list[Any]:
        """``find_all().to_list()``."""
        return await self.models[kind].find_all().to_list()

    def id_of(self, instance: Any) -> ObjectId:
        """The document's id."""
        return instance.id  # type: ignore[no-any-return]

    async def update_flat(self, kind: Kind, instance: Any, value: str) -> None:
        """Set field1, ``save_changes()``."""
        instance.field1 = value
        await instance.save_changes()

    async def update_nested(self, kind: Kind, instance: Any, value: str) -> None:
        """Set embedded_str_doc_1.field1, ``save_changes()``."""
        instance.embedded_str_doc_1.field1 = value
        await instance.save_changes()

    async def find_by_id(self, kind: Kind, id_: ObjectId) -> list[Any]:
        """``find(Model.id == id_)``."""
        model: Any = self.models[kind]
        return await model.find(model.id == id_).to_list()  # type: ignore[no-any-return]

    async def find_by_foreign_key(self, foreign_id: ObjectId) -> list[Any]:
        """``find(Model.field_fk == foreign_id)``."""
        model: Any = self.models["small_fk"]
        return await model.find(model.field_fk == foreign_id).to_list()  # type: ignore[no-any-return]

    async def find_by_embedded(self, value: str) -> list[Any]:
        """``find(Model.embedded_str_doc_1.unique_field == value)``."""
        model: Any = self.models["nested"]
        return await model.find(model.embedded_str_doc_1.unique_field == value).to_list()  # type: ignore[no-any-return]

    async def find_by_embedded_array(self, value: str) -> list[Any]:
        """``find(Model.embedded_str_doc_array.unique_field == value)``."""
        model: Any = self.models["nested"]
        return await model.find(model.embedded_str_doc_array.unique_field == value).to_list()  # type: ignore[no-any-return]

    async def close(self) -> None:
        """Close the client."""
        await self._client.close()


async def open_async(uri: str, database: str, data: Datasets) -> AsyncBeanie:
    """Build the models and ``init_beanie`` them on ``database``."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(uri)
    models = _build(data)
    await init_beanie(database=client[database], document_models=list(models.values()))
    return AsyncBeanie(client, models)


class BeanieMicro:
    """Beanie's read path (``parse_obj``: validate + save state), dump, filter and changes."""

    __slots__ = ("_models",)

    def __init__(self, models: dict[Kind, type[BeanieDocument]]) -> None:
        self._models = models

    def hydrate(self, documents: list[Document]) -> list[Any]:
        """What ``find`` does per document."""
        model = self._models["nested"]
        return [parse_obj(model, document) for document in documents]

    def dump(self, instances: list[Any]) -> list[Any]:
        """What ``insert`` sends."""
        return [get_dict(instance, to_db=True) for instance in instances]

    def build_filter(self) -> object:
        """``Model.find(a == x, b > n, In(c, [...]))``."""
        model: Any = self._models["small"]
        first, threshold, among = FILTER_VALUES
        return model.find(model.field1 == first, model.field8 > threshold, In(model.field2, among))

    def compile_filter(self, built: Any) -> object:
        """``get_filter_query()``."""
        return built.get_filter_query()

    def change(self, instance: Any) -> None:
        """Replace embedded_str_doc_1 with a changed copy."""
        embedded = getattr(instance, CHANGED_FIELD)
        setattr(instance, CHANGED_FIELD, embedded.model_copy(update={"field1": "changed"}))

    def dirty(self, instance: Any) -> object:
        """``get_changes()``."""
        return instance.get_changes()

    def define(self, data: Datasets) -> int:
        """Define Beanie's benchmark classes afresh (two embedded models plus documents)."""
        return len(_build(data)) + 2


async def micro(uri: str, data: Datasets) -> BeanieMicro:
    """The micro-benchmark suite (``init_beanie`` needs a database object; no query is sent)."""
    adapter = await open_async(uri, "bench_beanie_micro", data)
    return BeanieMicro(adapter.models)
