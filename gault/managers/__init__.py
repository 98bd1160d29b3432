"""The managers: ``AsyncManager`` (PyMongo's async driver) and ``Manager`` (sync).

Both have the same methods, signatures and semantics. ``aio.py`` is hand-written; ``sync.py``
is generated from it by ``scripts/unasync.py``; both are thin shells over ``_core``, which
plans every operation without I/O. ``Persistence`` and ``StateTracker`` are re-exported from
``gault.tracking``. ``FilterLike`` is what every ``filter`` argument takes; ``Filter`` is
its name in the Manager reference (and 0.14).
"""

from gault._support import publish
from gault.managers._filters import Filter, FilterLike, MongoQuery, Stage
from gault.managers._indexes import Index
from gault.managers.aio import AsyncManager
from gault.managers.sync import Manager
from gault.tracking import Persistence, StateTracker

__all__ = [
    "AsyncManager",
    "Filter",
    "FilterLike",
    "Index",
    "Manager",
    "MongoQuery",
    "Persistence",
    "Stage",
    "StateTracker",
]

publish(__name__, __all__, globals())
