"""Template views: plain dicts built from the model for one language.

Templates get these, never the model, so presentation stays in templates and
every decision (fallbacks, link targets, metadata) is made here in Python.
"""
from __future__ import annotations

import json
import re

from ..model import Issue, LangMap, Paper, SiteConfig
from . import urls
from .i18n import format_date, language_name, strings
from .markup import render_inline, render_markdown, to_plain_text


class Views:
    """Views for one site and one language; pure functions of (model, settings)."""

    def __init__(self, config: SiteConfig, lang: str):
        self.config = config
        self.lang = lang
        self.t = strings(lang)
        # the page language first, then the site's order, for fallbacks
        self.order = (lang, *[code for code in config.languages if code != lang])
        # one language's views are asked for again on many pages (nav, archive, tags)
        self._issue_summaries: dict[str, dict] = {}
        self._tag_names = {slug: config.tag_name(slug, lang) for slug, _ in config.tag_names}
        self.site = self._site()

    def _site(self) -> dict:
        """What every page says about the site: title, feeds, navigation."""
        title = self.text(self.config.title, inline=True)
        description = self.text(self.config.description) if self.config.description else None
        return {
            "title": title, "title_text": to_plain_text(title["html"]) if title else "",
            "description_text": to_plain_text(description["html"]) if description else "",
            "home": self.path(), "lang": self.lang, "author": self.config.author,
            "feeds": {kind: self.path() + name for kind, name in
                      (("rss", "feed.xml"), ("atom", "atom.xml"), ("json", "feed.json"))},
            "static": "static/", "subscribe": self.path("subscribe"), "topics": self.path("topics"),
            "opensearch": self.path() + "opensearch.xml",
            "nav": [{"key": key, "path": self.path(*parts)} for key, parts in
                    (("home", ()), ("archive", ("archive",)), ("tags", ("tags",)), ("search", ("search",)))],
        }

    def path(self, *parts: str) -> str:
        return urls.page_path(self.lang, self.config.default_language, *parts)

    # text ------------------------------------------------------------------
    def text(self, value: LangMap, inline: bool = False) -> dict | None:
        picked = value.pick(self.lang, self.order[1:])
        if picked is None:
            return None
        source, lang = picked
        html = render_inline(source) if inline else render_markdown(source)
        return {"html": html, "lang": lang, "fallback": lang != self.lang,
                "note": self.t["fallback"].format(lang=language_name(lang))}

    def others(self, value: LangMap, shown: str) -> list[dict]:
        """The texts of ``value`` in languages other than the one shown, for a collapsed block."""
        return [{"html": render_markdown(text), "lang": code, "language": language_name(code)}
                for code, text in value.items if code != shown]

    # issues and papers -----------------------------------------------------
    def issue_summary(self, issue: Issue) -> dict:
        if issue.id not in self._issue_summaries:
            self._issue_summaries[issue.id] = self._issue_summary(issue)
        return self._issue_summaries[issue.id]

    def _issue_summary(self, issue: Issue) -> dict:
        title = self.text(issue.title, inline=True)
        return {
            "id": issue.id, "path": self.path("issues", issue.id), "title": title,
            "title_text": to_plain_text(title["html"]),
            "date": format_date(issue.published.date(), self.lang),
            "date_iso": issue.published.isoformat(),
            "week": issue.week.isoformat(), "year": issue.week.year,
            "count": self.t["papers_count"].format(n=len(issue.papers)),
            "paper_titles": [to_plain_text(self.text(p.title, inline=True)["html"]) for p in issue.papers],
        }

    def issue(self, issue: Issue) -> dict:
        view = dict(self.issue_summary(issue))
        view["themes"] = [
            {"title": self.text(theme.title, inline=True), "summary": self.text(theme.summary),
             "papers": [self._theme_paper(issue, pid) for pid in theme.paper_ids if issue.paper(pid)]}
            for theme in issue.themes
        ]
        view["papers"] = [self.paper(paper, issue) for paper in issue.papers]
        view["intro"], view["body_lang"] = self._body_text(issue.intro)
        return view

    def _theme_paper(self, issue: Issue, paper_id: str) -> dict:
        title = self.text(issue.paper(paper_id).title, inline=True)
        return {"id": paper_id, "title": title, "short": short_name(title)}

    def paper_entry(self, paper: Paper, issue: Issue) -> dict:
        """What a list of papers (tag pages) shows: titles and where to go."""
        title = self.text(paper.title, inline=True)
        original = paper.title.get("en")
        return {
            "id": paper.id, "path": self.path("issues", issue.id, paper.id), "title": title,
            "original_title": render_inline(original) if original and title["lang"] != "en" else None,
            "issue_path": self.path("issues", issue.id), "issue_title": self.text(issue.title, inline=True),
        }

    def related_entry(self, paper: Paper, issue: Issue) -> dict:
        """A related paper on another paper's page: its title and its issue's date."""
        return {"path": self.path("issues", issue.id, paper.id), "title": self.text(paper.title, inline=True),
                "date": self.issue_summary(issue)["date"], "date_iso": self.issue_summary(issue)["date_iso"]}

    def paper(self, paper: Paper, issue: Issue) -> dict:
        entry = self.paper_entry(paper, issue)
        links = self._links(paper)
        summary = self.text(paper.summary) if paper.summary else None
        abstract = self.text(paper.abstract)
        note, note_lang = self._body_text(paper.note)
        return {
            **entry,
            "title_text": to_plain_text(entry["title"]["html"]),
            "summary": summary,
            "summary_text": to_plain_text(summary["html"]) if summary else to_plain_text(abstract["html"]),
            "abstract": abstract,
            "other_abstracts": self.others(paper.abstract, abstract["lang"]),
            "authors": list(paper.authors),
            "arxiv": paper.arxiv,
            "links": links,
            # "read more" without what the link chips already offer
            "more": [{"url": link.url, "title": link.title or link.url} for link in paper.more
                     if link.url not in {chip["url"] for chip in links}],
            "tags": [self.tag(tag) for tag in paper.tags],
            "note": note,
            "note_lang": note_lang,
            "bibtex": bibtex(paper) if paper.arxiv else "",
            "date": format_date(issue.published.date(), self.lang),
            "week": issue.id, "year": issue.week.year,
        }

    def _body_text(self, value: LangMap) -> tuple[str, str | None]:
        """An intro or editor's note as HTML, with its language when it is not the page's."""
        text = self.text(value) if value else None
        if text is None:
            return "", None
        return text["html"], text["lang"] if text["fallback"] else None

    def tag_name(self, slug: str) -> str:
        """The tag's display name in this language (its slug when site.yaml names none)."""
        return self._tag_names.get(slug, slug)

    def tag(self, slug: str) -> dict:
        return {"name": self.tag_name(slug), "slug": slug, "path": self.path("tags", slug)}

    def _links(self, paper: Paper) -> list[dict]:
        links = []
        if paper.url:
            links.append({"label": self.t["paper_link"], "url": paper.url})
        if paper.pdf_url:
            links.append({"label": self.t["pdf"], "url": paper.pdf_url})
        if paper.code_url:
            links.append({"label": self.t["code"], "url": paper.code_url})
        if paper.project_url:
            links.append({"label": self.t["project"], "url": paper.project_url})
        return links

    def paper_metadata(self, paper: Paper, issue: Issue, url: str) -> dict:
        """Google Scholar ``citation_*`` tags and a schema.org ScholarlyArticle."""
        title = paper.title.get("en") or paper.title.pick(self.lang, self.order)[0]
        plain_title = to_plain_text(render_inline(title))
        year_month = arxiv_year_month(paper.arxiv) if paper.arxiv else None
        meta = [("citation_title", plain_title)]
        meta += [("citation_author", name) for name in paper.authors]
        if year_month:
            meta.append(("citation_publication_date", f"{year_month[0]}/{year_month[1]:02d}"))
        meta.append(("citation_online_date", issue.published.strftime("%Y/%m/%d")))
        if paper.arxiv:
            meta.append(("citation_arxiv_id", paper.arxiv))
            meta.append(("citation_pdf_url", paper.pdf_url))
        if paper.url:
            meta.append(("citation_abstract_html_url", paper.url))
        ld = {
            "@context": "https://schema.org", "@type": "ScholarlyArticle",
            "headline": plain_title[:110], "name": plain_title, "url": url,
            "inLanguage": "en", "sameAs": [u for u in (paper.url, paper.code_url, paper.project_url) if u],
            "abstract": to_plain_text(render_markdown(paper.abstract.get("en") or "")),
            "author": [{"@type": "Person", "name": name} for name in paper.authors],
            "datePublished": f"{year_month[0]}-{year_month[1]:02d}" if year_month else None,
            "identifier": f"arXiv:{paper.arxiv}" if paper.arxiv else None,
            "keywords": list(paper.tags),
        }
        ld = {key: value for key, value in ld.items() if value not in (None, [], "")}
        return {"citation": meta, "json_ld": json_for_script(ld)}


def short_name(title: dict) -> dict:
    """A paper's short name for theme chips: the part of its title before ": " (Xolver, MEM1)."""
    head, colon, _ = title["html"].partition(": ")
    if colon and "<" not in head and len(head) <= 32:
        return {**title, "html": head}
    return title


def arxiv_year_month(arxiv: str) -> tuple[int, int] | None:
    match = re.search(r"(?:^|/)(\d{2})(\d{2})", arxiv)
    if not match:
        return None
    yy, mm = int(match.group(1)), int(match.group(2))
    return (1900 + yy if yy >= 91 else 2000 + yy), mm


def bibtex(paper: Paper) -> str:
    title = to_plain_text(render_inline(paper.title.get("en") or ""))
    year_month = arxiv_year_month(paper.arxiv)
    surname = re.sub(r"[^A-Za-z]", "", paper.authors[0].split()[-1]).lower() if paper.authors else "arxiv"
    key = f"{surname}{year_month[0] if year_month else ''}{re.sub(r'[^0-9]', '', paper.arxiv)[:9]}"
    fields = [("title", "{" + title.replace("{", "").replace("}", "") + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(paper.authors)))
    if year_month:
        fields.append(("year", str(year_month[0])))
    fields += [("eprint", paper.arxiv), ("archivePrefix", "arXiv"), ("url", f"https://arxiv.org/abs/{paper.arxiv}")]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def json_for_script(data) -> str:
    """JSON that is safe inside <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
