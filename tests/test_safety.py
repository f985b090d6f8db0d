"""Safe output: sanitised HTML, deterministic files, atomic swaps and a guarded output folder."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from paperdigest.build import build
from paperdigest.render.write import MARKER, OutputError, check_output_dir, safe_join

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
WEEK = "2025-06-23"

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<body onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "<img src=\"x\" onmouseover=\"alert(1)\">",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<style>body{display:none}</style>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<p title=\"</p><script>alert(1)</script>\">x</p>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<base href=\"javascript:alert(1)//\">",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "$<script>alert(1)</script>$",
    "<marquee onstart=alert(1)>x</marquee>",
    # SVG and MathML tricks
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">x</text></a></svg>",
    "<math><a xlink:href=\"javascript:alert(1)\">x</a></math>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<svg><style>@import 'https://evil.example/x.css';</style></svg>",
    "$\\href{javascript:alert(1)}{x}$",
    # quote breakouts and disguised schemes
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)' autofocus='",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "[x](javascript&colon;alert(1))",
    "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
    "![x](vbscript:msgbox(1))",
    "<img src=x:alert(1) onerror=eval(src)>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<x onclick=alert(1)>click</x>",
    "<img src=\"//evil.example/x.png\">",
    "<!--><script>alert(1)</script>-->",
]
OUR_SCRIPTS = {"application/ld+json"}
OUR_SCRIPT_SOURCES = ("static/site.js", "static/search.js", "static/copy.js")
# the theme's own search forms (header box, search page); user content may never carry a form
OUR_FORMS = "form.find, form#search-form"


def poisoned_sample(tmp_path: Path) -> Path:
    """The sample with every payload in every text field of one paper and of the issue."""
    src = tmp_path / "papers"
    shutil.copytree(SAMPLE, src)
    text = "\n\n".join(XSS_PAYLOADS)
    paper = {
        "title": {"ko": "위험한 제목 " + " ".join(XSS_PAYLOADS[:3]), "en": "Dangerous " + " ".join(XSS_PAYLOADS)},
        "arxiv": "2506.99999",
        "authors": ["<script>alert(1)</script>", "Eve \"><img src=x onerror=alert(1)>"],
        "tags": ["safety"],
        "links": {"more": [{"title": p, "url": "https://example.org/?q=\"><script>alert(1)</script>"} for p in XSS_PAYLOADS[:5]]},
        "summary": {"ko": text, "en": text},
        "abstract": {"ko": text, "en": text},
    }
    (src / WEEK / "evil.md").write_text("---\n" + yaml.safe_dump(paper, allow_unicode=True) + "---\n" + text + "\n",
                                        encoding="utf-8")
    issue_path = src / WEEK / "issue.md"
    front, body = issue_path.read_text(encoding="utf-8").split("\n---\n", 1)
    data = yaml.safe_load(front.removeprefix("---\n"))
    data["papers"].append("evil")
    data["themes"].append({"title": {"ko": XSS_PAYLOADS[0], "en": XSS_PAYLOADS[1]},
                           "summary": {"ko": text, "en": text}, "papers": ["evil"]})
    issue_path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + text + "\n", encoding="utf-8")
    return src


def is_topic_chart(svg) -> bool:
    """The topics page's own bar charts: one path of bars, nothing else, no attribute from the content."""
    paths = list(svg)
    return (set(svg.attrib) == {"viewbox", "aria-hidden"} and len(paths) == 1 and paths[0].tag == "path"
            and set(paths[0].attrib) == {"d"} and re.fullmatch(r"[Mvhz0-9 -]*", paths[0].get("d")) is not None)


def assert_inert(page: Path) -> None:
    doc = lxml_html.fromstring(page.read_bytes())
    for form in doc.cssselect(OUR_FORMS):
        assert form.get("action", "").endswith(("search/", "./")) and form.getparent().tag in ("div", "main"), page
        form.drop_tree()
    for script in doc.iter("script"):
        assert script.get("type") in OUR_SCRIPTS or (script.get("src") or "").endswith(OUR_SCRIPT_SOURCES), \
            f"{page}: foreign script {lxml_html.tostring(script)[:80]!r}"
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "svg" and is_topic_chart(element):
            continue
        assert element.tag not in {"iframe", "object", "embed", "form", "input", "base", "marquee", "svg"}, page
        if element.tag == "style" or (element.tag == "link" and element.get("rel") == "stylesheet"):
            assert element.getparent().tag == "head" and "javascript" not in (element.get("href") or ""), page
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{page}: {element.tag} has {name}"
            if name in ("href", "src", "action", "data", "content"):
                squeezed = "".join(value.split()).lower()
                assert not squeezed.startswith(("javascript:", "vbscript:", "data:")), f"{page}: {name}={value}"
                assert "url=javascript" not in squeezed, page
            assert name != "style", f"{page}: inline style on {element.tag}"


def test_xss_corpus_is_inert_on_every_page(tmp_path):
    assert len(XSS_PAYLOADS) >= 30
    src = poisoned_sample(tmp_path)
    result = build(src, tmp_path / "site", search=False)
    assert result.built, [str(p) for p in result.problems if p.is_error]
    pages = list((tmp_path / "site").rglob("*.html"))
    evil_pages = [p for p in pages if "evil" in p.as_posix() or "2025-06-23/index" in p.as_posix()]
    assert len(evil_pages) == 4
    for page in pages:
        assert_inert(page)
    # the text itself survives, escaped, so readers see what the editor wrote
    evil = (tmp_path / "site" / "en" / "issues" / WEEK / "evil" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in evil


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(sample_papers, tmp_path):
    first = build(sample_papers, tmp_path / "a", search=True)
    second = build(sample_papers, tmp_path / "b", search=True)  # its preview cards come from the cache
    assert first.built and second.built
    a, b = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    assert any(name.startswith("pagefind/") for name in a)


def test_killed_build_leaves_previous_site_intact(tmp_path, sample_archive):
    src = sample_archive(60)
    out = tmp_path / "site"
    assert build(shutil.copytree(SAMPLE, tmp_path / "one" / "papers"), out, search=False).built
    before = tree_digest(out)
    process = subprocess.Popen([sys.executable, "-m", "paperdigest", "build", "--src", str(src), "--out", str(out),
                                "--no-search"], cwd=tmp_path)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".site.staging-*")):
        assert time.monotonic() < deadline and process.poll() is None, "build finished before it could be killed"
        time.sleep(0.005)
    time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    # staging is short now that rendering comes first: the kill may land after the swap
    assert build(src, tmp_path / "expected", search=False).built
    assert tree_digest(out) in (before, tree_digest(tmp_path / "expected")), "a mixed site"
    # the next build clears the killed build's staging folder and succeeds
    assert build(src, out, search=False).built
    assert not list(tmp_path.glob(".site.staging-*"))
    assert (out / "issues" / "2024-05-06" / "index.html").is_file()


def test_one_process_builds_again_while_its_previous_old_site_is_still_being_removed(tmp_path):
    # serve's long-lived worker builds many times under one process id; the site its last
    # build replaced may still be on its way out (its marker already gone) when the next swap comes
    out = tmp_path / "site"
    assert build(SAMPLE, out, search=False).built
    leftover = tmp_path / f".site.old-{os.getpid()}"
    (leftover / "issues").mkdir(parents=True)
    (leftover / "issues" / "index.html").write_text("being removed")
    assert build(SAMPLE, out, search=False).built
    assert build(SAMPLE, out, search=False).built
    assert (out / MARKER).is_file()


def test_output_guard_refuses_unsafe_folders(tmp_path):
    src = tmp_path / "papers"
    shutil.copytree(SAMPLE, src)
    with pytest.raises(OutputError, match="inside the content folder"):
        check_output_dir(src / "site", src)
    with pytest.raises(OutputError, match="inside the content folder"):
        check_output_dir(src, src)
    with pytest.raises(OutputError, match="contains the content folder"):
        check_output_dir(tmp_path, src)
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("precious")
    with pytest.raises(OutputError, match="not made by paperdigest"):
        check_output_dir(foreign, src)
    with pytest.raises(OutputError, match="not a folder"):
        check_output_dir(foreign / "thesis.tex", src)
    check_output_dir(foreign, src, force=True)  # --force is the way out
    check_output_dir(tmp_path / "new", src)
    with pytest.raises(OutputError):
        safe_join(tmp_path, "../escape.html")
    with pytest.raises(OutputError):
        safe_join(tmp_path, "/etc/passwd")


def test_cli_keeps_foreign_folder_untouched(tmp_path):
    foreign = tmp_path / "out"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    run = subprocess.run([sys.executable, "-m", "paperdigest", "build", "--src", str(SAMPLE), "--out", str(foreign),
                          "--no-search"], capture_output=True, text=True)
    assert run.returncode == 1
    assert "not made by paperdigest" in run.stderr and "Traceback" not in run.stderr
    assert (foreign / "notes.txt").read_text() == "mine" and not (foreign / MARKER).exists()


def test_theme_override_and_new_page(tmp_path):
    src = tmp_path / "papers"
    shutil.copytree(SAMPLE, src)
    templates = tmp_path / "templates"
    (templates / "pages").mkdir(parents=True)
    (templates / "404.html").write_text(
        '{% extends "default/404.html" %}{% block main %}<h1>Lost at sea</h1>{% endblock %}', encoding="utf-8")
    (templates / "pages" / "about.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>About {{ site.title_text }}</h1>{% endblock %}', encoding="utf-8")
    (templates / "static").mkdir()
    (templates / "static" / "extra.css").write_text("body{}")
    assert build(src, tmp_path / "site", search=False).built
    assert "<h1>Lost at sea</h1>" in (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    about = lxml_html.fromstring((tmp_path / "site" / "en" / "about" / "index.html").read_bytes())
    assert about.findtext(".//h1") == "About AI/ML Papers of the Week"
    assert about.get("lang") == "en"
    assert (tmp_path / "site" / "static" / "extra.css").is_file()
    assert (tmp_path / "site" / "static" / "style.css").is_file()


def test_parallel_build_matches_single_process_build(tmp_path, sample_archive):
    src = sample_archive(4)
    one = build(src, tmp_path / "one", search=False, jobs=1)
    two = build(src, tmp_path / "two", search=False, jobs=2)
    assert one.built and two.built and one.files == two.files
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_template_error_in_any_worker_is_one_clear_line(tmp_path, jobs):
    src = tmp_path / "papers"
    shutil.copytree(SAMPLE, src)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "paper.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ paper.no_such_field }}\n{% endblock %}\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "paperdigest", "build", "--src", str(src), "--out",
                          str(tmp_path / "site"), "--no-search", "--jobs", jobs], capture_output=True, text=True)
    assert run.returncode == 1
    assert "templates/paper.html:3: template error:" in run.stderr and "no_such_field" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "site").exists() and not list(tmp_path.glob(".site.*"))
