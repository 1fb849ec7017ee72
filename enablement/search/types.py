"""Plain value types of the search facade: what the library layer feeds in and gets back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

SORTS: tuple[str, ...] = ("relevance", "newest", "rating", "usage")
FILE_TYPES: tuple[str, ...] = ("pdf", "docx", "pptx", "text", "html", "other")
STATUSES: tuple[str, ...] = ("draft", "published", "archived")
REBUILDING_MESSAGE = "index rebuilding — results may be incomplete"
UNAVAILABLE_MESSAGE = "search index unavailable — it needs rebuilding"

_EMPTY: Mapping[str, tuple[str, ...]] = MappingProxyType({})


@dataclass(frozen=True)
class IndexDocument:
    """One asset as the index sees it (built by the library layer from the catalogue)."""

    asset_id: int
    title: str
    description: str
    pages: tuple[str, ...]
    tags: Mapping[str, tuple[str, ...]]
    file_type: str
    status: str
    owner: str
    created: datetime
    updated: datetime
    review_by: date | None
    rating: float | None
    usage_count: int
    language: str | None = None


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _EMPTY)
    sort: str = "relevance"
    limit: int = 20
    offset: int = 0
    include_unpublished: bool = False
    as_you_type: bool = False
    today: date | None = None


@dataclass(frozen=True)
class SearchHit:
    asset_id: int
    score: float
    pages: tuple[int, ...]
    snippet: str
    explanation: str


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: tuple[SearchHit, ...]
    facets: Mapping[str, Mapping[str, int]]
    suggestion: str | None
    message: str | None


@dataclass(frozen=True)
class RebuildStats:
    """What one (possibly resumed) rebuild did."""

    kept: int  # documents an interrupted rebuild had committed, not indexed again
    written: int  # documents indexed by this rebuild
    removed: int  # kept documents no longer in the catalogue
    finished: bool  # False when cancelled: the next rebuild resumes
