"""Preview cards (issue 15): one 1200x630 PNG per issue and paper page and language, in Open Graph tags,
set in a CJK font without missing glyphs, drawn again only when their inputs change."""
from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import unicodedata
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image

from conftest import SAMPLE, make_tree
from paperdigest.build import build
from paperdigest.cards import CARD_HEIGHT, CARD_WIDTH, CardPainter, CardText, find_fonts
from paperdigest.cards.draw import BACKGROUND, INK, clusters, wrap
from paperdigest.cards.fonts import NO_GLYPH
from paperdigest.content.load import load_site

SUB_BASE = "https://example.github.io/digest/"
KOREAN_TITLE = "Xolver: 올림피아드 팀처럼 경험을 쌓아 추론하는 다중 에이전트 — 읽고, 쓰고, 고치는 에이전트의 협업 학습"


@pytest.fixture(scope="module")
def fonts():
    return find_fonts(None, ("ko", "en"))


@pytest.fixture(scope="module")
def subpath_build(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("cards")
    src = shutil.copytree(SAMPLE, work / "papers")
    settings = src / "site.yaml"
    settings.write_text(re.sub(r"(?m)^base_url:.*$", f'base_url: "{SUB_BASE}"', settings.read_text("utf-8")), "utf-8")
    result = build(src, work / "site", search=False)
    assert result.built and not result.problems, [str(p) for p in result.problems]
    return src, work / "site"


def meta(page: Path) -> dict[str, str]:
    doc = lxml_html.fromstring(page.read_bytes())
    return {m.get("property") or m.get("name"): m.get("content") for m in doc.iter("meta")
            if m.get("property") or m.get("name")}


def card_pages(src: Path) -> list[tuple[str, str]]:
    """(language prefix, page path) of every issue and paper page of the content."""
    site, _ = load_site(src)
    paths = []
    for prefix in ("", "en/"):
        for issue in site.issues:
            paths.append(f"{prefix}issues/{issue.id}/")
            paths += [f"{prefix}issues/{issue.id}/{paper.id}/" for paper in issue.papers]
    return paths


def test_every_issue_and_paper_page_has_a_card_under_base_url(subpath_build):
    src, out = subpath_build
    pages = card_pages(src)
    assert len(pages) == 22
    for path in pages:
        card = out / path / "card.png"
        with Image.open(card) as image:
            assert (image.format, image.size) == ("PNG", (CARD_WIDTH, CARD_HEIGHT)), path
            image.verify()
        tags = meta(out / path / "index.html")
        assert tags["og:image"] == SUB_BASE + path + "card.png"
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
        assert tags["og:image:alt"] and tags["og:image:alt"] in (out / path / "index.html").read_text("utf-8")
        assert tags["twitter:card"] == "summary_large_image"
    # the home page shares the latest issue's card, in its language
    assert meta(out / "index.html")["og:image"] == SUB_BASE + "issues/2025-06-23/card.png"
    assert meta(out / "en" / "index.html")["og:image"] == SUB_BASE + "en/issues/2025-06-23/card.png"
    # list pages have no card of their own
    assert "og:image" not in meta(out / "archive" / "index.html")
    assert meta(out / "archive" / "index.html")["twitter:card"] == "summary"


def test_a_card_shows_its_page_language(subpath_build):
    _, out = subpath_build
    assert meta(out / "issues/2025-06-23/xolver/index.html")["og:image:alt"].startswith("Xolver: 올림피아드")
    assert meta(out / "en/issues/2025-06-23/xolver/index.html")["og:image:alt"].startswith("Xolver: Multi-Agent")
    ko, en = (out / p / "issues/2025-06-23/xolver/card.png" for p in ("", "en/"))
    assert ko.read_bytes() != en.read_bytes()


def png_chunks(data: bytes) -> list[str]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.append(kind.decode("ascii"))
        at += 12 + length
    return chunks


def test_cards_are_byte_stable_without_metadata(fonts):
    card = CardText(site="이번 주의 AI/ML 논문", kicker="2025년 6월 23일 ~ 29일", title=KOREAN_TITLE,
                    themes=("경험을 쌓는 에이전트", "Vision and language"), address="example.org")
    first, second = CardPainter(fonts).png(card), CardPainter(fonts).png(card)
    assert first == second
    assert set(png_chunks(first)) == {"IHDR", "PLTE", "IDAT", "IEND"}  # no tIME, tEXt or other metadata


def test_rebuilds_draw_only_new_or_changed_cards(sample_papers, tmp_path, monkeypatch):
    drawn: list[str] = []
    original = CardPainter.png

    def counting(self, card):
        drawn.append(card.title)
        return original(self, card)

    monkeypatch.setattr(CardPainter, "png", counting)
    assert build(sample_papers, tmp_path / "site", search=False, jobs=1).built
    assert len(drawn) == 22
    first = {p.relative_to(tmp_path / "site"): p.read_bytes() for p in (tmp_path / "site").rglob("card.png")}
    cache = Path(os.environ["PAPERDIGEST_CACHE_DIR"]) / "cards"
    kept = sorted(cache.rglob("*.png"))
    assert len(kept) == 22
    # the site's cards are the store's entries; entries are read-only
    assert sorted(first.values()) == sorted(p.read_bytes() for p in kept)
    assert all(p.stat().st_mode & 0o222 == 0 for p in kept)

    drawn.clear()
    assert build(sample_papers, tmp_path / "site", search=False, jobs=1).built
    assert drawn == []
    assert {p.relative_to(tmp_path / "site"): p.read_bytes() for p in (tmp_path / "site").rglob("card.png")} == first

    paper = sample_papers / "2025-06-23" / "gso.md"
    paper.write_text(paper.read_text("utf-8").replace("ko: \"GSO", "ko: \"새 제목 GSO", 1), "utf-8")
    assert "새 제목 GSO" in paper.read_text("utf-8")
    assert build(sample_papers, tmp_path / "site", search=False, jobs=1).built
    assert [title[:9] for title in drawn] == ["새 제목 GSO:"]


def test_a_cache_that_cannot_be_written_costs_only_redrawing(sample_papers, tmp_path):
    (tmp_path / ".cache").write_text("not a folder")
    result = build(sample_papers, tmp_path / "site", search=False)
    assert result.built and result.problems == []
    cards = list((tmp_path / "site").rglob("card.png"))
    assert len(cards) == 22 and all(p.read_bytes().startswith(b"\x89PNG") for p in cards)


def test_korean_title_has_every_glyph(fonts):
    for weight in ("bold", "regular"):
        font = getattr(fonts, weight).load(64)
        box = font.getmask(NO_GLYPH)
        missing = [ch for ch in KOREAN_TITLE if not ch.isspace()
                   and (font.getmask(ch).size, bytes(font.getmask(ch))) == (box.size, bytes(box))]
        assert missing == [], f"{weight}: no glyph for {missing}"
    # and the card with it is drawn: the title's ink is there
    painter = CardPainter(fonts)
    data = painter.png(CardText(site="사이트", kicker="주간", title=KOREAN_TITLE))
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (CARD_WIDTH, CARD_HEIGHT)
        assert len(image.getcolors(256)) > 20  # antialiased text, not an empty card


def test_characters_the_font_lacks_are_left_out_not_boxed(fonts):
    painter = CardPainter(fonts)
    _, glyphs = painter.face("bold", 64)
    assert glyphs.keep("추론 🔥 reasoning \U0001f9e0") == "추론  reasoning "
    assert glyphs.has("한") and glyphs.has("A") and not glyphs.has("🔥")


def test_korean_wraps_at_spaces_and_never_inside_a_syllable(fonts):
    font = fonts.bold.load(54)
    width = 600
    lines = wrap(KOREAN_TITLE, font, width, 10)
    assert len(lines) > 2
    assert all(font.getlength(line) <= width for line in lines)
    assert " ".join(lines) == " ".join(KOREAN_TITLE.split())  # broken only at spaces: every word whole
    # a word longer than a line breaks between syllables, decomposed (NFD) syllables included
    long_word = unicodedata.normalize("NFD", "가나다라마바사아자차카타파하" * 4)
    pieces = wrap(long_word, font, width, 10)
    assert len(pieces) > 1 and "".join(pieces) == long_word
    for piece in pieces:
        assert not ("\u1160" <= piece[0] <= "\u11ff"), "a line starts inside a syllable"
    assert len(clusters(unicodedata.normalize("NFD", "한글"))) == 2


def test_too_long_titles_end_with_an_ellipsis(fonts):
    font = fonts.bold.load(54)
    lines = wrap(KOREAN_TITLE * 3, font, 700, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 700 for line in lines)
    assert KOREAN_TITLE.startswith(" ".join(lines[:2]))


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_card_text_meets_wcag_aa_contrast(fonts):
    for ink, colour in INK.items():
        assert contrast(colour, BACKGROUND) >= 4.5, ink
    data = CardPainter(fonts).png(CardText(site="Site", kicker="Week", title="Title", footer="#tag",
                                           themes=("Theme",), address="example.org"))
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
        assert rgb.getpixel((CARD_WIDTH - 5, 5)) == BACKGROUND
        colours = {colour for _, colour in rgb.getcolors(256)}
    assert set(INK.values()) <= colours  # each text colour is drawn at full strength somewhere


NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def test_no_cjk_font_warns_once_and_leaves_cards_out(sample_papers, tmp_path, monkeypatch):
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_FONTS_CONF.format(cache=tmp_path / "fc-cache"), encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))  # a machine with no fonts at all
    result = build(sample_papers, tmp_path / "site", search=False)
    assert result.built
    assert [p.is_error for p in result.problems] == [False]
    assert "fonts-noto-cjk" in str(result.problems[0]) and "without preview cards" in str(result.problems[0])
    assert list((tmp_path / "site").rglob("*.png")) == []
    tags = meta(tmp_path / "site" / "issues" / "2025-06-23" / "index.html")
    assert "og:image" not in tags and tags["twitter:card"] == "summary"


def test_a_font_without_hangul_is_refused(sample_papers, tmp_path):
    latin = shutil.which("fc-match") and subprocess.run(
        ["fc-match", "--format", "%{file}", "DejaVu Sans"], capture_output=True, text=True).stdout
    if not latin or "DejaVu" not in latin:
        pytest.skip("no Latin-only font (DejaVu Sans) on this machine")
    with open(sample_papers / "site.yaml", "a", encoding="utf-8") as settings:
        settings.write(f"cards:\n  font: {latin}\n")
    result = build(sample_papers, tmp_path / "site", search=False)
    assert result.built and len(result.problems) == 1
    assert "cannot set ko text" in result.problems[0].message
    assert list((tmp_path / "site").rglob("*.png")) == []


def test_cards_false_turns_them_off(sample_papers, tmp_path):
    with open(sample_papers / "site.yaml", "a", encoding="utf-8") as settings:
        settings.write("cards: false\n")
    result = build(sample_papers, tmp_path / "site", search=False)
    assert result.built and result.problems == []
    assert list((tmp_path / "site").rglob("*.png")) == []
    assert not (tmp_path / ".cache").exists()


SITE = 'title: {ko: "사이트", en: "Site"}\nbase_url: "https://example.org/"\n'


@pytest.mark.parametrize("setting, expected", [
    ("cards: yes-please", "site.yaml:4: cards: expected true, false or a mapping with 'font', found 'yes-please'"),
    ("cards:\n  fonts: a.ttf", "site.yaml:5: cards.fonts: unknown key 'fonts'; did you mean 'font'?"),
    ("cards:\n  font: missing.ttf", "site.yaml:5: cards.font: font file not found: {root}/missing.ttf"),
    ("cards:\n  font: site.yaml", "site.yaml:5: cards.font: expected a font file (.ttf, .otf, .ttc, .otc), found 'site.yaml'"),
    ("cards:\n  font: 12", "site.yaml:5: cards.font: expected the path of a font file, found a number (12)"),
])
def test_bad_card_settings_are_precise_problems(tmp_path, setting, expected):
    src = make_tree(tmp_path / "papers", {"site.yaml": SITE + "languages: [ko, en]\n" + setting + "\n"})
    site, problems = load_site(src)
    assert site is None
    assert [str(p).replace(str(src.resolve()), "{root}").replace(str(src), "{root}") for p in problems] == \
        ["{root}/" + expected]
