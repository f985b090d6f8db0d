"""YAML values written as a person would, and edits that touch only the lines they fill.

An edit never rewrites a file: it replaces the line of an empty key or inserts new lines,
then parses the result and refuses it unless the data is exactly the old data plus the
filled fields (so comments, formatting and every written word stay as they were).
"""
from __future__ import annotations

import copy
import json
import textwrap
from pathlib import Path

import yaml

from ..content.source import Document, parse_yaml, split_front_matter
from ..problems import Problem
from .atom import ArxivError

WIDTH = 96


def scalar(text: str) -> str:
    """A one-line YAML double-quoted string (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def value_lines(value, indent: int) -> tuple[str, list[str]]:
    """What follows ``key:`` on its line, and the lines under it at ``indent``."""
    pad = " " * indent
    if isinstance(value, list):
        return "", [f"{pad}- {scalar(item)}" for item in value]
    if len(value) + indent > WIDTH and "\n" not in value and value == value.strip():
        # folded: the wrapped lines read back as one line of text (checked, as folding has corner cases)
        wrapped = [pad + line for line in textwrap.wrap(value, WIDTH - indent, break_long_words=False,
                                                        break_on_hyphens=False)]
        if yaml.safe_load("\n".join(["x: >-", *wrapped])) == {"x": value}:
            return ">-", wrapped
    return scalar(value), []


def entry(key: str, value, indent: int) -> list[str]:
    head, rest = value_lines(value, indent + 2)
    return [f"{' ' * indent}{key}:{' ' + head if head else ''}", *rest]


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def parse(path: Path, text: str) -> Document | None:
    problems: list[Problem] = []
    doc = split_front_matter(path, text, problems) if path.suffix == ".md" else parse_yaml(path, text, problems)
    return None if problems and doc is None else doc


def fill(path: Path, text: str, fills: dict[tuple[str, ...], object]) -> str:
    """``text`` with each (empty or absent) key of ``fills`` set; ArxivError if that cannot be done safely."""
    doc = parse(path, text)
    if doc is None:
        raise ArxivError(f"{path}: cannot read its YAML; run 'paperdigest check' and fix it first")
    lines = text.split("\n")
    end = _data_end(path, lines)
    edits: list[tuple[int, int, list[str]]] = []  # (first line index, lines replaced, new lines)
    for key, value in fills.items():
        if key in doc.lines:
            index = doc.lines[key] - 1
            indent = len(lines[index]) - len(lines[index].lstrip())
            edits.append((index, 1, entry(key[-1], value, indent)))
        elif len(key) == 2 and (key[0],) in doc.lines and isinstance(doc.data.get(key[0]), (dict, type(None))):
            index = doc.lines[(key[0],)] - 1
            indent = len(lines[index]) - len(lines[index].lstrip())
            edits.append((index + 1, 0, entry(key[-1], value, indent + 2)))
        elif len(key) == 2:
            edits.append((end, 0, [f"{key[0]}:", *entry(key[1], value, 2)]))
        elif key == ("authors",) and ("arxiv",) in doc.lines:
            edits.append((doc.lines[("arxiv",)], 0, entry("authors", value, 0)))
        else:
            edits.append((end, 0, entry(key[0], value, 0)))
    for index, count, new in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[index:index + count] = new
    result = "\n".join(lines)
    expected = copy.deepcopy(doc.data)
    for key, value in fills.items():
        target = expected
        for part in key[:-1]:
            if not isinstance(target.get(part), dict):
                target[part] = {}
            target = target[part]
        target[key[-1]] = value
    after = parse(path, result)
    if after is None or after.data != expected or after.body != doc.body:
        names = ", ".join(".".join(k) for k in fills)
        raise ArxivError(f"{path}: cannot fill {names} without touching what is written there; fill it by hand")
    return result


def _data_end(path: Path, lines: list[str]) -> int:
    """The index of the line after the front matter (its closing ``---``), or of the file's end."""
    if path.suffix == ".md":
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                return index
    return len(lines) - 1 if len(lines) > 1 and lines[-1] == "" else len(lines)
