"""Front matter as a person would write it: stable key order, Unicode as is, long text as block scalars."""
from __future__ import annotations

import datetime as dt
import re

import frontmatter
import yaml

WIDTH = 100


class _Dumper(yaml.SafeDumper):
    literal = False

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)  # indent lists under their key


def _width(value: str) -> int:
    """Display width: Hangul and other wide characters take two columns."""
    return len(value) + sum(1 for ch in value if ord(ch) >= 0x1100)


def _represent_str(dumper: _Dumper, value: str):
    if "\n" in value or dumper.literal and _width(value) > WIDTH:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if _width(value) > WIDTH:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _represent_datetime(dumper: _Dumper, value: dt.datetime):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dt.datetime, _represent_datetime)


class _LiteralDumper(_Dumper):
    literal = True


def dump_yaml(data: dict) -> str:
    """YAML that reads back to exactly ``data`` (folded where safe, literal where folding would change it)."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=WIDTH,
                     default_flow_style=False)
    if yaml.safe_load(text) != data:
        text = yaml.dump(data, Dumper=_LiteralDumper, allow_unicode=True, sort_keys=False, width=WIDTH,
                         default_flow_style=False)
    return text


class _Handler(frontmatter.YAMLHandler):
    def export(self, metadata, **kwargs):
        return dump_yaml(dict(metadata)).strip()


def _document(data: dict, body: str) -> str:
    post = frontmatter.Post(body.strip(), **data)
    text = frontmatter.dumps(post, handler=_Handler(), sort_keys=False)
    return text.rstrip("\n") + "\n"


def render_issue(data: dict, intro: str) -> str:
    return _document(data, intro)


BLANK_ARXIV = 'arxiv: ""  # TODO: the post had no link: write the arXiv id, or set links.paper instead'


def render_paper(data: dict, note: str) -> str:
    text = _document(data, note)
    return re.sub(r"(?m)^arxiv: (?:''|\"\")$", BLANK_ARXIV.replace("\\", "\\\\"), text, count=1)


SITE_DEFAULTS = {
    "title": "AI/ML papers of the week", "base_url": "https://example.org/", "languages": ["ko", "en"],
    "timezone": "Asia/Seoul", "author": "editors",
}


def render_site_yaml(settings: dict) -> str:
    """A site.yaml for a content folder that has none (``import`` into a new folder)."""
    values = {**SITE_DEFAULTS, **{k: v for k, v in settings.items() if v}}
    languages = list(values["languages"])
    data = {
        "title": {lang: values["title"] for lang in languages},
        "base_url": values["base_url"], "languages": languages,
        "timezone": values["timezone"], "author": values["author"],
    }
    return ("# Written by `paperdigest import`; see README.md for every setting.\n" + dump_yaml(data))
