"""axe-core accessibility audit of every kind of page, both languages, light and dark (issue 5, part 3).

axe-core comes from npm (``npm ci`` puts it in ./node_modules) and is injected into the page.
All of axe's default rules run (WCAG 2.x A/AA and best practices); zero violations allowed.
"""

from __future__ import annotations

import pytest

from .browser_support import KINDS, Site

pytestmark = [pytest.mark.browser, pytest.mark.standards]


def _fmt(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} [{v.get('helpUrl', '')}]")
        for node in v.get("nodes", [])[:8]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary[:300]}")
        if len(v.get("nodes", [])) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_axe_no_violations(page, served_site: Site, axe_source: str, kind, lang, scheme):
    site = served_site
    if lang not in site.languages:
        pytest.skip(f"site has no language {lang}")
    if kind not in site.kinds:
        pytest.fail(f"the built site has no {kind} page", pytrace=False)
    rel = site.rel(kind, lang)
    page.emulate_media(color_scheme=scheme)
    wait = "networkidle" if kind == "search" else "load"
    resp = page.goto(site.url(rel), wait_until=wait)
    assert resp is not None and resp.ok, f"/{rel}: HTTP {resp.status if resp else 'no response'}"
    if kind == "search":
        # Let a client-side search UI render its form before the audit.
        page.wait_for_timeout(300)
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))}));
        }"""
    )
    assert not result, f"axe: /{rel} ({scheme} mode) has {len(result)} violation(s):\n{_fmt(result)}"
