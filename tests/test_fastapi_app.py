"""examples/fastapi_app.py through httpx's ASGI transport, against the test server."""

from __future__ import annotations

import importlib.util
import pathlib
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pymongo.asynchronous.database import AsyncDatabase

EXAMPLE = pathlib.Path(__file__).resolve().parent.parent / "examples" / "fastapi_app.py"


def _load_example() -> Any:
    spec = importlib.util.spec_from_file_location("fastapi_app", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # so the models resolve their annotations
    spec.loader.exec_module(module)
    return module


example = _load_example()

DUNE = {
    "title": "Dune",
    "author": {"name": "Frank Herbert", "born": 1920},
    "genre": "novel",
    "price": "9.99",
    "stock": 3,
    "tags": ["sf"],
}


@pytest.fixture
async def client(async_db: AsyncDatabase[Any]) -> AsyncIterator[httpx.AsyncClient]:
    app = example.create_app(async_db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://books") as client:
        yield client


async def test_create_read_replace_delete(
    client: httpx.AsyncClient, async_db: AsyncDatabase[Any]
) -> None:
    created = await client.post("/books", json=DUNE)
    assert created.status_code == 201, created.text
    book = created.json()
    assert len(book["id"]) == 24 and int(book["id"], 16) >= 0
    assert {key: book[key] for key in DUNE} == DUNE
    assert book["added"].startswith("20")

    stored = await async_db.books.find_one()
    assert stored is not None and str(stored["_id"]) == book["id"]
    assert str(stored["price"]) == "9.99" and stored["genre"] == "novel"

    read = await client.get(f"/books/{book['id']}")
    assert read.status_code == 200 and read.json() == book

    replaced = await client.put(f"/books/{book['id']}", json={**DUNE, "stock": 7})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["id"] == book["id"] and replaced.json()["stock"] == 7
    assert (await async_db.books.find_one())["stock"] == 7  # type: ignore[index]

    deleted = await client.delete(f"/books/{book['id']}")
    assert deleted.status_code == 204
    assert await async_db.books.count_documents({}) == 0
    missing = await client.get(f"/books/{book['id']}")
    assert missing.status_code == 404
    assert "Book: no document matches" in missing.json()["detail"]


async def test_paginated_listing(client: httpx.AsyncClient) -> None:
    for index, genre in enumerate(["novel", "essay", "novel", "poetry", "novel"]):
        response = await client.post("/books", json={**DUNE, "title": f"b{index}", "genre": genre})
        assert response.status_code == 201
    page = (await client.get("/books", params={"per_page": 2, "page": 2})).json()
    assert [book["title"] for book in page["items"]] == ["b2", "b3"]
    assert {key: value for key, value in page.items() if key != "items"} == {
        "total": 5,
        "page": 2,
        "per_page": 2,
        "pages": 3,
        "has_next": True,
        "has_prev": True,
    }
    novels = (await client.get("/books", params={"genre": "novel"})).json()
    assert [book["title"] for book in novels["items"]] == ["b0", "b2", "b4"]
    assert novels["total"] == 3 and novels["has_next"] is False
    bad = await client.get("/books", params={"page": 0})
    assert bad.status_code == 422


async def test_aggregation_endpoint(client: httpx.AsyncClient) -> None:
    for genre, stock in [("novel", 2), ("essay", 5), ("novel", 4)]:
        await client.post("/books", json={**DUNE, "genre": genre, "stock": stock})
    response = await client.get("/stats/genres")
    assert response.status_code == 200, response.text
    assert response.json() == [
        {"genre": "essay", "books": 1, "stock": 5, "average_stock": 5.0},
        {"genre": "novel", "books": 2, "stock": 6, "average_stock": 3.0},
    ]


@pytest.mark.parametrize(
    ("change", "location", "kind"),
    [
        ({"price": "cheap"}, ["body", "price"], "decimal_parsing"),
        ({"genre": "comic"}, ["body", "genre"], "enum"),
        ({"author": {"born": 1920}}, ["body", "author", "name"], "missing"),
        ({"tags": "sf"}, ["body", "tags"], "list_type"),
        ({"id": "not-an-id"}, ["body", "id"], "string_pattern_mismatch"),
        ({"isbn": "123"}, ["body", "isbn"], "extra_forbidden"),
    ],
)
async def test_bad_bodies_are_pydantic_422s(
    client: httpx.AsyncClient,
    async_db: AsyncDatabase[Any],
    change: dict[str, Any],
    location: list[str],
    kind: str,
) -> None:
    response = await client.post("/books", json={**DUNE, **change})
    assert response.status_code == 422, response.text
    errors = response.json()["detail"]
    assert [(error["loc"], error["type"]) for error in errors] == [(location, kind)]
    assert await async_db.books.count_documents({}) == 0


async def test_a_missing_body_field_and_a_bad_path_id(client: httpx.AsyncClient) -> None:
    body = {key: value for key, value in DUNE.items() if key != "title"}
    response = await client.post("/books", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "title"]
    assert (await client.get("/books/123")).status_code == 422


async def test_a_stored_document_that_does_not_fit_is_a_422(
    client: httpx.AsyncClient, async_db: AsyncDatabase[Any]
) -> None:
    book = (await client.post("/books", json=DUNE)).json()
    await async_db.books.update_one({}, {"$set": {"stock": "many"}})
    response = await client.get(f"/books/{book['id']}")
    assert response.status_code == 422, response.text
    assert response.json()["model"] == "Book" and response.json()["field"] == "stock"
    assert "expected int, got str 'many'" in response.json()["detail"]


def _component(openapi: dict[str, Any], ref: dict[str, Any]) -> dict[str, Any]:
    name = ref["$ref"].removeprefix("#/components/schemas/")
    schema: dict[str, Any] = openapi["components"]["schemas"][name]
    return schema


async def test_openapi_carries_the_model_schemas(client: httpx.AsyncClient) -> None:
    openapi = (await client.get("/openapi.json")).json()
    post = openapi["paths"]["/books"]["post"]
    body = _component(openapi, post["requestBody"]["content"]["application/json"]["schema"])
    created = _component(openapi, post["responses"]["201"]["content"]["application/json"]["schema"])
    object_id = {"type": "string", "pattern": "^[0-9a-fA-F]{24}$", "title": "Id"}
    for book in (body, created):
        assert book["properties"]["id"] == object_id
        assert book["required"] == ["title", "author", "genre", "price"]
        assert book["additionalProperties"] is False
        assert set(book["properties"]) == {
            "id",
            "title",
            "author",
            "genre",
            "price",
            "stock",
            "tags",
            "added",
        }
        assert book["properties"]["stock"] == {"type": "integer", "title": "Stock", "default": 0}
    assert created["properties"]["price"] == {"type": "string", "title": "Price"}
    author = _component(openapi, body["properties"]["author"])
    assert author["required"] == ["name"]
    assert _component(openapi, body["properties"]["genre"])["enum"] == ["novel", "essay", "poetry"]

    listing = openapi["paths"]["/books"]["get"]["responses"]["200"]["content"]["application/json"]
    page = _component(openapi, listing["schema"])
    assert set(page["properties"]) == {
        "items",
        "total",
        "page",
        "per_page",
        "pages",
        "has_next",
        "has_prev",
    }
    assert _component(openapi, page["properties"]["items"]["items"]) == created

    stats = openapi["paths"]["/stats/genres"]["get"]["responses"]["200"]["content"]
    row = _component(openapi, stats["application/json"]["schema"]["items"])
    assert set(row["properties"]) == {"genre", "books", "stock", "average_stock"}
