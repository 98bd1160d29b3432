"""Query predicates and ``Field``, the schema-free field reference.

SKELETON (foundation commit): the class ``Field`` below fixes the contract other modules rely
on (its constructor, ``compile_field``, and the typing-only descriptor protocol that lets
``name: Field[str]`` type as ``str`` on instances and ``Attribute[str]`` on the class). The
predicate methods and classes are filled in by the predicates work (issue 3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from gault.interfaces import AsRef

if TYPE_CHECKING:
    from gault.models import Attribute

__all__ = ["Field"]

T = TypeVar("T")


class Field(AsRef, Generic[T]):
    """A reference to a document field by its dotted path: ``Field("address.city")``.

    As an annotation, ``name: Field[str]`` declares a model field whose values are ``str``.
    """

    __slots__ = ("_path",)

    def __init__(self: Field[Any], path: str) -> None:
        self._path = path

    def compile_field(self) -> str:
        """Return the dotted document path."""
        return self._path

    if TYPE_CHECKING:

        @overload
        def __get__(self, instance: None, owner: type[Any]) -> Attribute[T]: ...

        @overload
        def __get__(self, instance: object, owner: type[Any]) -> T: ...

        def __get__(self, instance: object | None, owner: type[Any]) -> Attribute[T] | T: ...

        def __set__(self, instance: object, value: T) -> None: ...
