"""Every exception gault raises on its own account.

The tree::

    GaultError
    ├── NotFound          (also LookupError)   no document matched where one was required
    ├── Forbidden         (also TypeError)     a Model given where a Schema is required
    ├── Unprocessable     (also ValueError)    the model cannot serve the call (e.g. no pk)
    ├── Conflict                               optimistic concurrency: the version moved on
    ├── ValidationError   (also TypeError)     a value does not fit its field's type
    ├── CompilationError  (also ValueError)    a value cannot be compiled to MQL
    ├── ArgumentError     (also TypeError and ValueError)
    │                                          too few arguments, or a required one is None
    └── UnsupportedError  (also TypeError and NotImplementedError)
                                               a value of a kind the call does not support

``ArgumentError`` and ``UnsupportedError`` are both kinds at once so that code written for
0.14 (which raised ``ValueError`` / ``NotImplementedError`` there) and code written for 0.15
(``TypeError``) both catch them.

``PipelineError`` is 0.14's name for ``CompilationError`` (the same class).

PyMongo's own errors (duplicate keys, network errors, timeouts) are never wrapped: they
propagate unchanged. This module imports nothing from the rest of gault.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "ArgumentError",
    "CompilationError",
    "Conflict",
    "Forbidden",
    "GaultError",
    "LoadWarning",
    "NotFound",
    "PipelineError",
    "Unprocessable",
    "UnsupportedError",
    "ValidationError",
]


def _name(model: Any) -> str:
    return getattr(model, "__qualname__", None) or repr(model)


class GaultError(Exception):
    """Base class of every exception gault raises itself."""


class NotFound(GaultError, LookupError):
    """No document matched ``filter`` for ``model`` where one was required."""

    def __init__(self, model: Any, filter: Any = None) -> None:
        self.model = model
        self.filter = filter
        super().__init__(f"{_name(model)}: no document matches {_describe_filter(filter)}")


def _describe_filter(filter: Any) -> str:
    """The filter as the query it compiles to, where it has one (else its repr)."""
    compile_query = getattr(filter, "compile_query", None)
    if callable(compile_query):
        try:
            return repr(compile_query())
        except Exception:  # noqa: BLE001 - a message must never fail: fall back to the repr
            return repr(filter)
    return repr(filter)


class Forbidden(GaultError, TypeError):
    """The operation needs a ``Schema`` (a collection-bound, writable model)."""

    def __init__(self, model: Any, reason: str) -> None:
        self.model = model
        self.reason = reason
        super().__init__(f"{_name(model)}: {reason}")


class Unprocessable(GaultError, ValueError):
    """The model cannot serve this operation, e.g. it declares no pk field."""

    def __init__(self, model: Any, reason: str) -> None:
        self.model = model
        self.reason = reason
        super().__init__(f"Unprocessable {_name(model)} ; {reason}")


class Conflict(GaultError):
    """Another writer changed the document since it was read (optimistic concurrency)."""

    def __init__(
        self, model: Any, filter: Any, expected_version: Any, *, instances: Sequence[Any] = ()
    ) -> None:
        self.model = model
        self.filter = filter
        self.expected_version = expected_version
        #: Every conflicting instance (``save``: the one; ``save_many``: all, in batch order;
        #: ``filter`` and ``expected_version`` are the first one's).
        self.instances = tuple(instances)
        more = len(self.instances) - 1
        others = f" (and {more} more conflicting instance(s))" if more > 0 else ""
        super().__init__(
            f"{_name(model)}: the document matching {filter!r} is no longer at version "
            f"{expected_version!r}{others}; reload it and apply the change again"
        )


class ValidationError(GaultError, TypeError):
    """A value does not fit its field: names the model, the field, what was expected and got.

    ``document_id`` is set when the value came from a loaded document, and ``document`` is
    that whole raw document (what a refused ``find_one_and_delete`` removed stays readable);
    ``path`` is the full path of the part that does not fit (``items[2].sku``; the field name
    for a plain value).
    """

    def __init__(
        self,
        model: Any,
        field: str | None,
        expected: Any,
        value: Any,
        *,
        reason: str | None = None,
        document_id: Any = None,
        path: str | None = None,
        document: Any = None,
    ) -> None:
        self.model = model
        self.field = field
        self.path = field if path is None else path
        self.expected = expected
        self.value = value
        self.document_id = document_id
        self.document = document
        where = _name(model) if field is None else f"{_name(model)}.{field}"
        if reason is None:
            expected_name = getattr(expected, "__name__", None) or str(expected)
            reason = f"expected {expected_name}, got {type(value).__name__} {value!r}"
        if document_id is not None:
            reason = f"{reason} (document _id={document_id!r})"
        super().__init__(f"{where}: {reason}")


class LoadWarning(UserWarning):
    """A loaded document did not fit its model and was kept or skipped as asked: the stored
    value kept by a ``validate_load=False`` model, or a document a manager's
    ``skip_invalid()`` view left out without a ``report``."""


class CompilationError(GaultError, ValueError):
    """A value cannot be compiled to MQL where it was used (``target`` is the value)."""

    def __init__(self, message: str, target: Any = None) -> None:
        self.message = message
        self.target = target
        super().__init__(message)


class ArgumentError(GaultError, TypeError, ValueError):
    """An argument is missing or out of range: too few inputs for an operator, a required
    option given as ``None``."""


class UnsupportedError(GaultError, TypeError, NotImplementedError):
    """A value of a kind the call does not support (a ``lookup`` target, a geo value)."""


# gault 0.14 names, kept so that existing imports work.
#: The 0.14 name for a pipeline that cannot be compiled; the same class as ``CompilationError``.
PipelineError = CompilationError
