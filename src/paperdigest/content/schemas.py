"""The JSON Schemas of issue and paper front matter, shipped for editors.

The files live in ``schemas/``; their patterns are the validator's own (see
``checks``), and the tests keep the two in agreement.
"""
from __future__ import annotations

import json
from importlib import resources

KINDS = ("issue", "paper")


def schema_text(kind: str) -> str:
    """The JSON Schema (draft 2020-12) of ``issue`` or ``paper`` front matter, as text."""
    if kind not in KINDS:
        raise ValueError(f"expected one of {', '.join(KINDS)}, found {kind!r}")
    return resources.files(__package__).joinpath("schemas", f"{kind}.schema.json").read_text(encoding="utf-8")


def schema(kind: str) -> dict:
    """The parsed JSON Schema of ``kind``."""
    return json.loads(schema_text(kind))
