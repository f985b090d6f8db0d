"""The font a card is set in: Noto Sans CJK found through fontconfig, or a file from site.yaml.

A card never shows a missing-glyph box: a font that cannot set the site's languages is
refused (the build warns and leaves cards out), and single characters it lacks (emoji,
rare symbols) are left out of the text.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

# fontconfig patterns for the default faces; fc-match answers with its best match, checked below
DEFAULT_PATTERNS = {"bold": "Noto Sans CJK KR:weight=bold", "regular": "Noto Sans CJK KR:weight=regular"}
INSTALL_HINT = "install Noto Sans CJK (Debian/Ubuntu: apt-get install fonts-noto-cjk) or set cards.font in site.yaml"
# characters each language's card needs the font to have
PROBES = {"ko": "한국어", "ja": "日本語かな", "zh": "中文", "en": "Aa"}
NO_GLYPH = "\U0010ffff"  # a noncharacter: no font maps it, so it draws the missing-glyph box


class FontProblem(Exception):
    """No usable font; the message says what to install or set."""


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0  # the face within a collection (.ttc)

    def load(self, size: int) -> ImageFont.FreeTypeFont:
        # basic layout: the same glyph positions with or without libraqm, so cards are byte-stable
        return ImageFont.truetype(str(self.path), size, index=self.index, layout_engine=ImageFont.Layout.BASIC)


@dataclass(frozen=True)
class CardFonts:
    bold: FontFile
    regular: FontFile
    digest: str  # sha256 of both files' bytes and faces: the fonts' part of a card's key


def find_fonts(configured: Path | None, languages: tuple[str, ...]) -> CardFonts:
    """The configured font file for every text, else Noto Sans CJK bold and regular from fontconfig.

    Raises FontProblem when no font can set every language of the site.
    """
    if configured is not None:
        bold = regular = FontFile(configured)
    else:
        bold, regular = (_fc_match(DEFAULT_PATTERNS[weight]) for weight in ("bold", "regular"))
        if bold is None or regular is None:
            raise FontProblem(f"no CJK font found for preview cards; {INSTALL_HINT}")
    for face in dict.fromkeys((bold, regular)):
        _check_face(face, languages)
    digest = hashlib.sha256()
    for face in (bold, regular):
        with open(face.path, "rb") as file:
            digest.update(hashlib.file_digest(file, "sha256").digest())
        digest.update(str(face.index).encode())
    return CardFonts(bold, regular, digest.hexdigest())


def _fc_match(pattern: str) -> FontFile | None:
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        found = subprocess.run([fc_match, "--format", "%{file}\n%{index}", pattern], capture_output=True,
                               text=True, timeout=30, check=False).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return None
    if len(found) < 2 or not found[0] or not Path(found[0]).is_file():
        return None
    return FontFile(Path(found[0]), int(found[1]) if found[1].isdigit() else 0)


def _check_face(face: FontFile, languages: tuple[str, ...]) -> None:
    try:
        font = face.load(32)
    except OSError as exc:
        raise FontProblem(f"cannot read font {face.path} for preview cards ({exc}); {INSTALL_HINT}") from None
    glyphs = Glyphs(font)
    for lang in languages:
        lacking = [ch for ch in PROBES.get(lang, "") if not glyphs.has(ch)]
        if lacking:
            raise FontProblem(f"font {face.path} cannot set {lang} text (no glyph for {''.join(lacking)!r}) "
                              f"in preview cards; {INSTALL_HINT}")


class Glyphs:
    """Which characters a font draws: a character whose mask is the missing-glyph box is absent."""

    def __init__(self, font: ImageFont.FreeTypeFont):
        self.font = font
        box = font.getmask(NO_GLYPH)
        self._box = (box.size, bytes(box))
        self._known: dict[str, bool] = {}

    def has(self, char: str) -> bool:
        known = self._known.get(char)
        if known is None:
            if char.isspace():
                known = True
            else:
                mask = self.font.getmask(char)
                known = (mask.size, bytes(mask)) != self._box
            self._known[char] = known
        return known

    def keep(self, text: str) -> str:
        """``text`` without the characters the font cannot draw."""
        return "".join(ch for ch in text if self.has(ch))
