"""arXiv: `new paper --fetch`, `fetch`, `import --fetch` against recorded answers on a loopback port."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from paperdigest.arxiv.atom import ArxivError
from paperdigest.arxiv.client import ARXIV_INTERVAL, ArxivClient, ArxivSettings
from paperdigest.arxiv.titles import find_by_title
from paperdigest.cli import main
from paperdigest.content.load import load_site

from conftest import BASE, FIXTURES, SAMPLE

WEEK = "2025-06-23"
# the real post, beside the repository (or its worktree) when it is there
SEED = next((p for p in (Path(os.environ.get("PAPERDIGEST_SEED", "/nonexistent")),
                         *(parent / "shared" / "seed" for parent in Path(__file__).resolve().parents[2:4]))
             if p.is_dir()), Path("/nonexistent"))


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def papers(tmp_path: Path) -> Path:
    """The base tree: site.yaml and one week, 2025-06-23, with a few papers."""
    return shutil.copytree(BASE, tmp_path / "papers")


# new paper --fetch ---------------------------------------------------------------------
def test_new_paper_fetch_fills_english_fields_and_leaves_korean_to_write(papers, fake_arxiv):
    result = run("new", "paper", "xolver", "--src", str(papers), "--week", WEEK, "--arxiv", "2506.14234", "--fetch")
    assert result.exit_code == 0, result.output
    path = papers / WEEK / "xolver.md"
    data = front_matter(path)
    assert data["title"] == {"ko": "", "en": "Xolver: Multi-Agent Reasoning with Holistic Experience Learning "
                                                "Just Like an Olympiad Team"}
    assert data["arxiv"] == "2506.14234"
    assert data["authors"] == ["Mina Hosseini", "Daniel Okafor", "Yuna Seo", "Pedro Alvarez"]
    abstract = data["abstract"]["en"]
    assert abstract.startswith("We let several language-model agents share one growing memory")
    assert "$\\mathcal{O}(k)$" in abstract and "$98\\%$" in abstract  # LaTeX kept as written
    assert "\n" not in abstract and "  " not in abstract  # arXiv's hard wraps are gone
    text = path.read_text(encoding="utf-8")
    assert "# arXiv: first version 2025-06-17" in text and "https://arxiv.org/pdf/2506.14234v1" in text
    assert "tags: []  # arXiv's primary category cs.CL suggests: nlp" in text
    # one request, identified, for exactly that id
    [request] = fake_arxiv.requests
    assert request.query["id_list"] == "2506.14234"
    assert request.headers["User-Agent"].startswith("paperdigest/")
    # the Korean title and abstract fail check until someone writes them
    _, problems = load_site(papers)
    errors = {(p.path.name, p.field) for p in problems if p.is_error}
    assert {("xolver.md", "title.ko"), ("xolver.md", "abstract.ko")} <= errors


def test_suggested_tag_becomes_a_tag_when_the_site_uses_it(papers, fake_arxiv):
    other = papers / WEEK / "alpha.md"
    other.write_text(other.read_text(encoding="utf-8").replace("tags: [", "tags: [computer-vision, "), encoding="utf-8")
    assert "computer-vision" in other.read_text(encoding="utf-8")
    assert run("new", "paper", "dolphin", "--src", str(papers), "--arxiv", "2505.14059", "--fetch").exit_code == 0
    assert front_matter(papers / WEEK / "dolphin.md")["tags"] == ["computer-vision"]


def test_many_authors_old_style_and_versioned_ids(papers, fake_arxiv):
    for pid, arxiv in (("bagel", "2505.14683"), ("maldacena", "hep-th/9711200"), ("xolver", "2506.14234v2")):
        result = run("new", "paper", pid, "--src", str(papers), "--arxiv", arxiv, "--fetch", "--yaml")
        assert result.exit_code == 0, result.output
    bagel = yaml.safe_load((papers / WEEK / "bagel.yaml").read_text(encoding="utf-8"))
    assert len(bagel["authors"]) == 30 and bagel["authors"][0] == "Aiko Tanaka" and bagel["authors"][-1] == "Dmitri Sokolov"
    old = yaml.safe_load((papers / WEEK / "maldacena.yaml").read_text(encoding="utf-8"))
    assert old["arxiv"] == "hep-th/9711200" and old["authors"] == ["Juan M. Maldacena"]
    assert "$AdS_5 \\times S^5$" in old["abstract"]["en"]
    text = (papers / WEEK / "xolver.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["title"]["en"].endswith("(revised)")  # the version asked for
    assert yaml.safe_load(text)["arxiv"] == "2506.14234v2"
    assert "first version 2025-06-17" in text
    assert [r.query["id_list"] for r in fake_arxiv.requests] == ["2505.14683", "hep-th/9711200", "2506.14234v2"]


@pytest.mark.parametrize(("arxiv", "answer", "message"), [
    ("2506.99999", None, "arXiv has no paper 2506.99999"),
    ("2506.1423", None, "arXiv refused the query: incorrect id format for 2506.1423"),
    ("2501.00017", None, "arXiv 2501.00017 was withdrawn: This paper has been withdrawn due to an error"),
    ("2506.14234", (503, {"Retry-After": "120"}, b"busy", 0), "arXiv is busy (HTTP 503): retry after 120 s"),
    ("2506.14234", (200, {}, (FIXTURES / "arxiv/responses/malformed.xml").read_bytes(), 0),
     "arXiv's answer is not valid Atom XML"),
    ("2506.14234", (200, {}, (FIXTURES / "arxiv/responses/empty.xml").read_bytes(), 2.0),
     "did not answer within 0.5 s"),
    ("2506.14234", (500, {}, b"oops", 0), "arXiv answered HTTP 500"),
])
def test_every_failure_is_one_line_and_writes_nothing(papers, fake_arxiv, monkeypatch, arxiv, answer, message):
    fake_arxiv.answer = answer
    monkeypatch.setenv("PAPERDIGEST_ARXIV_TIMEOUT", "0.5")
    before = snapshot(papers)
    result = run("new", "paper", "p", "--src", str(papers), "--arxiv", arxiv, "--fetch")
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert snapshot(papers) == before


def test_no_network_is_one_line(papers):
    before = snapshot(papers)  # the autouse fixture points arXiv at a closed local port
    result = run("new", "paper", "p", "--src", str(papers), "--arxiv", "2506.14234", "--fetch")
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert "cannot reach arXiv at 127.0.0.1:9" in result.output
    assert snapshot(papers) == before


def test_fetch_needs_an_id(papers):
    result = run("new", "paper", "p", "--src", str(papers), "--fetch")
    assert result.exit_code == 2 and "--fetch needs --arxiv ID" in result.output


# pacing ----------------------------------------------------------------------------------
def test_arxiv_org_is_never_asked_faster_than_every_three_seconds():
    assert ArxivSettings().interval == ARXIV_INTERVAL == 3.0
    assert ArxivSettings(base_url="https://export.arxiv.org/api/query", interval=0.1).interval == 3.0
    assert ArxivSettings.from_env({}).interval == 3.0
    assert ArxivSettings.from_env({"PAPERDIGEST_ARXIV_INTERVAL": "0.2"}, base_url="http://127.0.0.1:1/").interval == 0.2
    with pytest.raises(ArxivError, match="PAPERDIGEST_ARXIV_INTERVAL='soon' is not a number"):
        ArxivSettings.from_env({"PAPERDIGEST_ARXIV_INTERVAL": "soon"})


def test_requests_are_spaced_and_sequential(fake_arxiv):
    client = ArxivClient(ArxivSettings(base_url=fake_arxiv.url, interval=0.4))
    for title in ("Dolphin: Document Image Parsing", "FlexSelect", "GSO"):
        client.search_title(title)
    times = [r.at for r in fake_arxiv.requests]
    assert len(times) == 3 and all(b - a >= 0.39 for a, b in zip(times, times[1:]))


def test_commands_run_one_after_another_keep_the_spacing(papers, fake_arxiv, monkeypatch):
    monkeypatch.setenv("PAPERDIGEST_ARXIV_INTERVAL", "0.5")
    for pid, arxiv in (("a", "2506.15841"), ("b", "2505.23671"), ("c", "2505.14059")):
        assert run("new", "paper", pid, "--src", str(papers), "--arxiv", arxiv, "--fetch").exit_code == 0
    times = [r.at for r in fake_arxiv.requests]
    assert len(times) == 3 and all(b - a >= 0.49 for a, b in zip(times, times[1:]))
    assert (papers.parent / ".cache" / "paperdigest" / "arxiv-pace").is_file()


def test_title_search_takes_only_a_unique_exact_match(fake_arxiv):
    client = ArxivClient(ArxivSettings(base_url=fake_arxiv.url, interval=0))
    record, note = find_by_title(client, "how important are videos for training video LLMs")
    assert record is not None and record.id == "2506.06928" and note == ""
    record, note = find_by_title(client, "Attention Is Not All You Need Again")
    assert record is None and "2 arXiv papers share the title" in note
    assert "2507.04567" in note and "2507.05678" in note
    record, note = find_by_title(client, "Dolphin")  # a word of a title is not the title
    assert record is None and "2505.14059 'Dolphin: Document Image Parsing" in note
    assert fake_arxiv.requests[0].query["search_query"] == 'ti:"how important are videos for training video LLMs"'


# fetch ----------------------------------------------------------------------------------
@pytest.fixture
def seed_week(tmp_path: Path) -> Path:
    """The sample week without its authors, then GSO's written by a person and Xolver's empty."""
    src = shutil.copytree(SAMPLE, tmp_path / "papers")
    for path in (src / WEEK).iterdir():
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(line for line in lines if not line.startswith("authors:")), encoding="utf-8")
    for name, authors in (("gso.md", 'authors: ["Written By Hand"]  # ours'), ("xolver.md", "authors: []")):
        path = src / WEEK / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\narxiv:", f"\n{authors}\narxiv:", 1), encoding="utf-8")
    return src


def test_fetch_fills_only_what_is_missing_in_one_batched_request(seed_week, fake_arxiv):
    gso = (seed_week / WEEK / "gso.md").read_bytes()
    written = front_matter(seed_week / WEEK / "xolver.md")["abstract"]
    result = run("fetch", WEEK, "--src", str(seed_week))
    assert result.exit_code == 0, result.output
    assert len(fake_arxiv.requests) == 1
    asked = fake_arxiv.requests[0].query["id_list"].split(",")
    assert len(asked) == 10 and "2506.14234" in asked
    xolver = front_matter(seed_week / WEEK / "xolver.md")
    assert xolver["authors"] == ["Mina Hosseini", "Daniel Okafor", "Yuna Seo", "Pedro Alvarez"]
    assert xolver["abstract"] == written  # the person's text stays
    assert (seed_week / WEEK / "gso.md").read_bytes() == gso  # nothing missing: untouched
    assert "filled authors" in result.output
    assert yaml.safe_load((seed_week / WEEK / "mem1.yaml").read_text(encoding="utf-8"))["authors"][0] == "Lena Fischer"
    _, problems = load_site(seed_week)
    assert not [p for p in problems if p.is_error]


def test_fetch_keeps_comments_and_fills_an_empty_abstract(seed_week, fake_arxiv):
    path = seed_week / WEEK / "flexselect.md"
    text = path.read_text(encoding="utf-8")
    data = front_matter(path)
    start = text.index("  en: ", text.index("abstract:"))
    end = text.index("  ko:", start)
    text = text[:start] + '  en: ""  # to fetch\n' + text[end:]
    path.write_text(text, encoding="utf-8")
    end = text.index("  ko:", start)
    assert run("fetch", "--src", str(seed_week), "--missing").exit_code == 0
    after = path.read_text(encoding="utf-8")
    filled = front_matter(path)
    assert filled["abstract"]["en"].startswith("Long videos produce more visual tokens")
    assert filled["abstract"]["ko"] == data["abstract"]["ko"] and filled["title"] == data["title"]
    assert '  en: >-\n    Long videos produce' in after
    assert after.endswith(text[end:]) and after.startswith(text[:text.index("tags:")].split("\narxiv:")[0])


def test_fetch_dry_run_and_missing_write_nothing_and_ask_less(seed_week, fake_arxiv):
    before = snapshot(seed_week)
    result = run("fetch", WEEK, "--src", str(seed_week), "--dry-run", "--missing")
    assert result.exit_code == 0
    assert snapshot(seed_week) == before
    assert "xolver.md: would fill authors" in result.output
    assert "2505.23671" not in fake_arxiv.requests[0].query["id_list"]  # gso lacks nothing


def test_fetch_that_fails_writes_nothing(seed_week, fake_arxiv):
    fake_arxiv.answer = (503, {"Retry-After": "30"}, b"", 0)
    before = snapshot(seed_week)
    result = run("fetch", "--src", str(seed_week))
    assert result.exit_code == 1 and "retry after 30 s; nothing was written" in result.output
    assert snapshot(seed_week) == before


# import --fetch --------------------------------------------------------------------------
def test_import_fetch_finds_ids_by_title(tmp_path, fake_arxiv):
    out = tmp_path / "papers"
    out.mkdir()
    shutil.copyfile(BASE / "site.yaml", out / "site.yaml")
    result = run("import", str(FIXTURES / "posts" / "2025-07-07-plain.txt"), "--out", str(out), "--fetch")
    assert result.exit_code == 0, result.output
    week = out / "2025-07-07"
    assert front_matter(week / "tinysumm.md")["arxiv"] == "2507.01234"
    budget = front_matter(week / "budget-aware-reasoning-depth.md")
    assert budget["arxiv"] == "2507.03456" and budget["authors"] == ["Kim Minsu", "Jordan Lee"]
    assert "arXiv: tinysumm: found on arXiv as 2507.01234" in result.output


def test_import_fetch_of_the_seed_post_passes_check(tmp_path, fake_arxiv):
    posts = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    if not posts:
        pytest.skip("the seed post is not available")
    out = tmp_path / "papers"
    out.mkdir()
    shutil.copyfile(SAMPLE / "site.yaml", out / "site.yaml")
    result = run("import", str(posts[0]), "--out", str(out), "--fetch")
    assert result.exit_code == 0, result.output
    _, problems = load_site(out)
    assert [str(p) for p in problems if p.is_error] == []
    assert front_matter(out / WEEK / "xolver.md")["arxiv"] == "2506.14234"


def test_import_fetch_that_fails_writes_nothing(tmp_path):
    out = tmp_path / "papers"
    out.mkdir()
    result = run("import", str(FIXTURES / "posts" / "2025-07-07-plain.txt"), "--out", str(out), "--fetch")
    assert result.exit_code == 1 and "cannot reach arXiv" in result.output and "nothing was written" in result.output
    assert list(out.iterdir()) == []


def test_a_week_of_new_papers_filled_by_one_fetch(papers, fake_arxiv):
    ids = {"xolver": "2506.14234", "mem1": "2506.15841", "gso": "2505.23671", "bagel": "2505.14683",
           "maldacena": "hep-th/9711200"}
    for pid, arxiv in ids.items():
        assert run("new", "paper", pid, "--src", str(papers), "--arxiv", arxiv).exit_code == 0
    assert fake_arxiv.requests == []
    result = run("fetch", "--src", str(papers), "--missing")
    assert result.exit_code == 0, result.output
    [request] = fake_arxiv.requests
    assert set(request.query["id_list"].split(",")) == set(ids.values())  # the base papers lack nothing
    bagel = front_matter(papers / WEEK / "bagel.md")
    assert bagel["title"]["en"] == "Emerging Properties in Unified Multimodal Pretraining"
    assert len(bagel["authors"]) == 30 and bagel["abstract"]["en"].startswith("One decoder-only model")
    assert bagel["title"].get("ko", "") == "" and bagel["abstract"].get("ko", "") == ""  # still for a person to write


def test_fetch_finds_a_lost_id_by_title_and_lists_candidates_when_unsure(seed_week, fake_arxiv):
    xolver, gso = seed_week / WEEK / "xolver.md", seed_week / WEEK / "gso.md"
    xolver.write_text(xolver.read_text(encoding="utf-8").replace('arxiv: "2506.14234"\n', ""), encoding="utf-8")
    text = gso.read_text(encoding="utf-8").replace('arxiv: "2505.23671"\n', "")
    text = text.replace("GSO: Challenging Software Optimization Tasks for Evaluating SWE-Agents",
                        "Attention Is Not All You Need Again")
    gso.write_text(text, encoding="utf-8")
    result = run("fetch", "--src", str(seed_week), "--missing")
    assert result.exit_code == 0, result.output
    assert front_matter(xolver)["arxiv"] == "2506.14234"
    assert gso.read_text(encoding="utf-8") == text
    assert "2 arXiv papers share the title 'Attention Is Not All You Need Again'" in result.output
    assert "set 'arxiv' or 'links.paper' by hand" in result.output
