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
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader

from ..limits import CONTROL, markdown_problem
from ..problems import Problem

#: Files larger than this many bytes are refused unread (a weekly issue is a few kB).
MAX_FILE_BYTES = 1_000_000
#: Values in one document with aliases expanded; a paper has about fifty.
MAX_YAML_VALUES = 100_000


class InvalidDate(str):
    """A scalar that looks like a YAML timestamp but is no real date (2025-02-30).

    It stays a string, so a text field may hold it, while a date field reports it.
    """


class _Loader(_BaseLoader):
    pass


def _construct_timestamp(loader, node):
    try:
        return _BaseLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return InvalidDate(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

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
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start  # in the file, counting any BOM
        line = raw.count(b"\n", 0, offset) + 1
        problems.append(Problem(
            path, line, "",
            f"not valid UTF-8: byte 0x{raw[offset]:02x} at offset {offset}; save the file as UTF-8",
        ))
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        problems.append(Problem(path, text.count("\n", 0, text.index("\x00")) + 1, "",
                                "file contains a NUL character; is it a binary file?"))
        return None
    if control := CONTROL.search(text):
        problems.append(Problem(path, text.count("\n", 0, control.start()) + 1, "",
                                f"file contains the invisible control character U+{ord(control.group()):04X}; "
                                "remove it"))
        return None
    return unicodedata.normalize("NFC", text)


def parse_yaml(path: Path, text: str, problems: list[Problem], first_line: int = 1) -> Document | None:
    """Parse a YAML mapping; ``first_line`` is the file line where ``text`` starts."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None and expanded_size(node) > MAX_YAML_VALUES:
            problems.append(Problem(path, first_line, "", f"YAML error: the aliases (*name) expand this document "
                                                          f"to over {MAX_YAML_VALUES:,} values; write the values out"))
            return None
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        problems.append(Problem(path, *_syntax_error(exc, text, first_line)))
        return None
    except RecursionError:
        problems.append(Problem(path, first_line, "", "YAML error: the data is nested too deeply"))
        return None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        problems.append(Problem(path, first_line, "", f"YAML error: {exc}"))
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
    try:
        _record_lines(node, (), doc, first_line, problems, set())
    except RecursionError:  # pragma: no cover - construct_document fails first
        pass
    return doc


def expanded_size(root) -> int:
    """How many values the document has with every alias written out (at most MAX_YAML_VALUES + 1).

    A few nested aliases ("billion laughs") stand for billions of values, and an alias inside
    its own anchor for infinitely many: any later walk over the data would never end.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = _children(node)
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = min(1 + sum(sizes[id(child)] for child in children), MAX_YAML_VALUES + 1)
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_nodes:  # an alias inside its own anchor
            return MAX_YAML_VALUES + 1
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


def _children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> tuple[int, str, str]:
    """The line and message of a parser error, naming where an open construct began."""
    mark = exc.problem_mark or exc.context_mark
    line = first_line + mark.line if mark else first_line
    what = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem and exc.context_mark:
        began = first_line + exc.context_mark.line
        what = f"{exc.context} (line {began}): {exc.problem}" if began != line else f"{exc.context}: {exc.problem}"
    if mark and "\t" in (text.split("\n")[mark.line:mark.line + 1] or [""])[0]:
        what += "; indent with spaces, YAML does not allow tabs"
    if (exc.problem or "").startswith("mapping values are not allowed") and mark:  # PyYAML and libyaml words
        # the classic: title: Xolver: Multi-Agent Reasoning  (the second ': ' starts a mapping)
        source = (text.split("\n")[mark.line:mark.line + 1] or [""])[0]
        key = source.split(":", 1)[0].strip() or "key"
        if ": " in source[:mark.column]:  # a second ': ' on the line, not a mis-indented key
            what += (f"; a value containing ': ' must be quoted: quote the value on line {line}"
                     f" ({key}: \"...\")")
    return line, "", f"YAML syntax error: {what}"


def _record_lines(node, key: KeyPath, doc: Document, first_line: int, problems: list[Problem],
                  visited: set[int]) -> None:
    # an alias (*name) reuses its anchor's node: walk each node once, or a few
    # nested aliases ("billion laughs") would make this walk take forever
    if id(node) in visited:
        return
    visited.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node.value)
            child = (*key, name)
            line = first_line + key_node.start_mark.line
            if name in seen:
                problems.append(Problem(doc.path, line, dotted(child),
                                        f"duplicate key (first on line {seen[name]}); only this one would be kept"))
            seen.setdefault(name, line)
            doc.lines[child] = line
            _record_lines(value_node, child, doc, first_line, problems, visited)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*key, index)
            doc.lines[child] = first_line + item.start_mark.line
            _record_lines(item, child, doc, first_line, problems, visited)


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
        if problem := markdown_problem(doc.body):
            problems.append(Problem(path, doc.body_line, "", f"the Markdown text after the front matter: {problem}"))
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
