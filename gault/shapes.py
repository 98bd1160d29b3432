"""Legacy-coordinate shapes for ``$geoWithin`` on ``2d`` data: ``Box``, ``Center``,
``CenterSphere``, ``Polygon``, and the ``Coordinates(x, y)`` pair.

Each shape compiles (``compile_expression()``) to its query operator document
(``{"$box": [[x1, y1], [x2, y2]]}``); ``gault.geo.compile_geo`` accepts them. For GeoJSON
(``2dsphere``) geometry use ``gault.geo``. Imports nothing above ``gault.exceptions``.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import Any

from gault._support import Immutable
from gault.interfaces import Context

__all__ = ["Box", "Center", "CenterSphere", "Coordinates", "Polygon", "Shape"]


def check_number(owner: str, name: str, value: Any) -> float:
    """Return ``value`` if it is a finite number, else raise ``TypeError``/``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{owner}: {name} must be a number, got {type(value).__name__} {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{owner}: {name} must be finite, got {value!r}")
    return value


class Coordinates(Immutable):
    """A legacy coordinate pair ``(x, y)`` (longitude, latitude for spherical queries)."""

    __slots__ = ("x", "y")

    x: float
    y: float

    def __init__(self, x: float, y: float) -> None:
        self._assign(x=check_number("Coordinates", "x", x), y=check_number("Coordinates", "y", y))

    @classmethod
    def of(cls, value: Any, owner: str) -> Coordinates:
        """Return ``value`` (``Coordinates`` or an ``(x, y)`` pair) as ``Coordinates``."""
        if isinstance(value, Coordinates):
            return value
        if isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2:
            return cls(value[0], value[1])
        raise TypeError(f"{owner}: expected coordinates (x, y), got {value!r}")

    def compile_coordinates(self) -> list[float]:
        """Return ``[x, y]``."""
        return [self.x, self.y]

    def __iter__(self) -> Iterator[float]:
        return iter((self.x, self.y))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Coordinates):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)

    def __hash__(self) -> int:
        return hash((Coordinates, self.x, self.y))


class Shape(ABC, Immutable):
    """A legacy shape: compiles to its ``$geoWithin`` operator document."""

    __slots__ = ()

    @abstractmethod
    def compile_expression(self, *, context: Context = None) -> dict[str, Any]:
        """Return the shape operator document (``{"$box": ...}``)."""


class Box(Shape):
    """``$box``: the rectangle between the bottom-left and upper-right corners."""

    __slots__ = ("bottom_left_coordinates", "upper_right_coordinates")

    bottom_left_coordinates: Coordinates
    upper_right_coordinates: Coordinates

    def __init__(self, bottom_left_coordinates: Any, upper_right_coordinates: Any) -> None:
        self._assign(
            bottom_left_coordinates=Coordinates.of(bottom_left_coordinates, "Box"),
            upper_right_coordinates=Coordinates.of(upper_right_coordinates, "Box"),
        )

    def compile_expression(self, *, context: Context = None) -> dict[str, Any]:
        """Return ``{"$box": [[x1, y1], [x2, y2]]}``."""
        return {
            "$box": [
                self.bottom_left_coordinates.compile_coordinates(),
                self.upper_right_coordinates.compile_coordinates(),
            ]
        }


class Center(Shape):
    """``$center``: the circle of ``radius`` (in coordinate units) around ``(x, y)``."""

    __slots__ = ("radius", "x", "y")

    x: float
    y: float
    radius: float

    def __init__(self, x: float, y: float, radius: float) -> None:
        name = type(self).__name__
        if check_number(name, "radius", radius) < 0:
            raise ValueError(f"{name}: radius must not be negative, got {radius!r}")
        self._assign(x=check_number(name, "x", x), y=check_number(name, "y", y), radius=radius)

    def compile_expression(self, *, context: Context = None) -> dict[str, Any]:
        """Return ``{"$center": [[x, y], radius]}``."""
        return {"$center": [[self.x, self.y], self.radius]}


class CenterSphere(Center):
    """``$centerSphere``: the spherical circle of ``radius`` (in radians) around ``(x, y)``."""

    __slots__ = ()

    def compile_expression(self, *, context: Context = None) -> dict[str, Any]:
        """Return ``{"$centerSphere": [[x, y], radius]}``."""
        return {"$centerSphere": [[self.x, self.y], self.radius]}


class Polygon(Shape):
    """``$polygon``: the legacy polygon through ``points`` (at least 3; closed implicitly)."""

    __slots__ = ("points",)

    points: tuple[Coordinates, ...]

    def __init__(self, points: Sequence[Any]) -> None:
        coordinates = tuple(Coordinates.of(point, "Polygon") for point in points)
        if len(coordinates) < 3:
            raise ValueError(f"Polygon needs at least 3 points, got {len(coordinates)}")
        self._assign(points=coordinates)

    def compile_expression(self, *, context: Context = None) -> dict[str, Any]:
        """Return ``{"$polygon": [[x, y], ...]}``."""
        return {"$polygon": [point.compile_coordinates() for point in self.points]}
