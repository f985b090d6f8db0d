"""Reading source files: bytes → text → YAML data with the line of every key."""
from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from paperdigest.content import source as yamlsource
from paperdigest.content.source import (
    MAX_FILE_BYTES, InvalidDate, dotted, load_document, parse_yaml, read_text, split_front_matter,
)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


# read_text -------------------------------------------------------------------------

def test_read_text_strips_bom_and_normalises_line_endings(tmp_path):
    path = write(tmp_path, "a.yaml", b"\xef\xbb\xbfa: 1\r\nb: 2\rc: 3\n")
    problems = []
    assert read_text(path, problems) == "a: 1\nb: 2\nc: 3\n"
    assert problems == []


def test_read_text_composes_decomposed_hangul(tmp_path):
    nfd = unicodedata.normalize("NFD", "title: 논문")
    assert len(nfd) > len("title: 논문")
    text = read_text(write(tmp_path, "a.yaml", nfd), [])
    assert text == "title: 논문"
    assert unicodedata.is_normalized("NFC", text)


def test_non_utf8_names_line_and_byte_offset(tmp_path):
    path = write(tmp_path, "a.yaml", b"a: 1\nb: caf\xe9\n")
    problems = []
    assert read_text(path, problems) is None
    assert messages(problems) == [f"{path}:2: not valid UTF-8: byte 0xe9 at offset 11; save the file as UTF-8"]


def test_non_utf8_offset_counts_the_bom(tmp_path):
    path = write(tmp_path, "a.yaml", b"\xef\xbb\xbfa: \xc3\x28\n")
    problems = []
    assert read_text(path, problems) is None
    assert messages(problems) == [f"{path}:1: not valid UTF-8: byte 0xc3 at offset 6; save the file as UTF-8"]


def test_nul_character_is_refused(tmp_path):
    path = write(tmp_path, "a.yaml", b"a: 1\nb: \x00\n")
    problems = []
    assert read_text(path, problems) is None
    assert messages(problems) == [f"{path}:2: file contains a NUL character; is it a binary file?"]


def test_size_cap_is_a_module_constant(tmp_path, monkeypatch):
    assert MAX_FILE_BYTES == 1_000_000
    monkeypatch.setattr(yamlsource, "MAX_FILE_BYTES", 10)
    problems = []
    assert read_text(write(tmp_path, "a.yaml", "a: 1234567"), problems) == "a: 1234567"
    assert read_text(write(tmp_path, "b.yaml", "a: 12345678"), problems) is None
    assert messages(problems) == [f"{tmp_path / 'b.yaml'}: file is 11 bytes; the limit is 10"]


def test_unreadable_path_is_a_problem_not_an_exception(tmp_path):
    problems = []
    assert read_text(tmp_path / "missing.yaml", problems) is None
    assert len(problems) == 1 and "cannot read file" in problems[0].message


# parse_yaml ------------------------------------------------------------------------

DOC = """\
title:
  ko: 제목
  en: Title
links:
  more:
    - https://a.example.org/
    - title: B
      url: https://b.example.org/
tags: [a, b]
"""


def test_every_key_and_item_has_its_line():
    doc = parse_yaml(Path("x.yaml"), DOC, [])
    assert doc.lines[("title",)] == 1
    assert doc.lines[("title", "en")] == 3
    assert doc.lines[("links", "more", 0)] == 6
    assert doc.lines[("links", "more", 1)] == 7
    assert doc.lines[("links", "more", 1, "url")] == 8
    assert doc.lines[("tags", 1)] == 9


def test_first_line_offsets_every_line():
    doc = parse_yaml(Path("x.md"), DOC, [], first_line=2)
    assert doc.lines[("title", "en")] == 4
    assert doc.line() == 2


def test_line_falls_back_to_the_nearest_written_parent():
    doc = parse_yaml(Path("x.yaml"), DOC, [])
    assert doc.line("links", "more", 1, "title", "zz") == 7
    assert doc.line("summary", "ko") == 1


def test_key_line_not_value_line_for_block_values():
    doc = parse_yaml(Path("x.yaml"), "a: 1\nlinks:\n  code:\n    javascript:x\n", [])
    assert doc.line("links", "code") == 3


def test_duplicate_keys_are_reported_at_the_second_one():
    problems = []
    parse_yaml(Path("x.yaml"), "title:\n  en: A\n  ko: B\n  en: C\n", problems)
    assert messages(problems) == ["x.yaml:4: title.en: duplicate key (first on line 2); only this one would be kept"]


@pytest.mark.parametrize("text, line, message", [
    ('a: "open\nb: 1\n', 3, "YAML syntax error: while scanning a quoted scalar (line 1): found unexpected end of stream"),
    ("a: 1\n b: 2\n", 2, "YAML syntax error: mapping values are not allowed in this context"),
    ("a: [1, 2\nb: 3\n", 2, "YAML syntax error: while parsing a flow sequence (line 1): did not find expected ',' or ']'"),
    ("a: *nothing\n", 1, "YAML syntax error: found undefined alias"),
    ("a: !!python/object:os.system {}\n", 1,
     "YAML syntax error: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object:os.system'"),
])
def test_syntax_errors_carry_the_parsers_line(text, line, message):
    problems = []
    assert parse_yaml(Path("x.yaml"), text, problems, first_line=1) is None
    assert [(p.line, p.message) for p in problems] == [(line, message)]


@pytest.mark.parametrize("text, found", [("- a\n", "a list"), ("just text\n", "a string"), ("42\n", "a number")])
def test_top_level_must_be_a_mapping(text, found):
    problems = []
    assert parse_yaml(Path("x.yaml"), text, problems) is None
    assert messages(problems) == [f"x.yaml:1: expected a mapping of keys, found {found}"]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_document_is_an_empty_mapping(text):
    problems = []
    doc = parse_yaml(Path("x.yaml"), text, problems)
    assert (doc.data, problems) == ({}, [])


def test_impossible_date_stays_text_instead_of_failing_the_file():
    problems = []
    doc = parse_yaml(Path("x.yaml"), "a: 2025-02-30\nb: 2025-06-23\nc: 2025-06-30T25:00:00+09:00\n", problems)
    assert problems == []
    assert isinstance(doc.data["a"], InvalidDate) and doc.data["a"] == "2025-02-30"
    assert doc.data["b"] == dt.date(2025, 6, 23)
    assert isinstance(doc.data["c"], InvalidDate)


def test_datetime_with_offset_is_aware():
    doc = parse_yaml(Path("x.yaml"), "p: 2025-06-30T09:00:00+09:00\n", [])
    assert doc.data["p"].utcoffset() == dt.timedelta(hours=9)


def test_nested_aliases_do_not_explode():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    problems = []
    # 10^9 values once expanded: refused before anything walks them
    assert parse_yaml(Path("x.yaml"), "\n".join(lines) + "\n", problems) is None
    assert [p.message for p in problems] == [
        "YAML error: the aliases (*name) expand this document to over 100,000 values; write the values out"]
    # a few aliases of modest size are still fine
    assert parse_yaml(Path("x.yaml"), "\n".join(lines[:4]) + "\n", problems := []) is not None and problems == []


def test_deep_nesting_is_a_problem_not_a_crash():
    problems = []
    assert parse_yaml(Path("x.yaml"), "a: " + "[" * 5000 + "]" * 5000 + "\n", problems) is None
    assert len(problems) == 1 and problems[0].message.startswith("YAML")


# front matter ----------------------------------------------------------------------

def test_front_matter_body_and_body_line():
    problems = []
    doc = split_front_matter(Path("x.md"), "---\ntitle: {en: T}\n---\n\nBody **text**.\n", problems)
    assert problems == []
    assert doc.data == {"title": {"en": "T"}}
    assert doc.body == "Body **text**."
    assert doc.body_line == 4
    assert doc.lines[("title", "en")] == 2


def test_front_matter_may_close_with_dots():
    doc = split_front_matter(Path("x.md"), "---\na: 1\n...\nbody\n", [])
    assert (doc.data, doc.body) == ({"a": 1}, "body")


def test_front_matter_not_closed():
    problems = []
    assert split_front_matter(Path("x.md"), "---\na: 1\nbody\n", problems) is None
    assert messages(problems) == ["x.md:1: front matter is not closed: add a line with '---' after it"]


def test_front_matter_missing():
    problems = []
    assert split_front_matter(Path("x.md"), "# Title\n", problems) is None
    assert messages(problems) == ["x.md:1: expected YAML front matter starting with '---' on the first line"]


def test_syntax_error_in_front_matter_uses_the_file_line():
    problems = []
    split_front_matter(Path("x.md"), "---\na: 1\n b: 2\n---\n", problems)
    assert [p.line for p in problems] == [3]


def test_load_document_picks_the_format_by_suffix(tmp_path):
    md = load_document(write(tmp_path, "p.md", "---\na: 1\n---\nnote\n"), [])
    yml = load_document(write(tmp_path, "p.yaml", "a: 1\n"), [])
    assert (md.data, md.body, yml.data, yml.body) == ({"a": 1}, "note", {"a": 1}, "")


def test_dotted():
    assert dotted(("themes", 1, "papers", 0)) == "themes[1].papers[0]"
    assert dotted(("links", "code")) == "links.code"
    assert dotted(()) == ""
