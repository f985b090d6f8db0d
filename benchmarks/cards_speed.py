"""Draw preview cards in one process and print time and bytes per card, and a cache hit's cost.

    .venv/bin/python benchmarks/cards_speed.py [--cards 200]

Half Korean, half English; issue cards with three themes and paper cards with an original title
and tags, every card's text different (as in a real archive), so nothing is drawn twice.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from paperdigest.cards import CardPainter, CardStore, CardText, find_fonts  # noqa: E402
from paperdigest.render.previews import Previews  # noqa: E402

KO_TITLE = "올림피아드 팀처럼 경험을 쌓아 추론하는 다중 에이전트와 긴 문맥 메모리 연구"
EN_TITLE = "Multi-Agent Reasoning with Holistic Experience Learning Just Like an Olympiad Team"


def cards(count: int) -> list[CardText]:
    made = []
    for n in range(count):
        korean = n % 2 == 0
        title = f"{KO_TITLE if korean else EN_TITLE} {n}"
        if n % 4 < 2:
            made.append(CardText(site="이번 주의 AI/ML 논문" if korean else "AI/ML Papers of the Week",
                                 kicker=f"2025년 6월 {n % 28 + 1}일 ~ 29일" if korean else f"June {n % 28 + 1}, 2025",
                                 title=title, subtitle="" if not korean else f"{EN_TITLE} {n}",
                                 footer="#agents #reasoning", address="papers.example.org"))
        else:
            made.append(CardText(site="AI/ML Papers", kicker=f"week {n}", title=title,
                                 themes=("경험을 쌓는 에이전트", "시각과 언어의 추론", f"Memory and long inputs {n}"),
                                 address="papers.example.org"))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=200)
    args = parser.parse_args()
    fonts = find_fonts(None, ("ko", "en"))
    with tempfile.TemporaryDirectory() as folder:
        previews = Previews(CardPainter(fonts), CardStore(Path(folder)))
        previews.card_file(CardText(site="warm", kicker="up", title="fonts load"))
        todo = cards(args.cards)
        times, sizes = [], []
        wall = time.perf_counter()
        for card in todo:
            started = time.process_time()
            kept = previews.card_file(card)
            sizes.append(kept.stat().st_size if isinstance(kept, Path) else len(kept))
            times.append(time.process_time() - started)
        wall = (time.perf_counter() - wall) / len(todo)
        started = time.perf_counter()
        for card in todo:
            previews.card_file(card)
        hit = (time.perf_counter() - started) / len(todo)
    # CPU time per card: on a shared machine wall-clock time measures the neighbours too
    print(f"{len(todo)} cards drawn: {statistics.mean(times) * 1000:.1f} ms CPU per card "
          f"(median {statistics.median(times) * 1000:.1f} ms, p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.1f} ms), "
          f"{wall * 1000:.1f} ms wall-clock")
    print(f"bytes per card: mean {statistics.mean(sizes) / 1024:.1f} KB, max {max(sizes) / 1024:.1f} KB")
    print(f"cache hit (key + lookup; the site gets a hard link): {hit * 1000:.2f} ms per card")


if __name__ == "__main__":
    main()
