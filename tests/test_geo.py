"""GeoJSON geometries, legacy shapes, compile_geo: exact output, validation, server queries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pymongo.synchronous.database import Database

from gault import geo, shapes
from gault.compilers import compile_value

SQUARE = [(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)]
HOLE = [(1, 1), (2, 1), (2, 2), (1, 1)]
SQUARE_COORDINATES = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]

GEOMETRIES: list[tuple[geo.GeoJSON, dict[str, Any]]] = [
    (geo.Point(2.35, 48.85), {"type": "Point", "coordinates": [2.35, 48.85]}),
    (
        geo.LineString([geo.Point(0, 0), (1, 1)]),
        {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
    ),
    (
        geo.Polygon([SQUARE, HOLE]),
        {
            "type": "Polygon",
            "coordinates": [SQUARE_COORDINATES, [[1, 1], [2, 1], [2, 2], [1, 1]]],
        },
    ),
    (
        geo.Polygon([SQUARE], crs=geo.BIG_POLYGON_CRS),
        {
            "type": "Polygon",
            "coordinates": [SQUARE_COORDINATES],
            "crs": {"type": "name", "properties": {"name": geo.BIG_POLYGON_CRS}},
        },
    ),
    (
        geo.MultiPoint([(1, 2), shapes.Coordinates(3, 4)]),
        {"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]},
    ),
    (
        geo.MultiLineString([[(0, 0), (1, 1)], geo.LineString([(2, 2), (3, 3)])]),
        {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]], [[2, 2], [3, 3]]]},
    ),
    (
        geo.MultiPolygon([geo.Polygon([SQUARE]), [SQUARE]]),
        {"type": "MultiPolygon", "coordinates": [[SQUARE_COORDINATES], [SQUARE_COORDINATES]]},
    ),
    (
        geo.GeometryCollection([geo.Point(1, 2), geo.LineString([(0, 0), (1, 1)])]),
        {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Point", "coordinates": [1, 2]},
                {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
            ],
        },
    ),
]


@pytest.mark.parametrize(("geometry", "expected"), GEOMETRIES, ids=lambda v: type(v).__name__)
def test_geometry_compiles(geometry: geo.GeoJSON, expected: dict[str, Any]) -> None:
    assert geometry.compile_geometry() == expected
    assert geometry.compile_expression() == {"$geometry": expected}
    assert geo.compile_geo(geometry) == {"$geometry": expected}
    assert geo.compile_geojson(geometry) == expected
    assert compile_value({"loc": geometry}) == {"loc": expected}


SHAPES: list[tuple[shapes.Shape, dict[str, Any]]] = [
    (shapes.Box((0, 0), shapes.Coordinates(2, 3)), {"$box": [[0, 0], [2, 3]]}),
    (shapes.Center(1, 2, 5), {"$center": [[1, 2], 5]}),
    (shapes.CenterSphere(1, 2, 0.1), {"$centerSphere": [[1, 2], 0.1]}),
    (shapes.Polygon([(0, 0), (3, 6), (6, 0)]), {"$polygon": [[0, 0], [3, 6], [6, 0]]}),
]


@pytest.mark.parametrize(("shape", "expected"), SHAPES, ids=lambda v: type(v).__name__)
def test_shape_compiles(shape: shapes.Shape, expected: dict[str, Any]) -> None:
    assert shape.compile_expression() == expected
    assert geo.compile_geo(shape) == expected


def test_compile_geo_forms() -> None:
    point = {"type": "Point", "coordinates": [1, 2]}
    assert geo.compile_geo(point) == {"$geometry": point}
    assert geo.compile_geo({"$geometry": point}) == {"$geometry": point}
    assert geo.compile_geo({"$box": [[0, 0], [1, 1]]}) == {"$box": [[0, 0], [1, 1]]}
    assert geo.compile_geo(shapes.Coordinates(1, 2)) == {"$geometry": point}
    for bad in ([1, 2], {"type": "Circle"}, "here", None):
        with pytest.raises(TypeError, match="expected a GeoJSON geometry"):
            geo.compile_geo(bad)


def test_compile_geojson_forms() -> None:
    point = {"type": "Point", "coordinates": [1, 2]}
    assert geo.compile_geojson((1, 2)) == point
    assert geo.compile_geojson(shapes.Coordinates(1, 2)) == point
    assert geo.compile_geojson(point) == point
    with pytest.raises(TypeError, match="expected a GeoJSON geometry"):
        geo.compile_geojson(3)


def test_coordinates() -> None:
    coordinates = shapes.Coordinates(1, 2)
    assert list(coordinates) == [1, 2] and coordinates.compile_coordinates() == [1, 2]
    assert coordinates == shapes.Coordinates(1, 2)
    assert hash(coordinates) == hash(shapes.Coordinates(1, 2))
    assert geo.Point(1, 2) == geo.Point.of((1, 2), "test") and geo.Point(1, 2) != geo.Point(2, 1)
    with pytest.raises(AttributeError, match="immutable"):
        coordinates.x = 3


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: geo.Point(181, 0), ValueError, "Point: longitude x must be in [-180, 180]"),
        (lambda: geo.Point(0, -91), ValueError, "Point: latitude y must be in [-90, 90]"),
        (lambda: geo.Point("1", 0), TypeError, "Point: x (longitude) must be a number"),  # type: ignore[arg-type]
        (lambda: geo.Point(float("nan"), 0), ValueError, "Point: x (longitude) must be finite"),
        (lambda: geo.LineString([(0, 0)]), ValueError, "LineString needs at least 2 points"),
        (lambda: geo.LineString([(0, 0, 0), (1, 1)]), TypeError, "expected coordinates"),
        (
            lambda: geo.Polygon([[(0, 0), (1, 0), (1, 1), (0, 1)]]),
            ValueError,
            "Polygon: a ring must be closed",
        ),
        (
            lambda: geo.Polygon([[(0, 0), (1, 0), (0, 0)]]),
            ValueError,
            "Polygon: a ring needs at least 4 positions",
        ),
        (lambda: geo.Polygon([]), ValueError, "Polygon needs at least one ring"),
        (lambda: geo.Polygon([SQUARE], crs="EPSG:4326"), ValueError, "the only supported crs"),
        (lambda: geo.MultiPoint([]), ValueError, "MultiPoint needs at least one point"),
        (lambda: geo.MultiLineString([]), ValueError, "MultiLineString needs at least one"),
        (lambda: geo.MultiPolygon([]), ValueError, "MultiPolygon needs at least one polygon"),
        (lambda: geo.MultiPolygon([[SQUARE]], crs="x"), ValueError, "MultiPolygon: the only"),
        (lambda: geo.GeometryCollection([(1, 2)]), TypeError, "expected GeoJSON geometries"),  # type: ignore[list-item]
        (lambda: shapes.Center(0, 0, -1), ValueError, "Center: radius must not be negative"),
        (lambda: shapes.CenterSphere(0, "0", 1), TypeError, "CenterSphere: y must be a number"),  # type: ignore[arg-type]
        (lambda: shapes.Polygon([(0, 0), (1, 1)]), ValueError, "Polygon needs at least 3"),
        (lambda: shapes.Box((0, 0), "x"), TypeError, "Box: expected coordinates"),
        (lambda: shapes.Coordinates(True, 0), TypeError, "Coordinates: x must be a number"),
    ],
)
def test_bad_geometry(build: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        build()


#: The bundled server implements no geo query operator: "$geoWithin is not yet implemented"
#: and "unknown operator: $geoIntersects". These execution tests run against a real MongoDB.
PLACES = [
    {"_id": 1, "loc": geo.Point(1, 1).compile_geometry(), "xy": [1, 1]},
    {"_id": 2, "loc": geo.Point(3, 3).compile_geometry(), "xy": [3, 3]},
    {"_id": 3, "loc": geo.Point(10, 10).compile_geometry(), "xy": [10, 10]},
]


@pytest.mark.needs_mongodb
@pytest.mark.parametrize(
    ("field", "shape", "ids"),
    [
        pytest.param("loc", geo.Polygon([SQUARE]), [1, 2], id="geojson-polygon"),
        pytest.param("xy", shapes.Box((0, 0), (4, 4)), [1, 2], id="box"),
        pytest.param("xy", shapes.Center(0, 0, 2), [1], id="center"),
        pytest.param("xy", shapes.Polygon([(0, 0), (0, 5), (5, 0)]), [1], id="polygon"),
        pytest.param("xy", shapes.CenterSphere(10, 10, 0.01), [3], id="centerSphere"),
    ],
)
def test_server_geo_within(sync_db: Database[Any], field: str, shape: Any, ids: list[int]) -> None:
    sync_db.places.insert_many(PLACES)
    found = sync_db.places.find({field: {"$geoWithin": geo.compile_geo(shape)}}, sort=[("_id", 1)])
    assert [doc["_id"] for doc in found] == ids


@pytest.mark.needs_mongodb
def test_server_geo_intersects(sync_db: Database[Any]) -> None:
    sync_db.places.insert_many(PLACES)
    line = geo.LineString([(0, 0), (2, 2)])
    found = sync_db.places.find({"loc": {"$geoIntersects": geo.compile_geo(line)}})
    assert [doc["_id"] for doc in found] == [1]
