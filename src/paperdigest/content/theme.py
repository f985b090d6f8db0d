"""Check a site's own theme folder (``templates/`` beside ``papers/``) before anything is built.

Two things in it become output: ``pages/<name>.html`` becomes ``/<name>/``, and ``static/``
is copied to ``/static/``. So a page name must not take a built-in page's place, and no link
may reach outside the folder (``static/env.txt -> /proc/self/environ`` would publish secrets).
"""
from __future__ import annotations

import os
from pathlib import Path

from ..limits import is_inside, name_problem
from ..problems import Problem
from .checks import SLUG

#: Top-level names the build writes itself, in every language.
BUILT_IN_PAGES = frozenset({
    "index", "home", "search", "archive", "tags", "tag", "issues", "issue", "404", "not-found",
    "subscribe", "topics", "feeds", "feed", "atom", "rss", "sitemap", "robots", "static", "pagefind",
})


def check_theme(templates: Path, languages: tuple[str, ...], problems: list[Problem]) -> tuple[str, ...]:
    """The extra pages' names; every link leaving the folder and every bad page name is a problem."""
    if not templates.is_dir():
        return ()
    for link in outside_links(templates):
        problems.append(Problem(link, None, "", f"a link to {os.readlink(link)}, outside {templates}: "
                                                "theme files and pages must be real files inside the folder"))
    pages_dir = templates / "pages"
    if not pages_dir.is_dir() or pages_dir.is_symlink():
        return ()
    names = []
    for path in sorted(pages_dir.iterdir()):
        if not path.name.endswith(".html"):
            continue
        name = path.name.removesuffix(".html")
        if not SLUG.fullmatch(name):
            problems.append(Problem(path, None, "", f"expected a page name of lowercase letters, digits and "
                                                    f"hyphens (it becomes /<name>/), found '{name}'"))
        elif name in BUILT_IN_PAGES or name in languages:
            problems.append(Problem(path, None, "", f"'{name}' is the address of a built-in page or language; "
                                                    "rename the file"))
        elif problem := name_problem(name, "the page name"):
            problems.append(Problem(path, None, "", problem))
        else:
            names.append(name)
    return tuple(names)


def outside_links(folder: Path) -> list[Path]:
    """Symbolic links under ``folder`` (not followed) whose target is not inside it."""
    root = folder.resolve()
    found = []
    for parent, dirs, files in os.walk(folder):
        for name in sorted([*dirs, *files]):
            path = Path(parent) / name
            if path.is_symlink() and not is_inside(path, root):
                found.append(path)
    return found

