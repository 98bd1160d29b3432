"""The benchmarked libraries: one module each, plus where the peers come from.

Every module defines ``NAME``, ``VARIANTS`` (some of :data:`VARIANTS`), ``version()``, an
``open_<variant>(uri, database, data)`` per variant (a coroutine function for async ones) returning
the adapters of :mod:`bench.tasks`, and ``micro(uri, data)`` (maybe async) returning a
:class:`bench.micro.MicroSuite` (or ``None`` for raw PyMongo, whose "model" is the dict).

``pymongo`` and ``gault`` run in the runner's own interpreter; the peers run in their own
virtualenvs under ``bench/.venvs/``, installed from PyPI with the requirements below.
"""

from __future__ import annotations

__all__ = ["IN_PROCESS", "LIBRARIES", "MODULES", "PEERS", "VARIANTS"]

VARIANTS = ("sync", "sync-aggregate", "async")
"""Every variant a library may offer (``sync-aggregate``: raw PyMongo reading by aggregation)."""

MODULES: dict[str, str] = {
    "pymongo": "bench.libs.pymongo_raw",
    "gault": "bench.libs.gault_lib",
    "beanie": "bench.libs.beanie_lib",
    "odmantic": "bench.libs.odmantic_lib",
    "mongoengine": "bench.libs.mongoengine_lib",
}
"""Library name to the module implementing its adapters."""

LIBRARIES = tuple(MODULES)
"""Every library, in report order."""

IN_PROCESS = ("pymongo", "gault")
"""Libraries that run in the runner's interpreter (gault's own environment)."""

PEERS: dict[str, tuple[str, ...]] = {
    "beanie": ("beanie>=2,<3", "pymongo"),
    "odmantic": ("odmantic>=1,<2", "pymongo"),
    "mongoengine": ("mongoengine>=0.29,<0.30", "pymongo"),
}
"""Peer ODMs and the pip requirements of their virtualenvs (newest PyMongo each)."""
