"""Shared fixtures of the real-browser and standards suite (issue 5).

One build of the sample site per session, served by a loopback-only HTTP server
that this file starts and stops, and one headless Chromium per session.

Environment:

``PAPERDIGEST_REQUIRE_BROWSER=1``
    CI mode: every "skipped because Chromium/Java/node_modules is missing"
    becomes a failure, so CI never passes by skipping.
``PAPERDIGEST_CHROMIUM``
    Chromium executable (default ``/usr/bin/chromium``).
``PAPERDIGEST_TEST_SRC``
    content folder to build (default ``papers`` in the repository root).
``PAPERDIGEST_TEST_SITE``
    an already built site to test instead of building one (e.g. a large
    generated site); ``PAPERDIGEST_TEST_BASE_URL`` then gives its base URL
    when the content folder's ``site.yaml`` is not at hand.
``PAPERDIGEST_BROWSER_MAX_PAGES``
    how many pages the "every page" browser checks visit at most (default 400;
    every kind of page is always among them).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .browser_support import (
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    PageProblems,
    REPO,
    Site,
    build,
    make_site,
    require,
    serve,
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: needs headless Chromium (Debian's /usr/bin/chromium) and Playwright"
    )
    config.addinivalue_line(
        "markers", "search: needs the client-side search index (Pagefind) in the built site"
    )
    config.addinivalue_line(
        "markers", "standards: runs an external validator (Nu Html Checker, axe-core) on the built site"
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The sample site, built once per session (or PAPERDIGEST_TEST_SITE)."""
    given = os.environ.get("PAPERDIGEST_TEST_SITE")
    src_env = os.environ.get("PAPERDIGEST_TEST_SRC")
    src = Path(src_env) if src_env else REPO / "tests" / "fixtures" / "sample"
    if not src.is_absolute():
        src = REPO / src
    if given:
        root = Path(given).resolve()
        if not (root / "index.html").is_file():
            pytest.fail(f"PAPERDIGEST_TEST_SITE={given} has no index.html", pytrace=False)
        return make_site(root, src if src.is_dir() else None)

    if not src.is_dir():
        pytest.fail(f"content folder missing: {src}", pytrace=False)
    # a copy: the build keeps its preview cards beside the content folder, never in the repository
    work = tmp_path_factory.mktemp("browser-build")
    src = shutil.copytree(src, work / "papers")
    out = build(src, work / "site")
    return make_site(out, src)


# --------------------------------------------------------------------------- the server


@pytest.fixture(scope="session")
def served_site(site: Site):
    """The site served on 127.0.0.1 (loopback only, random port) under base_url's path."""
    with serve(site):
        yield site


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium per session, driven by Playwright."""
    require(os.access(CHROMIUM, os.X_OK), f"Chromium not installed ({CHROMIUM}); install it with: sudo apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python not installed (pip install playwright)")
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - report the launcher's message in one line
        pw.stop()
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        require(False, f"Chromium failed to start ({CHROMIUM}): {first}")
    try:
        yield b
    finally:
        b.close()
        pw.stop()


@pytest.fixture
def context_factory(browser):
    """New isolated browser contexts (closed after the test)."""
    contexts = []

    def make(**kwargs):
        kwargs.setdefault("viewport", {"width": 1280, "height": 900})
        kwargs.setdefault("locale", "ko-KR")
        ctx = browser.new_context(**kwargs)
        ctx.set_default_timeout(15_000)
        ctx.set_default_navigation_timeout(20_000)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(context_factory, served_site: Site):
    """A fresh page at 1280x900; ``page.problems`` collects console errors and failed requests."""
    pg = context_factory().new_page()
    pg.problems = PageProblems(pg, served_site)
    return pg


@pytest.fixture(scope="session")
def axe_source() -> str:
    require(AXE_JS.is_file(), f"axe-core not installed ({AXE_JS.relative_to(REPO)}); make test installs it when npm is present")
    return AXE_JS.read_text(encoding="utf-8")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
