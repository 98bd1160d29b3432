"""Type-checked (mypy --strict, pyright), never run: how models look to a type checker."""

import dataclasses
from typing import Any, assert_type, reveal_type

from bson import ObjectId

from gault.mappers import Mapper, get_mapper
from gault.models import Attribute, AttributeSpec, FieldSpec, Model, Schema, configure, fields
from gault.predicates import Field


class Address(Model):
    city: Field[str] = configure(db_alias="city_name")


class User(Schema, collection="typing_users"):
    id: Field[str] = configure(pk=True, db_alias="_id")
    name: Field[str]
    age: Field[int] = configure(default=0)
    tags: Field[list[str]] = configure(default_factory=list)
    address: Field[Address | None] = configure(default=None)
    nickname: str | None = None
    oid: ObjectId | None = configure(default=None)


user = User(id="1", name="Alice")
User(id="1", name="Alice", age=3, tags=["a"], address=Address(city="Paris"), nickname="A")

assert_type(User.age, Attribute[int])
assert_type(User.name, Attribute[str])
assert_type(User.tags, Attribute[list[str]])
assert_type(user.age, int)
assert_type(user.name, str)
assert_type(user.tags, list[str])
assert_type(user.address, Address | None)
assert_type(user.nickname, str | None)
assert_type(User.address.city, Attribute[Any])


def assignments(target: User) -> None:
    target.age = 4
    target.tags = ["a"]
    target.age = "x"  # type: ignore[assignment]
    target.tags = [1]  # type: ignore[list-item]
    target.nick = "x"  # type: ignore[attr-defined]


def mistakes() -> None:
    User(id="1", name="Alice", age="x")  # type: ignore[arg-type]
    User(id="1")  # type: ignore[call-arg]
    User("1", "Alice")  # type: ignore[call-arg]
    User(id="1", name="Alice", unknown=1)  # type: ignore[call-arg]
    configure(pk=True, primary=True)  # type: ignore[arg-type]


mapper = get_mapper(User)
assert_type(mapper, Mapper[User])
assert_type(mapper.load({"_id": "1", "name": "a"}), User)
assert_type(get_mapper(user), Mapper[User])
assert_type(fields(User), tuple[FieldSpec, ...])

# 0.14 names and the dataclasses helpers.
spec: AttributeSpec[int] = User.age
assert_type(User.age.get_db_alias(), str)
assert_type(dataclasses.replace(user, age=4), User)
assert_type(dataclasses.asdict(user), dict[str, Any])
assert_type(dataclasses.fields(User), tuple[dataclasses.Field[Any], ...])
dataclasses.replace(user, age="x")  # type: ignore[arg-type]

reveal_type(User.age)
reveal_type(user.age)
