"""The query language's implementation (layer 2): field operators, geo operators, predicate
classes and the field reference. Public home: ``gault.predicates`` and ``gault.updates``."""
