"""A new paper file filled from its arXiv record, and the tag arXiv's category suggests.

Only the English title and abstract, the authors and the id come from arXiv. Every other
language's title and abstract, and the editor's introduction, stay empty strings that
``paperdigest check`` reports until a person writes them.
"""
from __future__ import annotations

from pathlib import Path

from ..content.source import load_document
from .atom import ArxivRecord
from .yamltext import entry, scalar

#: arXiv's primary category → the tag a digest of AI/ML papers would use for it
CATEGORY_TAGS = {
    "cs.AI": "ai", "cs.CL": "nlp", "cs.CV": "computer-vision", "cs.LG": "machine-learning",
    "stat.ML": "machine-learning", "cs.RO": "robotics", "cs.IR": "information-retrieval",
    "cs.SE": "software-engineering", "cs.MA": "agents", "cs.NE": "neural-networks", "cs.CR": "security",
    "cs.HC": "hci", "cs.SD": "audio", "eess.AS": "audio", "eess.IV": "image-processing", "cs.DC": "systems",
    "cs.PL": "programming-languages", "cs.GR": "graphics", "cs.MM": "multimodal", "cs.DB": "databases",
}


def suggested_tag(category: str) -> str:
    return CATEGORY_TAGS.get(category) or category.lower().replace(".", "-")


def site_tags(src: Path) -> set[str]:
    """Every tag a paper in ``src`` already uses (files that do not parse are skipped: check reports them)."""
    tags: set[str] = set()
    for path in sorted(src.glob("*/*")):
        if path.suffix not in (".md", ".yaml") or path.name == "issue.md":
            continue
        doc = load_document(path, [])
        if doc is not None and isinstance(doc.data.get("tags"), list):
            tags.update(str(t) for t in doc.data["tags"])
    return tags


def paper_text(record: ArxivRecord, arxiv_id: str, languages: tuple[str, ...], known_tags: set[str],
               as_yaml: bool = False) -> str:
    """The new paper file for ``record`` (``arxiv_id`` as the maintainer wrote it)."""
    others = [lang for lang in languages if lang != "en"]
    lines = ["title:"]
    lines += [f"  {lang}: \"\"  # translate the title" for lang in others]
    lines += entry("en", record.title, 2)
    lines.append(f"arxiv: {scalar(arxiv_id)}")
    lines += entry("authors", list(record.authors), 0)
    tag = suggested_tag(record.primary_category) if record.primary_category else ""
    if tag and tag in known_tags:
        lines.append(f"tags: [{tag}]  # from arXiv's primary category {record.primary_category}")
    else:
        hint = f"  # arXiv's primary category {record.primary_category} suggests: {tag}" if tag else ""
        lines.append(f"tags: []{hint}")
    lines.append(f"# arXiv: first version {record.published}; {record.abs_url} (PDF: {record.pdf_url})")
    lines.append("summary:  # the editor's introduction")
    lines += [f"  {lang}: \"\"" for lang in languages]
    lines.append("abstract:")
    lines += [f"  {lang}: \"\"  # translate the abstract" for lang in others]
    lines += entry("en", record.abstract, 2)
    body = "\n".join(lines) + "\n"
    return body if as_yaml else f"---\n{body}---\n"

