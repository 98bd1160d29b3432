"""gault: a typed Object Document Mapper for MongoDB, with async and sync managers."""

__version__ = "0.15.0"

__all__ = ["__version__"]
