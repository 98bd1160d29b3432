"""Implementation of ``gault.expressions`` (public names are re-exported there).

Import order matters and is fixed here: ``fluent`` first. It defines ``ExpressionsInterface``,
which ``base.ExpressionOperator`` subclasses, and only at its end imports the operator modules
whose classes its methods build; those import ``base``, which then finds ``fluent`` ready.
"""

from gault._expressions import fluent as fluent

__all__: list[str] = []
