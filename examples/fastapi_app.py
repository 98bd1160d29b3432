"""A FastAPI service over gault: CRUD, a paginated listing, an aggregation, error handlers.

gault models are the request bodies and the response models as they are (the
``gault[pydantic]`` extra: ``pip install '.[pydantic]' fastapi``): FastAPI validates bodies into
instances, answers 422 with pydantic's errors for bad ones, and writes the OpenAPI schemas
(``ObjectId`` as a 24-hex string). Run it with ``MONGODB_URI=mongodb://... uvicorn
examples.fastapi_app:app``; ``tests/test_fastapi_app.py`` runs it against the test server
through httpx's ASGI transport.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from bson import ObjectId
from fastapi import Depends, FastAPI, Path, Query, Request, status
from fastapi.responses import JSONResponse
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from gault import (
    AsyncManager,
    CollectionPipeline,
    Field,
    Model,
    NotFound,
    Page,
    Schema,
    ValidationError,
    configure,
)
from gault.accumulators import Avg, Sum


class Genre(enum.Enum):
    """The shelf a book goes on."""

    NOVEL = "novel"
    ESSAY = "essay"
    POETRY = "poetry"


class Author(Model):
    """An embedded author."""

    name: Field[str]
    born: Field[int | None] = configure(default=None)


class Book(Schema, collection="books"):
    """A book; ``id`` is generated on insert (leave it out of a POST body)."""

    id: Field[ObjectId] = configure(pk=True, db_alias="_id", default_factory=ObjectId)
    title: Field[str]
    author: Field[Author]
    genre: Field[Genre]
    price: Field[decimal.Decimal]
    stock: Field[int] = configure(default=0)
    tags: Field[list[str]] = configure(default_factory=list)
    added: Field[datetime.datetime] = configure(default_factory=lambda: now())


def now() -> datetime.datetime:
    """The current UTC time to the millisecond (what a BSON date keeps)."""
    moment = datetime.datetime.now(datetime.UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class GenreStats(Model):
    """One row of ``GET /stats/genres``: an aggregation's typed output."""

    genre: Field[Genre] = configure(db_alias="_id")
    books: Field[int]
    stock: Field[int]
    average_stock: Field[float]


BookId = Annotated[str, Path(pattern="^[0-9a-fA-F]{24}$", description="a 24-hex ObjectId")]


def manager(request: Request) -> AsyncManager:
    """The application's manager (a FastAPI dependency)."""
    found: AsyncManager = request.app.state.manager
    return found


Manager = Annotated[AsyncManager, Depends(manager)]


@asynccontextmanager
async def _connect(app: FastAPI) -> AsyncIterator[None]:
    """Open the client of ``MONGODB_URI`` (database ``BOOKS_DATABASE``) for the app's life."""
    uri = os.environ.get("MONGODB_URI", "mongodb://localhost:27017")
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri, tz_aware=True)
    app.state.manager = AsyncManager(client[os.environ.get("BOOKS_DATABASE", "books")])
    try:
        yield
    finally:
        await client.close()


def create_app(database: AsyncDatabase[dict[str, Any]] | None = None) -> FastAPI:
    """The application, over ``database`` (default: ``MONGODB_URI``'s, opened on startup)."""
    app = FastAPI(title="Books", version="1.0", lifespan=_connect if database is None else None)
    if database is not None:
        app.state.manager = AsyncManager(database)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=status.HTTP_404_NOT_FOUND)

    @app.exception_handler(ValidationError)
    async def invalid(request: Request, error: ValidationError) -> JSONResponse:
        detail = {"model": getattr(error.model, "__name__", None), "field": error.field}
        return JSONResponse({"detail": str(error), **detail}, status_code=422)

    @app.post("/books", status_code=status.HTTP_201_CREATED)
    async def create_book(book: Book, books: Manager) -> Book:
        return await books.insert(book)

    @app.get("/books")
    async def list_books(
        books: Manager,
        page: Annotated[int, Query(ge=1)] = 1,
        per_page: Annotated[int, Query(ge=1, le=100)] = 10,
        genre: Genre | None = None,
    ) -> Page[Book]:
        wanted = None if genre is None else Book.genre == genre
        return await books.paginate(
            Book, wanted, page=page, per_page=per_page, sort_by=Book.title.asc()
        )

    @app.get("/books/{book_id}")
    async def read_book(book_id: BookId, books: Manager) -> Book:
        return await books.get(Book, Book.id == ObjectId(book_id))

    @app.put("/books/{book_id}")
    async def replace_book(book_id: BookId, book: Book, books: Manager) -> Book:
        await books.get(Book, Book.id == ObjectId(book_id))  # 404 unless it exists
        book.id = ObjectId(book_id)
        return await books.save(book)

    @app.delete("/books/{book_id}", status_code=status.HTTP_204_NO_CONTENT)
    async def delete_book(book_id: BookId, books: Manager) -> None:
        await books.delete(await books.get(Book, Book.id == ObjectId(book_id)))

    @app.get("/stats/genres")
    async def genre_stats(books: Manager) -> list[GenreStats]:
        pipeline = (
            CollectionPipeline("books")
            .group(
                {
                    "books": Sum(1),
                    "stock": Sum(Book.stock),
                    "average_stock": Avg(Book.stock),
                },
                by=Book.genre,
            )
            .sort(GenreStats.genre.asc())
        )
        return [row async for row in books.select(GenreStats, pipeline)]

    return app


#: ``uvicorn examples.fastapi_app:app`` serves the database of ``MONGODB_URI``.
app = create_app()
