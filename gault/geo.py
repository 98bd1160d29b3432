"""GeoJSON geometry (``2dsphere``) and ``compile_geo``, what geo query operators take.

``Point(x, y)``, ``LineString``, ``Polygon(line_strings, crs=None)``, ``MultiPoint``,
``MultiLineString``, ``MultiPolygon``, ``GeometryCollection``. Construction validates:
longitudes in [-180, 180], latitudes in [-90, 90], line strings of 2+ positions, closed
rings of 4+ positions (``ValueError`` otherwise). A geometry compiles to
``{"$geometry": {...}}`` for queries (``compile_expression``), to the bare GeoJSON document
when stored or used in ``$geoNear`` (``compile_geometry`` / ``__gault_document__``).

Legacy shapes live in ``gault.shapes``. Imports nothing above ``gault.shapes``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from gault._support import Immutable
from gault.exceptions import UnsupportedError
from gault.interfaces import Context
from gault.shapes import Coordinates, Shape, check_number

__all__ = [
    "BIG_POLYGON_CRS",
    "GeoJSON",
    "GeometryCollection",
    "LineString",
    "MultiLineString",
    "MultiPoint",
    "MultiPolygon",
    "Point",
    "Polygon",
    "compile_geo",
    "compile_geojson",
]

#: The custom CRS MongoDB accepts for "big" polygons (strict counter-clockwise winding).
BIG_POLYGON_CRS = "urn:x-mongodb:crs:strictwinding:EPSG:4326"

GEOJSON_TYPES = frozenset(
    {
        "Point",
        "LineString",
        "Polygon",
        "MultiPoint",
        "MultiLineString",
        "MultiPolygon",
        "GeometryCollection",
    }
)
LEGACY_OPERATORS = frozenset({"$box", "$center", "$centerSphere", "$polygon", "$geometry"})


class GeoJSON(ABC, Immutable):
    """A GeoJSON geometry: ``{"type": ..., "coordinates": ...}``."""

    __slots__ = ()

    #: The GeoJSON ``type`` member.
    geometry_type: ClassVar[str]

    @abstractmethod
    def get_coordinates(self) -> Any:
        """Return the GeoJSON ``coordinates`` member (nested lists of ``[lon, lat]``)."""

    def compile_geometry(self) -> dict[str, Any]:
        """Return the GeoJSON document: ``{"type": ..., "coordinates": ...}``."""
        return {"type": self.geometry_type, "coordinates": self.get_coordinates()}

    def compile_expression(self, *, context: Context = None) -> dict[str, Any]:
        """Return the query form: ``{"$geometry": <GeoJSON document>}``."""
        return {"$geometry": self.compile_geometry()}

    def __gault_document__(self) -> dict[str, Any]:
        """Return the GeoJSON document (how a geometry is stored)."""
        return self.compile_geometry()


class Point(GeoJSON):
    """A GeoJSON ``Point`` at longitude ``x``, latitude ``y``."""

    __slots__ = ("x", "y")
    geometry_type = "Point"

    x: float
    y: float

    def __init__(self, x: float, y: float) -> None:
        check_number("Point", "x (longitude)", x)
        check_number("Point", "y (latitude)", y)
        if not -180 <= x <= 180:
            raise ValueError(f"Point: longitude x must be in [-180, 180], got {x!r}")
        if not -90 <= y <= 90:
            raise ValueError(f"Point: latitude y must be in [-90, 90], got {y!r}")
        self._assign(x=x, y=y)

    @classmethod
    def of(cls, value: Any, owner: str) -> Point:
        """Return ``value`` (a ``Point``, ``Coordinates`` or ``(x, y)`` pair) as a ``Point``."""
        if isinstance(value, Point):
            return value
        coordinates = Coordinates.of(value, owner)
        return cls(coordinates.x, coordinates.y)

    def get_coordinates(self) -> list[float]:
        """Return ``[x, y]``."""
        return [self.x, self.y]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Point):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)

    def __hash__(self) -> int:
        return hash((Point, self.x, self.y))


class LineString(GeoJSON):
    """A GeoJSON ``LineString`` through ``points`` (at least 2)."""

    __slots__ = ("points",)
    geometry_type = "LineString"

    points: tuple[Point, ...]

    def __init__(self, points: Sequence[Any]) -> None:
        owner = type(self).__name__
        positions = tuple(Point.of(point, owner) for point in points)
        if len(positions) < 2:
            raise ValueError(f"{owner} needs at least 2 points, got {len(positions)}")
        self._assign(points=positions)

    def get_coordinates(self) -> list[list[float]]:
        """Return the positions as ``[[x, y], ...]``."""
        return [point.get_coordinates() for point in self.points]


def _ring(value: Any) -> LineString:
    ring = value if isinstance(value, LineString) else LineString(value)
    if len(ring.points) < 4:
        raise ValueError(f"Polygon: a ring needs at least 4 positions, got {len(ring.points)}")
    if ring.points[0] != ring.points[-1]:
        raise ValueError(
            f"Polygon: a ring must be closed (first position == last), got "
            f"{ring.points[0].get_coordinates()} and {ring.points[-1].get_coordinates()}"
        )
    return ring


def _crs(owner: str, crs: str | None) -> dict[str, Any] | None:
    if crs is None:
        return None
    if crs != BIG_POLYGON_CRS:
        raise ValueError(f"{owner}: the only supported crs is {BIG_POLYGON_CRS!r}, got {crs!r}")
    return {"type": "name", "properties": {"name": crs}}


class Polygon(GeoJSON):
    """A GeoJSON ``Polygon``: an exterior ring, then holes; each ring closed, 4+ positions.

    ``crs=BIG_POLYGON_CRS`` marks a polygon larger than a hemisphere.
    """

    __slots__ = ("crs", "line_strings")
    geometry_type = "Polygon"

    line_strings: tuple[LineString, ...]
    crs: str | None

    def __init__(self, line_strings: Sequence[Any], crs: str | None = None) -> None:
        rings = tuple(_ring(ring) for ring in line_strings)
        if not rings:
            raise ValueError("Polygon needs at least one ring")
        _crs("Polygon", crs)
        self._assign(line_strings=rings, crs=crs)

    def get_coordinates(self) -> list[list[list[float]]]:
        """Return the rings as ``[[[x, y], ...], ...]``."""
        return [ring.get_coordinates() for ring in self.line_strings]

    def compile_geometry(self) -> dict[str, Any]:
        """Return the GeoJSON document, with the ``crs`` member when one is set."""
        document = super().compile_geometry()
        crs = _crs("Polygon", self.crs)
        if crs is not None:
            document["crs"] = crs
        return document


class MultiPoint(GeoJSON):
    """A GeoJSON ``MultiPoint``."""

    __slots__ = ("points",)
    geometry_type = "MultiPoint"

    points: tuple[Point, ...]

    def __init__(self, points: Sequence[Any]) -> None:
        positions = tuple(Point.of(point, "MultiPoint") for point in points)
        if not positions:
            raise ValueError("MultiPoint needs at least one point")
        self._assign(points=positions)

    def get_coordinates(self) -> list[list[float]]:
        """Return the positions as ``[[x, y], ...]``."""
        return [point.get_coordinates() for point in self.points]


class MultiLineString(GeoJSON):
    """A GeoJSON ``MultiLineString``."""

    __slots__ = ("line_strings",)
    geometry_type = "MultiLineString"

    line_strings: tuple[LineString, ...]

    def __init__(self, line_strings: Sequence[Any]) -> None:
        lines = tuple(
            line if isinstance(line, LineString) else LineString(line) for line in line_strings
        )
        if not lines:
            raise ValueError("MultiLineString needs at least one line string")
        self._assign(line_strings=lines)

    def get_coordinates(self) -> list[list[list[float]]]:
        """Return the line strings' positions."""
        return [line.get_coordinates() for line in self.line_strings]


class MultiPolygon(GeoJSON):
    """A GeoJSON ``MultiPolygon``; ``polygons`` are ``Polygon`` objects or lists of rings."""

    __slots__ = ("crs", "polygons")
    geometry_type = "MultiPolygon"

    polygons: tuple[Polygon, ...]
    crs: str | None

    def __init__(self, polygons: Sequence[Any], crs: str | None = None) -> None:
        shapes = tuple(
            polygon if isinstance(polygon, Polygon) else Polygon(polygon) for polygon in polygons
        )
        if not shapes:
            raise ValueError("MultiPolygon needs at least one polygon")
        _crs("MultiPolygon", crs)
        self._assign(polygons=shapes, crs=crs)

    def get_coordinates(self) -> list[list[list[list[float]]]]:
        """Return the polygons' rings."""
        return [polygon.get_coordinates() for polygon in self.polygons]

    def compile_geometry(self) -> dict[str, Any]:
        """Return the GeoJSON document, with the ``crs`` member when one is set."""
        document = super().compile_geometry()
        crs = _crs("MultiPolygon", self.crs)
        if crs is not None:
            document["crs"] = crs
        return document


class GeometryCollection(GeoJSON):
    """A GeoJSON ``GeometryCollection`` of other geometries (emits ``geometries``)."""

    __slots__ = ("geometries",)
    geometry_type = "GeometryCollection"

    geometries: tuple[GeoJSON, ...]

    def __init__(self, geometries: Sequence[GeoJSON]) -> None:
        for geometry in geometries:
            if not isinstance(geometry, GeoJSON):
                raise TypeError(
                    f"GeometryCollection: expected GeoJSON geometries, got {geometry!r}"
                )
        self._assign(geometries=tuple(geometries))

    def get_coordinates(self) -> list[Any]:
        """Return each geometry's coordinates (a collection has no ``coordinates`` member)."""
        return [geometry.get_coordinates() for geometry in self.geometries]

    def compile_geometry(self) -> dict[str, Any]:
        """Return ``{"type": "GeometryCollection", "geometries": [...]}``."""
        return {
            "type": "GeometryCollection",
            "geometries": [geometry.compile_geometry() for geometry in self.geometries],
        }


def compile_geo(value: Any, context: Context = None) -> dict[str, Any]:
    """Compile what a geo query operator takes (``$geoWithin``, ``$geoIntersects``, ``$near``).

    Accepts a ``GeoJSON`` object or GeoJSON dict (→ ``{"$geometry": ...}``), a legacy
    ``Shape``, ``Coordinates`` (→ a GeoJSON point), or an operator dict (``{"$box": ...}``,
    ``{"$geometry": ...}``, kept as is). Raises ``UnsupportedError`` (a ``TypeError`` and a
    ``NotImplementedError``) for anything else.
    """
    if isinstance(value, GeoJSON | Shape):
        return value.compile_expression()
    if isinstance(value, Coordinates):
        return Point(value.x, value.y).compile_expression()
    if isinstance(value, Mapping):
        if len(value) == 1 and next(iter(value)) in LEGACY_OPERATORS:
            return dict(value)
        if value.get("type") in GEOJSON_TYPES:
            return {"$geometry": dict(value)}
    raise UnsupportedError(
        "expected a GeoJSON geometry (gault.geo), a legacy shape (gault.shapes), Coordinates, "
        f"or a geo operator document, got {type(value).__name__} {value!r}"
    )


def compile_geojson(value: Any) -> dict[str, Any]:
    """Return a bare GeoJSON document (``$geoNear``'s ``near``) from a geometry, a GeoJSON dict,
    ``Coordinates`` or an ``(x, y)`` pair; raises ``TypeError`` otherwise."""
    if isinstance(value, GeoJSON):
        return value.compile_geometry()
    if isinstance(value, Mapping) and value.get("type") in GEOJSON_TYPES:
        return dict(value)
    if isinstance(value, Coordinates | Sequence) and not isinstance(value, str | bytes):
        return Point.of(value, "compile_geojson").compile_geometry()
    raise TypeError(
        "compile_geojson: expected a GeoJSON geometry (gault.geo), a GeoJSON dict, Coordinates "
        f"or an (x, y) pair, got {type(value).__name__} {value!r}"
    )
