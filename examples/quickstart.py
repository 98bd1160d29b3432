"""gault in one page: declare a schema, insert, query, update atomically, paginate.

Run it with ``python examples/quickstart.py``. It uses ``MONGODB_URI`` when set; otherwise it
starts the bundled test server (``scripts/test-server``: mongo-java-server, in memory) and stops
it when done.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import signal
import subprocess
from collections.abc import Iterator
from typing import Any

from pymongo import MongoClient

from gault import Field, Manager, Schema, configure

TEST_SERVER = pathlib.Path(__file__).resolve().parent.parent / "scripts" / "test-server"


class User(Schema, collection="users"):
    """A user, stored in the ``users`` collection."""

    id: Field[str] = configure(pk=True, db_alias="_id")
    name: Field[str]
    age: Field[int] = configure(db_alias="person_age")
    tags: Field[list[str]] = configure(default_factory=list)


@contextlib.contextmanager
def mongodb_uri() -> Iterator[str]:
    """Yield MONGODB_URI, or the URI of a bundled test server started for the demo."""
    if uri := os.environ.get("MONGODB_URI"):
        yield uri
        return
    server = subprocess.Popen(
        [TEST_SERVER, "--watch-stdin"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline().strip()
        if not line.startswith("ready "):
            raise RuntimeError(f"the test server did not start: {line!r}")
        yield line.removeprefix("ready ")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    """Run the demo and print what it did."""
    with mongodb_uri() as uri:
        client: MongoClient[dict[str, Any]] = MongoClient(uri)
        with client:
            client.drop_database("gault_quickstart")
            manager = Manager(client["gault_quickstart"])

            for i, name in enumerate(["Alice", "Bob", "Carol", "Dave", "Erin"]):
                manager.insert(User(id=f"u{i}", name=name, age=15 + 5 * i, tags=["demo"]))
            print("inserted 5 users")

            alice = manager.get(User, User.name == "Alice")
            print(f"get: {alice!r}")

            adults = [user.name for user in manager.select(User, User.age >= 18, sort_by="name")]
            print(f"adults by name: {adults}")

            alice.age = 16
            manager.save(alice, atomic=True)  # sends only {"$set": {"person_age": 16}}
            print(
                f"raw document after atomic save: {client['gault_quickstart'].users.find_one({'_id': 'u0'})}"
            )

            page = manager.paginate(
                User, User.age.gte(18), page=1, per_page=2, sort_by=User.age.desc()
            )
            print(f"page 1 of {page.pages}: {[u.name for u in page]} (total {page.total})")

            missing = manager.find(User, (User.age > 99) | (User.name == "Zoe"))
            print(f"find with no match: {missing}")
            client.drop_database("gault_quickstart")


if __name__ == "__main__":
    main()
