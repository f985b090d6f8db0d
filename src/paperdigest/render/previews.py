"""Preview cards for link unfurls: which card each page gets, its texts, and its Open Graph image.

Cards are outputs like pages: an issue's unit yields its issue and paper cards in every
language, so they are drawn in the same worker processes. Each card is looked up in the
store by the sha256 of its inputs first; only new or changed cards are drawn.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import PIL

from ..cards import CARD_HEIGHT, CARD_WIDTH, CardPainter, CardStore, CardText
from ..cards.draw import LAYOUT_VERSION
from ..model import Issue, Paper, SiteConfig
from . import urls
from .i18n import format_week
from .markup import to_plain_text

CARD_FILE = "card.png"


@dataclass(frozen=True)
class Previews:
    painter: CardPainter
    store: CardStore

    def key(self, card: CardText) -> str:
        """A card's identity: its texts, the font files, the layout and the drawing library."""
        inputs = {"card": asdict(card), "fonts": self.painter.fonts.digest, "layout": LAYOUT_VERSION,
                  "pillow": PIL.__version__}
        return hashlib.sha256(json.dumps(inputs, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()

    def card_file(self, card: CardText) -> bytes | Path:
        """The card's file in the store (drawn and kept first if new), or its bytes if it cannot be kept."""
        key = self.key(card)
        kept = self.store.path(key)
        if kept is None:
            data = self.painter.png(card)
            self.store.put(key, data)
            kept = self.store.path(key) or data
        return kept


def issue_card(views, issue: Issue, view: dict) -> CardText:
    """An issue's card: its week and paper count, its title and its theme titles."""
    return CardText(
        site=views.site["title_text"], kicker=f"{format_week(issue.week, views.lang)} · {view['count']}",
        title=view["title_text"], themes=tuple(to_plain_text(theme["title"]["html"]) for theme in view["themes"]),
        address=address(views.config.base_url),
    )


def paper_card(views, issue: Issue, paper: Paper, view: dict) -> CardText:
    """A paper's card: its issue's week, its title and, on pages in another language, the original title."""
    subtitle = to_plain_text(view["original_title"]) if view["original_title"] else ""
    return CardText(
        site=views.site["title_text"], kicker=format_week(issue.week, views.lang), title=view["title_text"],
        subtitle=subtitle, footer=" ".join(f"#{views.tag_name(tag)}" for tag in paper.tags), address=address(views.config.base_url),
    )


def card_path(page_path: str) -> str:
    return page_path + CARD_FILE


def image_meta(config: SiteConfig, page_path: str, card: CardText) -> dict:
    """What a page's Open Graph tags say about its card; the alt text is the card's main text, its title
    (issue pages count against a byte budget, and the title already names the week)."""
    return {"url": urls.absolute(config.base_url, card_path(page_path)), "width": CARD_WIDTH,
            "height": CARD_HEIGHT, "alt": card.title}


def address(base_url: str) -> str:
    """The site's address as people say it: host and path, no scheme or trailing slash."""
    parts = urlsplit(base_url)
    return (parts.netloc + parts.path).rstrip("/")
