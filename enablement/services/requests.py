"""Material requests: filing with deflection, +1 votes, and the marketing queue.

Each mutation returns the request as it now stands with `changes` naming the
requests it touched (both of a merge) and, for a fulfilment, the asset now
linked to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import case, func, literal, or_, select, update
from sqlalchemy.orm import Session

from ..changes import NO_CHANGES, Changes
from ..errors import InvalidInput, NotFound, PermissionDenied
from ..models import Asset, MaterialRequest, RequestVote, Tag, User, utcnow
from ..permissions import Action, Actor
from . import assets, taxonomy, usage

OPEN_STATES = ("open", "in-progress")


@dataclass(frozen=True)
class RequestInfo:
    id: int
    title: str
    details: str
    requester: str
    situation: str | None
    segment: str | None
    needed_by: date | None
    status: str
    assignee: str | None
    fulfilling_asset_id: int | None
    fulfilling_asset_title: str | None
    resolution_note: str
    merged_into_id: int | None
    votes: int
    voted_by_me: bool
    created: datetime
    updated: datetime
    resolved_at: datetime | None
    changed_since_seen: bool
    changes: Changes = field(default=NO_CHANGES, compare=False, repr=False)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "details": self.details,
            "requester": self.requester,
            "situation": self.situation,
            "segment": self.segment,
            "needed_by": self.needed_by.isoformat() if self.needed_by else None,
            "status": self.status,
            "assignee": self.assignee,
            "asset_id": self.fulfilling_asset_id,
            "asset_title": self.fulfilling_asset_title,
            "resolution_note": self.resolution_note,
            "merged_into": self.merged_into_id,
            "votes": self.votes,
            "created": self.created.isoformat(),
            "updated": self.updated.isoformat(),
            "changed": self.changed_since_seen,
        }


def create(
    session: Session,
    actor: Actor,
    title: str,
    *,
    details: str = "",
    situation: str | None = None,
    segment: str | None = None,
    needed_by: date | None = None,
) -> RequestInfo:
    actor.require(Action.REQUEST_MATERIAL)
    if not title.strip():
        raise InvalidInput("a request needs a title saying what is missing")
    if needed_by is not None and needed_by < date.today():
        raise InvalidInput("the needed-by date is in the past")
    request = MaterialRequest(
        requester_id=actor.user_id,
        title=title.strip()[:500],
        details=details.strip(),
        situation_tag_id=taxonomy.find_tag(session, "situation", situation).id
        if situation
        else None,
        segment_tag_id=taxonomy.find_tag(session, "segment", segment).id if segment else None,
        needed_by=needed_by,
        requester_seen_at=utcnow(),
    )
    session.add(request)
    session.flush()
    usage.record(session, actor, "request-created", request_id=request.id)
    return changed(get(session, actor, request.id))


def vote(session: Session, actor: Actor, request_id: int) -> RequestInfo:
    actor.require(Action.VOTE_REQUEST)
    request = _load(session, request_id)
    if request.status not in OPEN_STATES:
        raise InvalidInput(f"request {request_id} is {request.status}; only open requests take +1")
    if request.requester_id == actor.user_id:
        raise InvalidInput("you filed this request yourself; it already counts for you")
    if session.get(RequestVote, (request.id, actor.user_id)) is not None:
        return get(session, actor, request.id)  # a second +1 changes nothing
    session.add(RequestVote(request_id=request.id, user_id=actor.user_id))
    usage.record(session, actor, "request-vote", request_id=request.id)
    session.flush()
    return changed(get(session, actor, request.id))


def similar(session: Session, actor: Actor, text: str, limit: int = 5) -> list[RequestInfo]:
    """Open requests whose title or details share words with `text` (deflection)."""
    actor.require(Action.REQUEST_MATERIAL)
    words = [w for w in {w.lower() for w in text.split()} if len(w) > 3][:8]
    if not words:
        return []
    conditions = [
        or_(
            func.lower(MaterialRequest.title).contains(w),
            func.lower(MaterialRequest.details).contains(w),
        )
        for w in words
    ]
    score = sum((case((c, 1), else_=0) for c in conditions), start=literal(0))
    rows = session.scalars(
        select(MaterialRequest)
        .where(MaterialRequest.status.in_(OPEN_STATES), or_(*conditions))
        .order_by(score.desc(), MaterialRequest.created.desc())
        .limit(limit)
    ).all()
    return [_info(session, actor, r) for r in rows]


def list_requests(
    session: Session, actor: Actor, *, mine: bool = False, status: str | None = None
) -> list[RequestInfo]:
    actor.require(Action.REQUEST_MATERIAL)
    query = select(MaterialRequest)
    if mine or not actor.may(Action.WORK_REQUESTS):
        if not mine:
            # Sellers see every open request (to +1) and all of their own.
            query = query.where(
                or_(
                    MaterialRequest.requester_id == actor.user_id,
                    MaterialRequest.status.in_(OPEN_STATES),
                )
            )
        else:
            query = query.where(MaterialRequest.requester_id == actor.user_id)
    if status:
        query = query.where(MaterialRequest.status == status)
    rows = session.scalars(query.order_by(MaterialRequest.created.desc())).all()
    return [_info(session, actor, r) for r in rows]


def mark_seen(session: Session, actor: Actor) -> None:
    # Setting `updated` to itself keeps its on-update default from firing:
    # looking at a request is not a change to it.
    session.execute(
        update(MaterialRequest)
        .where(MaterialRequest.requester_id == actor.user_id)
        .values(requester_seen_at=utcnow(), updated=MaterialRequest.updated)
    )


def assign(session: Session, actor: Actor, request_id: int, to: str | None = None) -> RequestInfo:
    actor.require(Action.WORK_REQUESTS)
    request = _load_open(session, request_id)
    assignee = actor.user_id
    if to:
        user = session.scalar(select(User).where(User.name == to))
        if user is None or user.role == "seller":
            raise InvalidInput(f"'{to}' is not a marketer or admin in this library")
        assignee = user.id
    request.assignee_id = assignee
    request.status = "in-progress"
    request.updated = utcnow()
    session.flush()
    return changed(get(session, actor, request.id))


def fulfil(
    session: Session, actor: Actor, request_id: int, asset_id: int, note: str = ""
) -> RequestInfo:
    actor.require(Action.WORK_REQUESTS)
    request = _load_open(session, request_id)
    asset = assets.load(session, actor, asset_id)
    request.fulfilling_asset_id = asset.id
    request.status = "fulfilled"
    request.resolution_note = note.strip()
    request.resolved_at = request.updated = utcnow()
    request.assignee_id = request.assignee_id or actor.user_id
    usage.record(session, actor, "request-fulfilled", request_id=request.id, asset_id=asset.id)
    session.flush()
    return changed(get(session, actor, request.id), assets=frozenset({asset.id}))


def decline(session: Session, actor: Actor, request_id: int, reason: str) -> RequestInfo:
    actor.require(Action.WORK_REQUESTS)
    if not reason.strip():
        raise InvalidInput("say why the request is declined; the requester will read it")
    request = _load_open(session, request_id)
    request.status = "declined"
    request.resolution_note = reason.strip()
    request.resolved_at = request.updated = utcnow()
    usage.record(session, actor, "request-declined", request_id=request.id)
    session.flush()
    return changed(get(session, actor, request.id))


def merge(session: Session, actor: Actor, request_id: int, into_id: int) -> RequestInfo:
    """Close a duplicate; its requester and voters become votes on the survivor."""
    actor.require(Action.WORK_REQUESTS)
    if request_id == into_id:
        raise InvalidInput("a request cannot be merged into itself")
    duplicate = _load_open(session, request_id)
    survivor = _load_open(session, into_id)
    voters = {
        v.user_id
        for v in session.scalars(select(RequestVote).where(RequestVote.request_id == duplicate.id))
    }
    voters.add(duplicate.requester_id)
    existing = {
        v.user_id
        for v in session.scalars(select(RequestVote).where(RequestVote.request_id == survivor.id))
    }
    for user_id in voters - existing - {survivor.requester_id}:
        session.add(RequestVote(request_id=survivor.id, user_id=user_id))
    duplicate.status = "merged"
    duplicate.merged_into_id = survivor.id
    duplicate.resolution_note = f"merged into request {survivor.id}: {survivor.title}"
    duplicate.resolved_at = duplicate.updated = survivor.updated = utcnow()
    session.flush()
    return changed(get(session, actor, survivor.id), also=(duplicate.id,))


def changed(
    info: RequestInfo, *, also: tuple[int, ...] = (), assets: frozenset[int] = frozenset()
) -> RequestInfo:
    """The request as a mutation's result: it (and the requests `also` names) changed.

    Also used for a request queued offline, which the desktop lists at once.
    """
    touched = frozenset({info.id, *also})
    return replace(info, changes=Changes(requests=touched, assets=assets))


def get(session: Session, actor: Actor, request_id: int) -> RequestInfo:
    request = _load(session, request_id)
    if (
        not actor.may(Action.WORK_REQUESTS)
        and request.requester_id != actor.user_id
        and request.status not in OPEN_STATES
    ):
        raise PermissionDenied(f"request {request_id} belongs to someone else")
    return _info(session, actor, request)


def _load(session: Session, request_id: int) -> MaterialRequest:
    request = session.get(MaterialRequest, request_id)
    if request is None:
        raise NotFound(f"there is no request {request_id}")
    return request


def _load_open(session: Session, request_id: int) -> MaterialRequest:
    request = _load(session, request_id)
    if request.status not in OPEN_STATES:
        raise InvalidInput(f"request {request_id} is already {request.status}")
    return request


def _info(session: Session, actor: Actor, request: MaterialRequest) -> RequestInfo:
    def name(user_id: int | None) -> str | None:
        return session.get(User, user_id).name if user_id else None  # type: ignore[union-attr]

    def label(tag_id: int | None) -> str | None:
        return session.get(Tag, tag_id).label if tag_id else None  # type: ignore[union-attr]

    votes = (
        session.scalar(
            select(func.count())
            .select_from(RequestVote)
            .where(RequestVote.request_id == request.id)
        )
        or 0
    )
    mine = session.get(RequestVote, (request.id, actor.user_id)) is not None
    asset = session.get(Asset, request.fulfilling_asset_id) if request.fulfilling_asset_id else None
    seen = request.requester_seen_at
    return RequestInfo(
        id=request.id,
        title=request.title,
        details=request.details,
        requester=name(request.requester_id) or "",
        situation=label(request.situation_tag_id),
        segment=label(request.segment_tag_id),
        needed_by=request.needed_by,
        status=request.status,
        assignee=name(request.assignee_id),
        fulfilling_asset_id=request.fulfilling_asset_id,
        fulfilling_asset_title=asset.title if asset else None,
        resolution_note=request.resolution_note,
        merged_into_id=request.merged_into_id,
        votes=votes,
        voted_by_me=mine,
        created=request.created,
        updated=request.updated,
        resolved_at=request.resolved_at,
        changed_since_seen=seen is not None and request.updated > seen,
    )
