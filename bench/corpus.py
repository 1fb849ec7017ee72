"""Realistic benchmark documents built from real business documentation.

Source: /work/shared/corpus/business-docs/docs.jsonl.xz — 2,249 pages of the
Microsoft Dynamics 365 Business Central user documentation (CC-BY-4.0,
© Microsoft).  To reach larger sizes we *sample and recombine paragraphs*: each
synthetic asset takes the title of one source page, its first paragraphs, and
paragraphs sampled from other pages, split into 2–6 pages, ~3.7 KB of text in
all.  Tags, file types, statuses, dates, ratings and usage are random but
seeded, so every run builds the same corpus.
"""

from __future__ import annotations

import json
import lzma
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

from enablement.search import IndexDocument

SOURCE = (
    Path(__file__).resolve().parents[2] / "shared" / "corpus" / "business-docs" / "docs.jsonl.xz"
)
TARGET_CHARS = 3700

TAXONOMY: dict[str, tuple[str, ...]] = {
    "situation": (
        "Discovery",
        "Demo",
        "Negotiation",
        "Renewal",
        "Objection handling",
        "Onboarding",
    ),
    "segment": ("Enterprise", "Mid-market", "SMB", "Public sector"),
    "industry": ("Healthcare", "Finance", "Retail", "Manufacturing", "Education", "Logistics"),
    "product": ("Invoicing", "Inventory", "CRM", "Payroll", "Analytics"),
    "persona": ("CFO", "CIO", "Sales manager", "Accountant", "Warehouse lead"),
    "funnel-stage": ("Awareness", "Consideration", "Decision"),
    "region": ("EMEA", "Americas", "APAC"),
    "language": ("English",),
}
CATEGORIES = tuple(TAXONOMY)
FILE_TYPES = ("pdf", "pdf", "pdf", "docx", "pptx", "pptx", "text", "html")


@dataclass(frozen=True)
class SourcePage:
    title: str
    paragraphs: tuple[str, ...]


def load_source(path: Path = SOURCE) -> list[SourcePage]:
    pages = []
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            paras = tuple(p.strip() for p in row["text"].split("\n\n") if len(p.strip()) > 30)
            if paras:
                pages.append(SourcePage(row["title"], paras))
    return pages


def build_documents(
    n: int, seed: int = 7, source: list[SourcePage] | None = None
) -> Iterator[IndexDocument]:
    """Yield *n* documents; the first len(source) follow the source pages closely."""
    pages = source if source is not None else load_source()
    pool = [p for page in pages for p in page.paragraphs]
    rng = random.Random(seed)
    base = datetime(2022, 1, 1, tzinfo=UTC)
    for i in range(n):
        src = pages[i % len(pages)]
        paras = list(src.paragraphs[:4])
        while sum(len(p) for p in paras) < TARGET_CHARS:
            paras.append(rng.choice(pool))
        cut = sorted(rng.sample(range(1, len(paras)), min(len(paras) - 1, rng.randint(1, 5))))
        bounds = [0, *cut, len(paras)]
        doc_pages = tuple("\n\n".join(paras[a:b]) for a, b in pairwise(bounds))
        title = src.title if i < len(pages) else f"{src.title} ({rng.choice(TAXONOMY['segment'])})"
        tags = {
            c: tuple(rng.sample(v, rng.randint(1, min(2, len(v))))) for c, v in TAXONOMY.items()
        }
        created = base + timedelta(days=rng.randint(0, 1000), seconds=rng.randint(0, 86400))
        status = rng.choices(("published", "draft", "archived"), (85, 10, 5))[0]
        review = (
            date(2025, 1, 1) + timedelta(days=rng.randint(-400, 700))
            if rng.random() < 0.3
            else None
        )
        yield IndexDocument(
            asset_id=i + 1,
            title=title,
            description=src.paragraphs[0][:300],
            pages=doc_pages,
            tags=tags,
            file_type=rng.choice(FILE_TYPES),
            status=status,
            owner=rng.choice(("ana", "ben", "chloe", "dev")),
            created=created,
            updated=created + timedelta(days=rng.randint(0, 200)),
            review_by=review,
            rating=round(rng.uniform(1, 5), 1) if rng.random() < 0.6 else None,
            usage_count=int(rng.paretovariate(1.2)) - 1,
        )


if __name__ == "__main__":
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    for doc in build_documents(count):
        print(doc.asset_id, doc.title, len(doc.pages), sum(len(p) for p in doc.pages), doc.tags)
