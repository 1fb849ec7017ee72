"""Fixtures: a small hand-made catalogue indexed once per module."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from enablement.search import IndexDocument, SearchIndex

CATEGORIES = (
    "situation",
    "segment",
    "industry",
    "product",
    "persona",
    "funnel-stage",
    "region",
    "language",
)
TODAY = date(2025, 6, 1)


def make_doc(
    asset_id: int, title: str, pages: tuple[str, ...] = ("",), **kw: object
) -> IndexDocument:
    base: dict[str, object] = dict(
        asset_id=asset_id,
        title=title,
        description="",
        pages=pages,
        tags={},
        file_type="pdf",
        status="published",
        owner="ana",
        created=datetime(2024, 1, 1, tzinfo=UTC),
        updated=datetime(2024, 1, 1, tzinfo=UTC),
        review_by=None,
        rating=None,
        usage_count=0,
    )
    base.update(kw)
    return IndexDocument(**base)  # type: ignore[arg-type]


DOCS = (
    make_doc(
        1,
        "Healthcare case study",
        ("Enterprise hospital group cut costs by 30 percent.", "Implementation took six weeks."),
        tags={"segment": ("Enterprise",), "industry": ("Healthcare",), "situation": ("Discovery",)},
        rating=4.5,
        usage_count=40,
    ),
    make_doc(
        2,
        "Retail pricing sheet",
        ("List prices for retail customers.",),
        tags={"segment": ("SMB",), "industry": ("Retail",)},
        file_type="docx",
        updated=datetime(2025, 3, 1, tzinfo=UTC),
    ),
    make_doc(
        3,
        "Objection handling guide",
        (
            "When the customer says the price is too high.",
            "Talk about total cost of ownership.",
            "Return on investment calculator.",
        ),
        tags={"segment": ("Enterprise", "Mid-market"), "situation": ("Negotiation",)},
        rating=3.0,
        usage_count=5,
    ),
    make_doc(
        4,
        "Draft healthcare battlecard",
        ("Secret competitor notes for healthcare.",),
        status="draft",
        tags={"industry": ("Healthcare",), "segment": ("Enterprise",)},
    ),
    make_doc(
        5,
        "Archived healthcare deck",
        ("Old healthcare messaging.",),
        status="archived",
        tags={"industry": ("Healthcare",)},
    ),
    make_doc(
        6,
        "Expired healthcare one-pager",
        ("Healthcare summary.",),
        review_by=date(2025, 1, 1),
        tags={"industry": ("Healthcare",)},
    ),
    make_doc(
        7,
        "Preisliste für Krankenhäuser",
        (
            "Die Preise für unsere Produkte und die "
            "Dienstleistungen sind hier aufgeführt. Der Preis gilt für das ganze Jahr.",
        ),
        tags={"language": ("German",), "industry": ("Healthcare",)},
    ),
    make_doc(
        8,
        "Onboarding checklist",
        (
            "Step one: kickoff call.",
            "Step two: data migration.",
            "Step three: training for healthcare teams.",
        ),
        file_type="pptx",
        updated=datetime(2025, 5, 1, tzinfo=UTC),
        rating=5.0,
        usage_count=200,
    ),
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    ix = SearchIndex(tmp_path_factory.mktemp("index"), CATEGORIES)
    ix.rebuild(iter(DOCS), len(DOCS))
    yield ix
    ix.close()


def pages_of(asset_id: int) -> tuple[str, ...]:
    return next(d.pages for d in DOCS if d.asset_id == asset_id)


def fresh_index(path: Path) -> SearchIndex:
    return SearchIndex(path, CATEGORIES)
