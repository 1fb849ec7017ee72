"""Searching on a person's behalf: visibility by role, hit details, usage log.

The index answers with asset ids, scores, pages and snippets; this service
adds what the catalogue knows (title, tags, rating, dates), drops anything
the person may not see, and records the search for the gap reports.

The search is recorded through the batched usage log, never in the
search's own session: a search only reads the catalogue, so it never waits
on (or holds) the single writer, and the UI stays responsive while another
transaction commits. The log hands back the event's key at once; a click
recorded later with that key is tied to the search and its rank.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from sqlalchemy.orm import Session

from ..permissions import Action, Actor
from ..search import SearchHit, SearchIndex, SearchRequest
from . import assets, synonyms

NEW_FOR_DAYS = 30


class SearchLog(Protocol):
    """Where searches are recorded: `enablement.usage_log.UsageLog` (queued, batched)."""

    def record(
        self,
        actor: Actor,
        kind: str,
        *,
        query: str | None = ...,
        filters: Mapping[str, Sequence[str]] | None = ...,
        result_count: int | None = ...,
    ) -> str: ...


@dataclass(frozen=True)
class Hit:
    asset_id: int
    title: str
    kind: str
    status: str
    score: float
    pages: tuple[int, ...]
    snippet: str
    tags: dict[str, tuple[str, ...]]
    rating: float | None
    rating_count: int
    updated: datetime
    is_new: bool
    explanation: str

    def as_json(self) -> dict[str, object]:
        return {
            "asset_id": self.asset_id,
            "title": self.title,
            "type": self.kind,
            "status": self.status,
            "score": round(self.score, 4),
            "pages": list(self.pages),
            "snippet": self.snippet,
            "tags": {k: list(v) for k, v in self.tags.items()},
            "rating": self.rating,
            "updated": self.updated.isoformat(),
            "new": self.is_new,
        }


@dataclass(frozen=True)
class Outcome:
    query: str
    total: int
    hits: tuple[Hit, ...]
    facets: Mapping[str, Mapping[str, int]]
    suggestion: str | None
    message: str | None
    search_key: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "total": self.total,
            "hits": [h.as_json() for h in self.hits],
            "facets": {k: dict(v) for k, v in self.facets.items()},
            "suggestion": self.suggestion,
            "message": self.message,
        }


def search(
    session: Session,
    actor: Actor,
    index: SearchIndex,
    page_text: Callable[[int], Sequence[str]],
    text: str,
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    as_you_type: bool = False,
    log: SearchLog | None = None,
) -> Outcome:
    """Search for `actor`; with a `log`, record the search (unless typed-ahead)."""
    actor.require(Action.SEARCH)
    clean_filters = {k: tuple(v) for k, v in (filters or {}).items() if v}
    request = SearchRequest(
        text=synonyms.expand(session, text) if text.strip() else text,  # "WFH" ~ "remote work"
        filters=clean_filters,
        sort=sort,
        limit=limit,
        offset=offset,
        include_unpublished=actor.may(Action.SEE_UNPUBLISHED),
        as_you_type=as_you_type,
        today=date.today(),
    )
    found = index.search(request, page_text)
    infos = assets.get_many(session, actor, [h.asset_id for h in found.hits])
    hits = join_hits(found.hits, infos)
    key = None
    if log is not None and not as_you_type:
        key = log.record(
            actor, "search", query=text, filters=clean_filters, result_count=found.total
        )
    return Outcome(
        query=text,
        total=found.total,
        hits=tuple(hits),
        facets=found.facets,
        suggestion=found.suggestion,
        message=found.message,
        search_key=key,
    )


def join_hits(found: Sequence[SearchHit], infos: Mapping[int, assets.AssetInfo]) -> tuple[Hit, ...]:
    """Index hits joined with catalogue details; hits without details are dropped
    (the index can be a step behind a deletion or a visibility change)."""
    horizon = datetime.now(UTC) - timedelta(days=NEW_FOR_DAYS)
    hits = []
    for hit in found:
        info = infos.get(hit.asset_id)
        if info is None:
            continue
        fresh = info.published_at or info.created
        hits.append(
            Hit(
                asset_id=info.id,
                title=info.title,
                kind=info.kind,
                status=info.status,
                score=hit.score,
                pages=hit.pages,
                snippet=hit.snippet,
                tags=info.tags,
                rating=info.rating,
                rating_count=info.rating_count,
                updated=info.updated,
                is_new=fresh >= horizon,
                explanation=hit.explanation,
            )
        )
    return tuple(hits)
