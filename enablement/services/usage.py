"""Recording usage events: the append-only log reports are built from."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from ..models import EVENT_KINDS, UsageEvent, utcnow
from ..permissions import Actor


def normalize_query(text: str) -> str:
    """Group "Pricing  Sheet" and "pricing sheet" together in gap reports."""
    return re.sub(r"\s+", " ", text.strip().lower())[:500]


def record(
    session: Session,
    actor: Actor,
    kind: str,
    *,
    asset_id: int | None = None,
    version_id: int | None = None,
    request_id: int | None = None,
    query: str | None = None,
    filters: Mapping[str, Sequence[str]] | None = None,
    result_count: int | None = None,
    rank: int | None = None,
    search_key: str | None = None,
    event_key: str | None = None,
    occurred_at: datetime | None = None,
) -> str:
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown usage event kind {kind!r}")
    key = event_key or str(uuid.uuid4())
    session.add(
        UsageEvent(
            event_key=key,
            user_id=actor.user_id,
            role=actor.role,
            client=actor.client,
            kind=kind,
            asset_id=asset_id,
            version_id=version_id,
            request_id=request_id,
            query=query,
            normalized_query=normalize_query(query) if query is not None else None,
            filters=json.dumps({k: list(v) for k, v in filters.items()}, sort_keys=True)
            if filters
            else None,
            result_count=result_count,
            rank=rank,
            search_key=search_key,
            occurred_at=occurred_at or utcnow(),
        )
    )
    return key
