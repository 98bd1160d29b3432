"""Geo query operators: ``$geoIntersects``, ``$geoWithin``, ``$near``, ``$nearSphere``.

They take what ``gault.geo.compile_geo`` accepts: ``gault.geo`` geometries, GeoJSON dicts,
``{"$geometry": ...}`` documents and (for ``$geoWithin``) ``gault.shapes`` legacy shapes;
``$near``/``$nearSphere`` also take legacy ``(x, y)`` coordinates. Imports only
``gault._query.operators``, ``gault.exceptions`` and ``gault.geo``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from gault._query.operators import Operator, is_number
from gault.exceptions import CompilationError
from gault.geo import compile_geo

__all__ = ["GeoIntersects", "GeoWithin", "Near", "NearSphere"]


def _geometry(operator: str, value: Any, *, legacy: bool) -> dict[str, Any]:
    """Compile a GeoJSON geometry (or, when ``legacy``, a legacy shape) for a geo operator."""
    try:
        compiled = compile_geo(value)
    except TypeError as error:
        raise TypeError(f"{operator}: {error}") from None
    if not legacy and "$geometry" not in compiled:
        raise CompilationError(
            f"{operator} takes a GeoJSON geometry, not the legacy shape {value!r}", value
        )
    return compiled


class GeoIntersects(Operator):
    """``$geoIntersects``: the field's geometry intersects the GeoJSON ``geometry``."""

    __slots__ = ("_geometry",)

    def __init__(self, value: Any) -> None:
        self._geometry = _geometry("$geoIntersects", value, legacy=False)

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$geoIntersects": {"$geometry": ...}}``."""
        return {"$geoIntersects": self._geometry}


class GeoWithin(Operator):
    """``$geoWithin``: the field lies within a GeoJSON polygon or a legacy shape."""

    __slots__ = ("_shape",)

    def __init__(self, value: Any) -> None:
        self._shape = _geometry("$geoWithin", value, legacy=True)

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$geoWithin": <shape>}``."""
        return {"$geoWithin": self._shape}


class Near(Operator):
    """``$near``: sort by distance from ``point``, optionally within distance bounds.

    A GeoJSON point (distances in meters) gives ``{"$near": {"$geometry": ..., ...}}``; legacy
    ``(x, y)`` coordinates (distances in radians, ``2d`` index) give the legacy form.
    """

    __slots__ = ("_query",)
    name: ClassVar[str] = "$near"
    negatable = False

    def __init__(
        self,
        value: Any,
        min_distance: float | None = None,
        max_distance: float | None = None,
    ) -> None:
        point = value  # the parameter keeps its 0.14 name
        bounds = {"$minDistance": min_distance, "$maxDistance": max_distance}
        for key, bound in bounds.items():
            if bound is not None and (not is_number(bound) or bound < 0):
                raise ValueError(f"{self.name}: {key} must be a number >= 0, got {bound!r}")
        given = {key: bound for key, bound in bounds.items() if bound is not None}
        if isinstance(point, (list, tuple)):
            if len(point) != 2 or not all(is_number(axis) for axis in point):
                raise TypeError(f"{self.name}: legacy coordinates are (x, y), got {point!r}")
            self._query: dict[str, Any] = {self.name: list(point), **given}
            return
        geometry = _geometry(self.name, point, legacy=False)
        if geometry["$geometry"].get("type") != "Point":
            raise CompilationError(f"{self.name} takes a GeoJSON Point, got {point!r}", point)
        self._query = {self.name: {**geometry, **given}}

    def compile_operator(self) -> dict[str, Any]:
        """Return the ``$near`` document (GeoJSON or legacy form)."""
        return dict(self._query)


class NearSphere(Near):
    """``$nearSphere``: like ``Near``, with distances computed on a sphere."""

    __slots__ = ()
    name = "$nearSphere"
