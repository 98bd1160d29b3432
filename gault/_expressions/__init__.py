"""Implementation of ``gault.expressions`` (public names are re-exported there).

The operator modules import ``base`` (which imports ``fluent``, the mixin of fluent methods);
``fluent`` imports none of them: once they are all loaded, their classes are registered with
it by name (``fluent.register``), which is what its methods build. No import order matters.
"""

from gault._expressions import (
    arithmetic,
    arrays,
    conversion,
    dates,
    fluent,
    logic,
    misc,
    strings,
    variables,
)

__all__: list[str] = []

fluent.register(
    getattr(module, name)
    for module in (arithmetic, arrays, conversion, dates, logic, misc, strings, variables)
    for name in module.__all__
    if isinstance(getattr(module, name), type)
)
