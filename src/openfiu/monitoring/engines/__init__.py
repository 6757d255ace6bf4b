"""Engines run SQL over the canonical transactions. Only this package knows which engine
is in use; rules, features and the CLI talk to the :class:`Engine` protocol."""

from openfiu.monitoring.engines.base import Engine, EngineError

__all__ = ["Engine", "EngineError"]
