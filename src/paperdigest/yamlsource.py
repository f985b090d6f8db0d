"""Read source files: bytes → checked text → YAML data that remembers its lines.

Every value parsed here comes with a map from its key path (``("links", "more", 0)``)
to the 1-based line it was written on, so any later check can name the line.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:  # libyaml is about 25 times faster than the pure-Python loader
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

from .problems import Problem

MAX_FILE_BYTES = 1_000_000

KeyPath = tuple


@dataclass
class Document:
    """One parsed YAML mapping, its key lines, and the Markdown body after it."""

    path: Path
    data: dict
    lines: dict[KeyPath, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line(self, *key) -> int:
        """The line of ``key``, or of its nearest written parent, or of the top."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """The file's text, UTF-8 without BOM, LF line endings, NFC; None if unreadable."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(path, None, "", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(path, None, "", f"cannot read file: {exc.strerror or exc}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(
            path, line, "",
            f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}; save the file as UTF-8",
        ))
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        problems.append(Problem(path, text.count("\n", 0, text.index("\x00")) + 1, "",
                                "file contains a NUL character; is it a binary file?"))
        return None
    return unicodedata.normalize("NFC", text)


def parse_yaml(path: Path, text: str, problems: list[Problem], first_line: int = 1) -> Document | None:
    """Parse a YAML mapping; ``first_line`` is the file line where ``text`` starts."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        what = exc.problem or exc.context or "invalid YAML"
        problems.append(Problem(path, line, "", f"YAML syntax error: {what}"))
        return None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        # the constructors raise plain ValueError for a date such as 2025-02-30
        bad = _first_bad_timestamp(node)
        line = first_line + bad.start_mark.line if bad else first_line
        what = f"'{bad.value}' is not a real date" if bad else str(exc)
        problems.append(Problem(path, line, "", f"YAML error: {what}"))
        return None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.append(Problem(path, first_line, "", f"expected a mapping of keys, found {type_name(data)}"))
        return None
    doc = Document(path, data)
    doc.lines[()] = first_line
    _record_lines(node, (), doc, first_line, problems)
    return doc


def _first_bad_timestamp(node):
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":timestamp"):
            try:
                dt.date.fromisoformat(node.value[:10])
            except ValueError:
                return node
        return None
    children = node.value if isinstance(node, yaml.SequenceNode) else \
        [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else []
    for child in children:
        if (bad := _first_bad_timestamp(child)) is not None:
            return bad
    return None


def _record_lines(node, key: KeyPath, doc: Document, first_line: int, problems: list[Problem]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node.value)
            child = (*key, name)
            line = first_line + key_node.start_mark.line
            if name in seen:
                problems.append(Problem(doc.path, line, dotted(child), "duplicate key; only the last one would be kept"))
            seen.add(name)
            doc.lines[child] = line
            _record_lines(value_node, child, doc, first_line, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*key, index)
            doc.lines[child] = first_line + item.start_mark.line
            _record_lines(item, child, doc, first_line, problems)


def split_front_matter(path: Path, text: str, problems: list[Problem]) -> Document | None:
    """Split ``---`` YAML front matter from a Markdown body and parse it."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(path, 1, "", "expected YAML front matter starting with '---' on the first line"))
        return None
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        problems.append(Problem(path, 1, "", "front matter is not closed: add a line with '---' after it"))
        return None
    doc = parse_yaml(path, "\n".join(lines[1:end]), problems, first_line=2)
    if doc is not None:
        doc.body = "\n".join(lines[end + 1:]).strip("\n")
        doc.body_line = end + 2
    return doc


def load_document(path: Path, problems: list[Problem]) -> Document | None:
    """Read a ``.md`` (front matter + body) or ``.yaml`` file into a Document."""
    text = read_text(path, problems)
    if text is None:
        return None
    if path.suffix == ".md":
        return split_front_matter(path, text, problems)
    return parse_yaml(path, text, problems)


def dotted(key: KeyPath) -> str:
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def type_name(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.datetime):
        return "a datetime"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__
