"""The composition core of ``Pipeline``: stage storage, ``build``, ``as_query``, concatenation.

``PipelineBase`` holds an immutable tuple of ``Step``s and enforces stage placement
(``$documents`` first, ``$out``/``$merge`` last); ``gault.pipelines.Pipeline`` adds one method
per stage on top of it. Also the model helpers the stage methods share (collection names and
projected db keys of ``Model`` classes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Concatenate, ParamSpec, Self, TypeVar

from gault._pipeline.stages import RawStep, Step, sub_pipeline
from gault._support import describe
from gault.compilers import call_compile
from gault.interfaces import AsAlias
from gault.models import Model, fields, get_collection

__all__ = ["PipelineBase", "collection_of", "model_keys"]

P = ParamSpec("P")
R = TypeVar("R")

#: Stages after which nothing may come.
_FINAL_STAGES = frozenset({"$out", "$merge"})


def _as_step(step: Step | Mapping[str, Any]) -> Step:
    return step if isinstance(step, Step) else RawStep(step)


def _model_class(stage: str, model: Any) -> type[Model]:
    if isinstance(model, type) and issubclass(model, Model):
        return model
    raise TypeError(f"{stage}: expected a Model class, got {describe(model)}")


def model_keys(stage: str, model: Any) -> list[str]:
    """The db keys of a Model class's fields, in declaration order."""
    return [spec.db_key for spec in fields(_model_class(stage, model))]


def collection_of(stage: str, model: Any) -> str:
    """The collection a Model class is bound to (``ValueError`` naming the stage if none)."""
    try:
        name: str = get_collection(_model_class(stage, model))
    except KeyError:
        raise ValueError(
            f"{stage}: {model.__qualname__} is not bound to a collection; "
            "declare it with collection=... or pass the collection name"
        ) from None
    return name


class PipelineBase(AsAlias):
    """Stage storage and composition shared by every pipeline class (see ``Pipeline``)."""

    __slots__ = ("_steps",)

    _steps: tuple[Step, ...]

    def __init__(self, *, steps: Iterable[Step | Mapping[str, Any]] = ()) -> None:
        self._steps = ()
        self._steps = self._appended(tuple(_as_step(step) for step in steps))

    # -- inspection -------------------------------------------------------------------------

    @property
    def steps(self) -> tuple[Step, ...]:
        """The stages, in order."""
        return self._steps

    @property
    def is_documents_pipeline(self) -> bool:
        """Whether the first stage is ``$documents``: such a pipeline runs on the database."""
        return bool(self._steps) and self._steps[0].operator == "$documents"

    def build(self, *, context: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Return the stage documents (fresh on each call).

        ``context`` is accepted for gault 0.14 callers and unused: compiling needs no context.
        """
        return [call_compile(step, "compile") for step in self._steps]

    def as_query(self) -> dict[str, Any] | None:
        """Return one query document equivalent to this pipeline, or ``None`` if there is none.

        Only a pipeline of ``$match`` stages has one: the ``$and`` of their bodies (a single
        body as is; ``{}`` for no condition). Used for find/update/delete filters.
        """
        bodies: list[dict[str, Any]] = []
        for step in self._steps:
            document = step.compile()
            if "$match" not in document:
                return None
            if document["$match"]:
                bodies.append(document["$match"])
        if not bodies:
            return {}
        if len(bodies) == 1:
            return bodies[0]
        return {"$and": bodies}

    # -- composition ------------------------------------------------------------------------

    def _appended(self, steps: tuple[Step, ...]) -> tuple[Step, ...]:
        result = self._steps
        for step in steps:
            if result and result[-1].operator in _FINAL_STAGES:
                raise ValueError(
                    f"{result[-1].operator} must be the last stage; cannot add {step.operator}"
                )
            if step.operator == "$documents" and result:
                raise ValueError("$documents must be the first stage of a pipeline")
            result = (*result, step)
        return result

    def _derive(self, steps: tuple[Step, ...]) -> Self:
        new = object.__new__(type(self))
        new._steps = steps
        return new

    def _then(self, *steps: Step) -> Self:
        return self._derive(self._appended(steps))

    def add_step(self, step: Step | Mapping[str, Any], /) -> Self:
        """Append one ``Step`` (or raw stage dict)."""
        return self._then(_as_step(step))

    def raw(self, *stages: Step | Mapping[str, Any]) -> Self:
        """Append stage documents verbatim (each a dict with one ``$`` key)."""
        return self._then(*(_as_step(stage) for stage in stages))

    def extend(self, *others: PipelineBase | Sequence[Mapping[str, Any]]) -> Self:
        """Append the stages of other pipelines (or raw stage lists), in order.

        A ``CollectionPipeline`` over another collection cannot be appended (``TypeError``).
        """
        steps: list[Step] = []
        for other in others:
            target = other._target() if isinstance(other, PipelineBase) else None
            if target is not None and target != self._target():
                raise TypeError(
                    f"cannot append a pipeline over collection {target!r}; use lookup or union_with"
                )
            if isinstance(other, PipelineBase):
                steps.extend(other._steps)
            else:
                steps.extend(RawStep(stage) for stage in sub_pipeline("extend", other))
        return self._then(*steps)

    def __add__(self, other: PipelineBase | Sequence[Mapping[str, Any]]) -> Self:
        """``a + b``: the stages of ``a`` then those of ``b`` (see ``extend``)."""
        if not isinstance(other, (PipelineBase, list, tuple)):
            return NotImplemented
        return self.extend(other)

    def pipe(
        self, func: Callable[Concatenate[Self, P], R], /, *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Return ``func(self, *args, **kwargs)``: apply a reusable transformation."""
        return func(self, *args, **kwargs)

    def _target(self) -> str | None:
        """The collection this pipeline reads, if it names one."""
        return None

    def _key(self) -> tuple[Any, ...]:
        return (self._steps,)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PipelineBase):
            return NotImplemented
        return type(self) is type(other) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.build()!r})"
