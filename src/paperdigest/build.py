"""One build, top to bottom: load everything, stop on errors, render, then write."""
from __future__ import annotations

import itertools
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .content import load_site
from .feeds import render_feeds
from .problems import Problem, has_errors
from .render import default_theme, make_environment, render_site
from .search import index_site
from .sitemap import render_robots, render_sitemap
from .write import check_output_dir, write_site


class TemplateProblem(Exception):
    """A theme template failed; the message names the template file and line."""


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    issues: int = 0
    papers: int = 0
    seconds: float = 0.0
    built: bool = False


def site_templates(src: Path) -> Path:
    """A site's own theme overrides live in ``templates/`` beside the content folder."""
    return src.resolve().parent / "templates"


def build(src: Path, out: Path, *, include_drafts: bool = False, strict: bool = False,
          force: bool = False, search: bool = True) -> BuildResult:
    started = time.perf_counter()
    site, problems = load_site(src, include_drafts=include_drafts)
    result = BuildResult(problems=problems)
    if site is None or has_errors(problems, strict):
        return result
    check_output_dir(out, src, force)
    own_templates = site_templates(src)
    env = make_environment(own_templates)
    extra_pages = tuple(sorted(p.stem for p in (own_templates / "pages").glob("*.html"))) \
        if (own_templates / "pages").is_dir() else ()
    outputs = itertools.chain(
        render_site(site, env, extra_pages),
        render_feeds(site, env),
        (render_sitemap(site), render_robots(site)),
    )
    static = [default_theme() / "static", own_templates / "static"]
    try:
        result.files = write_site(out, outputs, static, finish=index_site if search else None)
    except jinja2.TemplateError as exc:
        raise TemplateProblem(describe_template_error(exc)) from None
    result.issues = len(site.issues)
    result.papers = sum(len(issue.papers) for issue in site.issues)
    result.seconds = time.perf_counter() - started
    result.built = True
    return result


def describe_template_error(exc: jinja2.TemplateError) -> str:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
    where = f"{frames[-1].filename}:{frames[-1].lineno}: " if frames else ""
    return f"{where}template error: {exc}"
