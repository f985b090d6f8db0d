"""Draw one preview card: 1200x630, light background, the site's name, the week, the title.

The card is a pure function of its texts, the font files and LAYOUT_VERSION (raise it when
the drawing changes, so cached cards are redrawn). It is drawn as a palette image: every
colour is a 64-step ramp from the background, so antialiased text stays smooth while the
PNG holds one byte per pixel (smaller and faster to compress than RGB).
"""
from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageDraw

from .fonts import CardFonts, Glyphs

LAYOUT_VERSION = 1
CARD_WIDTH, CARD_HEIGHT = 1200, 630
BACKGROUND = (0xFB, 0xFA, 0xF7)
INK = {"text": (0x1D, 0x23, 0x2B), "muted": (0x59, 0x61, 0x70), "accent": (0x0B, 0x57, 0xC2)}
RULE = (0xDC, 0xD8, 0xD0)
RAMP = 64  # shades per ink between the background and the full colour
LEFT, RIGHT = 92, CARD_WIDTH - 72
RULE_Y = 532
ELLIPSIS = "…"
# a text's coverage (0-255) → its ink's palette index: one of RAMP shades from the background
SHADES = {ink: [0] + [1 + n * RAMP + (v >> 2) for v in range(1, 256)] for n, ink in enumerate(INK)}
INKED = [0] + [255] * 255  # where a text has any coverage at all
ACCENT = 3 * RAMP  # the accent's full colour (the last shade of its ramp)
RULE_INDEX = 3 * RAMP + 1


@dataclass(frozen=True)
class CardText:
    """Everything a card shows, as plain text in the page's language."""

    site: str
    kicker: str  # the week, with its paper count for an issue
    title: str
    themes: tuple[str, ...] = ()  # an issue's theme titles, numbered
    subtitle: str = ""  # a paper's original title, when the page is in another language
    footer: str = ""  # a paper's tags
    address: str = ""  # the site's address, bottom right


class CardPainter:
    """Draws cards with one set of fonts; faces are loaded on first use, in each worker process."""

    def __init__(self, fonts: CardFonts):
        self.fonts = fonts
        self._faces: dict[tuple[str, int], tuple] = {}

    def face(self, weight: str, size: int):
        """(FreeType font, its Glyphs) for ``weight`` ('bold' or 'regular') at ``size`` pixels."""
        key = (weight, size)
        if key not in self._faces:
            font = getattr(self.fonts, weight).load(size)
            self._faces[key] = (font, Glyphs(font))
        return self._faces[key]

    def png(self, card: CardText) -> bytes:
        canvas = Canvas()
        self._layout(card, canvas)
        out = io.BytesIO()
        canvas.image.putpalette(PALETTE)
        canvas.image.save(out, format="PNG", compress_level=6)
        return out.getvalue()

    def _layout(self, card: CardText, canvas: "Canvas") -> None:
        width = RIGHT - LEFT
        canvas.image.paste(ACCENT, (0, 0, 20, CARD_HEIGHT))
        canvas.image.paste(ACCENT, (LEFT, 66, LEFT + 24, 90))
        self._line(canvas, "accent", "bold", 32, LEFT + 40, 90, card.site, width - 40)
        y = self._line(canvas, "muted", "regular", 28, LEFT, 148, card.kicker, width) + 34

        below = 2 if card.themes or card.subtitle else 3
        size, lines = self._fit_title(card.title, width, below)
        font = self.face("bold", size)[0]
        for line in lines:
            y += round(size * 1.3)
            canvas.text("text", font, (LEFT, y - round(size * 0.3)), line)
        y += 26
        if card.subtitle:
            font, glyphs = self.face("regular", 30)
            for line in wrap(glyphs.keep(card.subtitle), font, width, 2):
                y += 42
                canvas.text("muted", font, (LEFT, y), line)
        room = (RULE_Y - 24 - y) // 42
        for n, theme in enumerate(card.themes[:room], start=1):
            y += 42
            self._line(canvas, "accent", "bold", 28, LEFT, y, str(n), 40)
            self._line(canvas, "text", "regular", 28, LEFT + 40, y, theme, width - 40)

        canvas.image.paste(RULE_INDEX, (LEFT, RULE_Y, RIGHT, RULE_Y + 2))
        right = RIGHT
        if card.address:
            font, glyphs = self.face("bold", 26)
            address = glyphs.keep(card.address)
            canvas.text("accent", font, (RIGHT, 588), address, anchor="rs")
            right = RIGHT - int(font.getlength(address)) - 32
        self._line(canvas, "muted", "regular", 26, LEFT, 588, card.footer, right - LEFT)

    def _line(self, canvas: "Canvas", ink: str, weight: str, size: int, x: int, y: int, text: str,
              width: int) -> int:
        """One line of text at baseline ``y``, shortened with an ellipsis to fit; returns ``y``."""
        font, glyphs = self.face(weight, size)
        lines = wrap(glyphs.keep(text), font, width, 1)
        if lines:
            canvas.text(ink, font, (x, y), lines[0])
        return y

    def _fit_title(self, title: str, width: int, most: int) -> tuple[int, list[str]]:
        """The largest size whose lines fit; at the smallest, as many lines as allowed, then an ellipsis."""
        for size, lines in ((64, most), (54, most + 1)):
            font, glyphs = self.face("bold", size)
            text = glyphs.keep(title)
            wrapped = wrap(text, font, width, lines)
            if size == 54 or not wrapped or not wrapped[-1].endswith(ELLIPSIS) or text.endswith(ELLIPSIS):
                return size, wrapped
        raise AssertionError("unreachable")


class Canvas:
    """A card being drawn: an image of palette indices. Each line of text is drawn on a crop of its own
    size and its coverage mapped to its ink's shades, so the work follows the text, not the card."""

    def __init__(self):
        self.image = Image.new("L", (CARD_WIDTH, CARD_HEIGHT), 0)

    def text(self, ink: str, font, xy: tuple[int, int], text: str, anchor: str = "ls") -> None:
        left, top, right, bottom = font.getbbox(text, anchor=anchor)
        if right <= left or bottom <= top:
            return
        coverage = Image.new("L", (right - left, bottom - top), 0)
        ImageDraw.Draw(coverage).text((-left, -top), text, font=font, fill=255, anchor=anchor)
        self.image.paste(coverage.point(SHADES[ink]), (xy[0] + left, xy[1] + top), coverage.point(INKED))


def _palette() -> bytes:
    colours = [BACKGROUND]
    for ink in INK.values():
        colours += [tuple(round(b + (c - b) * (k + 1) / RAMP) for b, c in zip(BACKGROUND, ink)) for k in range(RAMP)]
    colours.append(RULE)
    return bytes(channel for colour in colours for channel in colour)


PALETTE = _palette()


def clusters(text: str) -> list[str]:
    """``text`` split where a line may break inside a word: never inside a syllable or before a mark."""
    out: list[str] = []
    for char in text:
        if out and (unicodedata.combining(char) or "\u1160" <= char <= "\u11ff" or "\ud7b0" <= char <= "\ud7ff"
                    or char in "\u200d\ufe0f\ufe0e"):
            out[-1] += char
        else:
            out.append(char)
    return out


def wrap(text: str, font, width: int, most: int) -> list[str]:
    """Lines of at most ``width`` pixels, broken at spaces (Korean words stay whole) and, for a word
    longer than a line, between syllables; past ``most`` lines the last one ends with an ellipsis."""
    space = font.getlength(" ")
    lines: list[str] = []
    line, used = "", 0.0
    for word in text.split():
        size = font.getlength(word)
        if line and used + space + size <= width:
            line, used = f"{line} {word}", used + space + size
            continue
        if line:
            lines.append(line)
        line, used = word, size
        if size > width:  # longer than a line: break between syllables
            line = ""
            for piece in clusters(word):
                if line and font.getlength(line + piece) > width:
                    lines.append(line)
                    line = ""
                line += piece
            used = font.getlength(line)
        if len(lines) > most:
            break
    if line:
        lines.append(line)
    if len(lines) <= most:
        return lines
    return lines[:most - 1] + [ellipsize(lines[most - 1], font, width)]


def ellipsize(line: str, font, width: int) -> str:
    """``line`` shortened, cluster by cluster, until it fits with an ellipsis after it."""
    parts = clusters(line.rstrip())
    while parts and font.getlength("".join(parts).rstrip(" ,.;:·-") + ELLIPSIS) > width:
        parts.pop()
    return "".join(parts).rstrip(" ,.;:·-") + ELLIPSIS
