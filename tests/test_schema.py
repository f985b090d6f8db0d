"""The shipped JSON Schemas agree with the validator on valid and invalid front matter."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from conftest import BASE, SAMPLE, apply_case, case_names, load_case, make_tree, overlay_files
from paperdigest.content import checks
from paperdigest.cli import main
from paperdigest.content.issue import ISSUE_KEYS, THEME_KEYS
from paperdigest.content.load import load_site
from paperdigest.content.paper import LINK_KEYS, PAPER_KEYS
from paperdigest.content.schemas import schema, schema_text
from paperdigest.content import source as yamlsource
from paperdigest.content.source import read_text

VALIDATORS = {kind: Draft202012Validator(schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)
              for kind in ("issue", "paper")}
SCHEMA_CASES = [name for name in case_names() if load_case(name).get("schema")]


def kind_of(path: Path) -> str:
    return "issue" if path.name == "issue.md" else "paper"


def as_json(value, seen=()):
    """YAML data as JSON would hold it: dates as ISO text, keys as strings."""
    if id(value) in seen:
        return None  # an alias that contains itself
    if isinstance(value, dict):
        return {str(k): as_json(v, (*seen, id(value))) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(v, (*seen, id(value))) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, set)):
        return {"$unrepresentable": type(value).__name__}
    return value


def front_matter_data(path: Path):
    """The front matter as YAML reads it (any top-level type), with the loader's date handling."""
    problems = []
    text = read_text(path, problems)
    assert text is not None, problems
    if path.suffix == ".md":
        text = text.split("---\n")[1]
    return yaml.load(text, Loader=yamlsource._Loader)


def schema_errors(path: Path) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in VALIDATORS[kind_of(path)].iter_errors(as_json(front_matter_data(path)))]


def validator_errors(src: Path, path: Path) -> list[str]:
    _, problems = load_site(src)
    return [str(p) for p in problems if p.is_error and p.path == path]


@pytest.mark.parametrize("kind", ["issue", "paper"])
def test_schema_is_valid_draft_2020_12(kind):
    Draft202012Validator.check_schema(schema(kind))
    assert schema(kind)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema(kind)["additionalProperties"] is False


@pytest.mark.parametrize("kind", ["issue", "paper"])
def test_cli_prints_the_schema_as_json(kind):
    result = CliRunner().invoke(main, ["schema", kind])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(schema_text(kind))


def test_schema_rejects_unknown_kind():
    assert CliRunner().invoke(main, ["schema", "site"]).exit_code == 2
    with pytest.raises(ValueError):
        schema_text("site")


def test_schema_keys_are_the_validators_keys():
    assert tuple(schema("paper")["properties"]) == PAPER_KEYS
    assert tuple(schema("paper")["properties"]["links"]["properties"]) == LINK_KEYS
    assert tuple(schema("issue")["properties"]) == ISSUE_KEYS
    assert tuple(schema("issue")["properties"]["themes"]["items"]["properties"]) == THEME_KEYS


def test_schema_patterns_are_the_validators_patterns():
    paper, issue = schema("paper"), schema("issue")
    assert paper["properties"]["arxiv"]["pattern"] == checks.ARXIV.pattern
    assert paper["$defs"]["url"]["pattern"] == checks.URL.pattern
    assert paper["properties"]["tags"]["items"]["pattern"] == checks.SLUG.pattern
    assert paper["$defs"]["langMap"]["propertyNames"]["pattern"] == checks.LANGUAGE.pattern
    assert issue["properties"]["week"]["pattern"] == checks.DATE.pattern
    assert [a["pattern"] for a in issue["properties"]["published"]["anyOf"]] == \
        [checks.DATE.pattern, checks.DATETIME.pattern]


def _properties(node, where=""):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, sub in node.items():
            yield from _properties(sub, f"{where}.{key}" if key != "properties" else where)
    elif isinstance(node, list):
        for sub in node:
            yield from _properties(sub, where)


@pytest.mark.parametrize("kind", ["issue", "paper"])
def test_every_field_has_a_description(kind):
    fields = list(_properties(schema(kind)))
    assert len(fields) >= 8
    missing = [where for where, sub in fields if not (sub.get("description") or "$ref" in sub and len(sub) == 1)]
    assert missing == []


VALID_FILES = sorted(p for root in (SAMPLE, BASE) for p in root.glob("*/*") if p.suffix in (".md", ".yaml"))


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_valid_files_pass_the_schema(path):
    assert schema_errors(path) == []


@pytest.mark.parametrize("name", SCHEMA_CASES)
def test_schema_agrees_with_validator_on_invalid_fixture(name, tmp_path):
    src = apply_case(name, tmp_path / "papers")
    [rel] = overlay_files(name)  # a schema case changes exactly one file
    path = src / rel
    assert load_case(name)["schema"] == kind_of(path)
    by_validator = validator_errors(src, path)
    by_schema = schema_errors(path)
    # warnings-only cases are valid for both; every other case is invalid for both
    assert bool(by_validator) == bool(by_schema), (by_validator, by_schema)
    assert bool(by_validator) == (load_case(name)["exit"] == 1)


def test_there_are_enough_schema_cases():
    assert len(SCHEMA_CASES) >= 25
    assert {load_case(n)["schema"] for n in SCHEMA_CASES} == {"issue", "paper"}


# the same agreement on generated junk, key by key ------------------------------------

JUNK = ["5", "[1, \"x\"]", "{ko: 3}", "[a]", "null", "\"\"", "\" \"", "{}", "[[]]", "true", "2025-02-30",
        "2025-06-23", "2025-06-23T09:00:00", "2025-06-23T09:00:00+09:00", "\"2025-06-23\"", "{en: {ko: x}}",
        "[{url: 5}]", "[{url: \"https://a.example.org/\"}]", "[\"https://a.example.org/\"]", "-1.5e9",
        "!!binary aGk=", "&a [*a]", "\"2506.14234\"", "\"cs/0112017v2\"", "2506.14234", "\"arXiv:2506.14234\"",
        "{en: x, jp: y}", "{en: x, EN: y}", "\"https://x.example.org/a b\"", "\"http://x.example.org\"",
        "[ok-tag, 2]", "{paper: \"https://p.example.org/\"}", "{more: []}", "\"javascript:alert(1)\"",
        "{en: \"English text\"}", "[alpha]", "[]", "[alpha, alpha]", "[{title: {en: T}, summary: {en: S}, papers: [alpha]}]",
        "[{title: {en: T}, summary: {en: S}, papers: 5}]", "[{title: {en: T}}]"]

PAPER_BASE = {"title": '{ko: "제목", en: "Title"}', "arxiv": '"2506.01234"',
              "summary": '{ko: "소개", en: "Intro"}', "abstract": '{ko: "초록", en: "Abstract"}'}
ISSUE_BASE = {"week": "2025-06-23", "published": "2025-06-23"}


def front_matter(fields: dict, key: str, value: str) -> str:
    fields = dict(fields)
    top, _, sub = key.partition(".")
    fields[top] = f"\n  {sub}: {value}" if sub else value
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n"


@pytest.mark.parametrize("kind, key", [
    *[("paper", k) for k in ("title", "arxiv", "links", "authors", "tags", "summary", "abstract",
                             "links.paper", "links.more", "links.code")],
    *[("issue", k) for k in ("week", "published", "updated", "title", "papers", "draft", "themes")],
])
def test_schema_agrees_with_validator_on_junk(kind, key, tmp_path):
    src = make_tree(tmp_path / "papers", {"site.yaml": (BASE / "site.yaml").read_text(encoding="utf-8")})
    week = src / "2025-06-23"
    disagreements, outcomes = [], set()
    for junk in JUNK:
        if kind == "paper":
            files = {"issue.md": front_matter(ISSUE_BASE, "draft", "false"),
                     "alpha.md": front_matter(PAPER_BASE, key, junk)}
            path = week / "alpha.md"
        else:
            files = {"issue.md": front_matter(ISSUE_BASE, key, junk), "alpha.md": front_matter(PAPER_BASE, "x", "1")}
            files["alpha.md"] = files["alpha.md"].replace("x: 1\n", "")
            path = week / "issue.md"
        make_tree(week, files)
        if key in ("papers", "themes") and junk in ("[a]", "[\"https://a.example.org/\"]", "[ok-tag, 2]", "[]",
                                                    "[alpha, alpha]"):
            continue  # lists of papers: the validator also checks them against the files
        if junk == "{en: x, jp: y}" and key in ("title", "summary", "abstract"):
            continue  # the schema cannot know the site's languages
        validator = validator_errors(src, path)
        schema_found = schema_errors(path)
        outcomes.add(bool(validator))
        if bool(validator) != bool(schema_found):
            disagreements.append((junk, validator, schema_found))
    assert disagreements == []
    assert outcomes == {True, False}, "the junk must hold both valid and invalid values for each key"
