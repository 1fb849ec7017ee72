"""Ratings and material requests for the demo, entered through the services.

Each rating and request is made by the person who would make it (their own
actor), so permissions and usage logging apply as in real use. Afterwards its
timestamps, and those of the usage events the services logged for it, are
moved to when the story says it happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from enablement.library import Library
from enablement.models import MaterialRequest, Rating, RequestVote, UsageEvent
from enablement.permissions import Actor
from enablement.services import feedback as rating_service
from enablement.services import requests as request_service
from enablement.services import users as user_service

from .people import RATINGS, REQUESTS, RatingSpec, RequestSpec


@dataclass(frozen=True)
class FeedbackCounts:
    ratings: int
    requests: int


def resolve(ids: dict[str, int], name: str) -> int:
    """The asset whose title is `name` or starts with it (exactly one)."""
    if name in ids:
        return ids[name]
    found = [asset_id for title, asset_id in ids.items() if title.startswith(name)]
    if len(found) != 1:
        raise KeyError(f"demo data names {name!r}, which matches {len(found)} assets")
    return found[0]


def add_feedback(library: Library, ids: dict[str, int], now: datetime) -> FeedbackCounts:
    """Add every rating and request of the story; say how many."""
    with library.writer.begin() as session:
        actors: dict[str, Actor] = {}

        def actor(name: str) -> Actor:
            if name not in actors:
                actors[name] = user_service.actor_for(session, name, "desktop")
            return actors[name]

        for spec in RATINGS:
            add_rating(session, actor(spec.user), resolve(ids, spec.asset), spec, now)
        request_ids: dict[str, int] = {}
        for request in REQUESTS:
            request_ids[request.title] = add_request(session, actor, ids, request_ids, request, now)
    return FeedbackCounts(len(RATINGS), len(REQUESTS))


def add_rating(
    session: Session, actor: Actor, asset_id: int, spec: RatingSpec, now: datetime
) -> None:
    rating_service.rate(
        session,
        actor,
        asset_id,
        spec.stars,
        comment=spec.comment,
        situation=spec.situation,
        outcome=spec.outcome,
    )
    when = now - timedelta(days=spec.days_ago, hours=5)
    rating = session.scalars(
        select(Rating).where(Rating.user_id == actor.user_id, Rating.asset_id == asset_id)
    ).one()
    rating.created = rating.updated = when
    session.execute(
        update(UsageEvent)
        .where(
            UsageEvent.kind == "rate",
            UsageEvent.user_id == actor.user_id,
            UsageEvent.asset_id == asset_id,
        )
        .values(occurred_at=when)
    )


def add_request(
    session: Session,
    actor: Callable[[str], Actor],
    ids: dict[str, int],
    earlier: dict[str, int],
    spec: RequestSpec,
    now: datetime,
) -> int:
    """File the request, +1 it, work it to its final state, then set its dates."""
    created = now - timedelta(days=spec.days_ago, hours=2)
    info = request_service.create(
        session,
        actor(spec.requester),
        spec.title,
        details=spec.details,
        situation=spec.situation,
        segment=spec.segment,
    )
    request_id = info.id
    for voter in spec.voters:
        request_service.vote(session, actor(voter), request_id)
    worker = actor(spec.assignee or "maria")
    if spec.assignee:
        request_service.assign(session, worker, request_id, spec.assignee)
    if spec.status == "fulfilled":
        assert spec.asset is not None
        request_service.fulfil(session, worker, request_id, resolve(ids, spec.asset), spec.note)
    elif spec.status == "declined":
        request_service.decline(session, worker, request_id, spec.note)
    elif spec.status == "merged":
        assert spec.merged_into is not None
        request_service.merge(session, worker, request_id, earlier[spec.merged_into])
    backdate_request(session, request_id, spec, created, now)
    return request_id


def backdate_request(
    session: Session, request_id: int, spec: RequestSpec, created: datetime, now: datetime
) -> None:
    request = session.get_one(MaterialRequest, request_id)
    resolved = created + timedelta(days=spec.resolved_after_days, hours=4)
    request.created = request.requester_seen_at = created
    request.updated = resolved if request.resolved_at else created + timedelta(days=1)
    if spec.status == "in-progress" or (spec.status == "open" and spec.voters):
        request.updated = min(now, created + timedelta(days=2))
    if request.resolved_at is not None:
        request.resolved_at = resolved
    if spec.needed_in_days is not None:
        request.needed_by = (now + timedelta(days=spec.needed_in_days)).date()
    for vote in session.scalars(select(RequestVote).where(RequestVote.request_id == request_id)):
        vote.created = created + timedelta(days=1)
    session.execute(
        update(UsageEvent)
        .where(UsageEvent.request_id == request_id, UsageEvent.kind == "request-created")
        .values(occurred_at=created)
    )
    session.execute(
        update(UsageEvent)
        .where(UsageEvent.request_id == request_id, UsageEvent.kind == "request-vote")
        .values(occurred_at=created + timedelta(days=1))
    )
    session.execute(
        update(UsageEvent)
        .where(
            UsageEvent.request_id == request_id,
            UsageEvent.kind.in_(("request-fulfilled", "request-declined")),
        )
        .values(occurred_at=resolved)
    )
