"""Preview cards: 1200x630 PNG images for link previews (Open Graph), drawn with Pillow.

Knows nothing of pages or the model: it turns a card's texts into PNG bytes (``draw``),
finds and checks a font that can set them (``fonts``), and keeps drawn cards under the
sha256 of their inputs (``store``) so a rebuild draws only new or changed ones.
"""
from .draw import CARD_HEIGHT, CARD_WIDTH, CardPainter, CardText
from .fonts import CardFonts, FontFile, FontProblem, find_fonts
from .store import CardStore

__all__ = ["CARD_HEIGHT", "CARD_WIDTH", "CardFonts", "CardPainter", "CardStore", "CardText", "FontFile",
           "FontProblem", "find_fonts"]
