"""gault: a typed Object Document Mapper for MongoDB, with async and sync managers.

The names most code needs are re-exported here. The public modules, by layer (each imports
only from the layers below it; see docs/architecture.md):

- managers: ``gault.managers``;
- mapping and pipelines: ``gault.mappers``, ``gault.tracking``, ``gault.pipelines``,
  ``gault.json``;
- models: ``gault.models``;
- query language: ``gault.predicates``, ``gault.updates``;
- values and expressions: ``gault.expressions``, ``gault.accumulators``,
  ``gault.window_aggregators``, ``gault.geo``, ``gault.shapes``;
- foundation: ``gault.compilers``, ``gault.interfaces``, ``gault.exceptions``,
  ``gault.sorting``, ``gault.pages``, ``gault.utils``.

Modules and packages whose name starts with an underscore are private.
"""

__version__ = "0.15.0"

from gault.accumulators import Accumulator, Sum
from gault.exceptions import (
    CompilationError,
    Conflict,
    Forbidden,
    GaultError,
    LoadWarning,
    NotFound,
    Unprocessable,
    ValidationError,
)
from gault.expressions import Var
from gault.managers import AsyncManager, Index, Manager, Persistence, StateTracker
from gault.mappers import Mapper, get_mapper
from gault.models import (
    Attribute,
    Model,
    Schema,
    configure,
    fields,
    get_collection,
    get_schema,
)
from gault.pages import Page
from gault.pipelines import CollectionPipeline, DocumentsPipeline, Pipeline
from gault.predicates import Expr, Field, JsonSchema, Query, Raw, Text

__all__ = [
    "Accumulator",
    "AsyncManager",
    "Attribute",
    "CollectionPipeline",
    "CompilationError",
    "Conflict",
    "DocumentsPipeline",
    "Expr",
    "Field",
    "Forbidden",
    "GaultError",
    "Index",
    "JsonSchema",
    "LoadWarning",
    "Manager",
    "Mapper",
    "Model",
    "NotFound",
    "Page",
    "Persistence",
    "Pipeline",
    "Query",
    "Raw",
    "Schema",
    "StateTracker",
    "Sum",
    "Text",
    "Unprocessable",
    "ValidationError",
    "Var",
    "__version__",
    "configure",
    "fields",
    "get_collection",
    "get_mapper",
    "get_schema",
]
