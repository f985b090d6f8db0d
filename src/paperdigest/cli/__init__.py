"""The command line: with serve/, the only code that prints, exits or listens.

``common`` holds the command group; ``site`` (check, build, clean, serve) and ``authoring``
(init, new, fetch, schema, import, export) add their commands to it when imported.
"""
from . import authoring, site  # noqa: F401  (each adds its commands to main)
from .common import main

__all__ = ["main"]
