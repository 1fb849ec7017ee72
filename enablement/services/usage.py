"""Recording usage events: the append-only log reports are built from."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from ..models import EVENT_KINDS, UsageEvent, utcnow
from ..models.usage import FOLLOW_UP_KINDS
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
    # A key given by the caller may be a re-delivery whose follow-ups came first.
    used = kind == "search" and event_key is not None and _has_follow_up(session, key)
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
            filters=_filters_json(filters) if filters else None,
            result_count=result_count,
            rank=rank,
            search_key=search_key,
            search_used=used,
            occurred_at=occurred_at or utcnow(),
        )
    )
    # On PostgreSQL the trigger installed by `enablement team init` keeps the
    # flag, because application roles may only append to the log.
    if (
        search_key is not None
        and kind in FOLLOW_UP_KINDS
        and session.get_bind().dialect.name != "postgresql"
    ):
        _mark_search_used(session, search_key)
    return key


def _has_follow_up(session: Session, search_key: str) -> bool:
    follow_up = (UsageEvent.search_key == search_key) & UsageEvent.kind.in_(FOLLOW_UP_KINDS)
    return bool(session.scalar(select(exists().where(follow_up))))


def _mark_search_used(session: Session, search_key: str) -> None:
    """Resolve "this search ended in a use" once, when the follow-up is logged."""
    session.execute(
        update(UsageEvent)
        .where(
            UsageEvent.event_key == search_key,
            UsageEvent.kind == "search",
            UsageEvent.search_used.is_(False),
        )
        .values(search_used=True)
        .execution_options(synchronize_session=False)
    )


def _filters_json(filters: Mapping[str, Sequence[str]]) -> str:
    """Filters as tag slugs, the form reports group and match on.

    Callers pass what the person picked (labels such as "Mid-market"); slugs
    make "SMB" and "smb" one filter and match the taxonomy in SQL.
    """
    from .taxonomy import slugify

    return json.dumps(
        {k: sorted(slugify(v) for v in values) for k, values in filters.items()}, sort_keys=True
    )
