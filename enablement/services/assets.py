"""Assets: listing, details, editing, tagging and the publishing workflow.

Every change enqueues the asset in the index outbox inside the same
transaction, so the search index can never silently fall behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..errors import InvalidInput, NotFound, PermissionDenied
from ..models import AUDIENCES, Asset, IndexOutbox, Rating, Tag, TagCategory, User, utcnow
from ..permissions import Action, Actor
from . import taxonomy

REQUIRED_TO_PUBLISH = ("situation", "segment")


@dataclass(frozen=True)
class VersionInfo:
    id: int
    number: int
    filename: str
    media_type: str
    kind: str
    size: int
    page_count: int
    digest: str
    warnings: tuple[str, ...]
    change_note: str
    created: datetime


@dataclass(frozen=True)
class AssetInfo:
    id: int
    title: str
    description: str
    status: str
    audience: str
    owner: str
    review_by: date | None
    created: datetime
    updated: datetime
    published_at: datetime | None
    kind: str
    tags: dict[str, tuple[str, ...]]
    rating: float | None
    rating_count: int
    versions: tuple[VersionInfo, ...]
    row_version: int

    @property
    def current(self) -> VersionInfo | None:
        return self.versions[-1] if self.versions else None


def enqueue_index(session: Session, asset_ids: Iterable[int]) -> None:
    session.add_all(IndexOutbox(asset_id=asset_id) for asset_id in asset_ids)


def tags_by_category(asset: Asset, categories: dict[int, str]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for tag in sorted(asset.tags, key=lambda t: (t.category_id, t.position)):
        grouped.setdefault(categories[tag.category_id], []).append(tag.label)
    return {k: tuple(v) for k, v in grouped.items()}


def category_names(session: Session) -> dict[int, str]:
    return {c.id: c.slug for c in session.scalars(select(TagCategory))}


def ratings_for(session: Session, asset_ids: Iterable[int]) -> dict[int, tuple[float, int]]:
    ids = list(asset_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Rating.asset_id, func.avg(Rating.stars), func.count())
        .where(Rating.asset_id.in_(ids))
        .group_by(Rating.asset_id)
    )
    return {asset_id: (float(avg), int(count)) for asset_id, avg, count in rows}


def is_visible_to(asset: Asset, actor: Actor, today: date | None = None) -> bool:
    if actor.may(Action.SEE_UNPUBLISHED):
        return True
    today = today or date.today()
    return asset.status == "published" and (asset.review_by is None or asset.review_by >= today)


def load(session: Session, actor: Actor, asset_id: int) -> Asset:
    actor.require(Action.VIEW_ASSET)
    asset = session.get(
        Asset, asset_id, options=[selectinload(Asset.tags), selectinload(Asset.versions)]
    )
    if asset is None or not is_visible_to(asset, actor):
        raise NotFound(f"there is no asset {asset_id}")
    return asset


def to_info(session: Session, assets: list[Asset]) -> list[AssetInfo]:
    categories = category_names(session)
    ratings = ratings_for(session, (a.id for a in assets))
    owner_ids = {a.owner_id for a in assets}
    owners = dict(session.execute(select(User.id, User.name).where(User.id.in_(owner_ids))).all())
    result = []
    for asset in assets:
        avg, count = ratings.get(asset.id, (None, 0))
        versions = tuple(
            VersionInfo(
                v.id,
                v.number,
                v.filename,
                v.media_type,
                v.kind,
                v.size,
                v.page_count,
                v.blob_digest,
                tuple(json.loads(v.warnings)) if v.warnings else (),
                v.change_note,
                v.created,
            )
            for v in asset.versions
        )
        result.append(
            AssetInfo(
                id=asset.id,
                title=asset.title,
                description=asset.description,
                status=asset.status,
                audience=asset.audience,
                owner=owners.get(asset.owner_id, ""),
                review_by=asset.review_by,
                created=asset.created,
                updated=asset.updated,
                published_at=asset.published_at,
                kind=versions[-1].kind if versions else "other",
                tags=tags_by_category(asset, categories),
                rating=avg,
                rating_count=count,
                versions=versions,
                row_version=asset.row_version,
            )
        )
    return result


def get(session: Session, actor: Actor, asset_id: int) -> AssetInfo:
    return to_info(session, [load(session, actor, asset_id)])[0]


def get_many(session: Session, actor: Actor, asset_ids: list[int]) -> dict[int, AssetInfo]:
    actor.require(Action.VIEW_ASSET)
    assets = session.scalars(
        select(Asset)
        .where(Asset.id.in_(asset_ids))
        .options(selectinload(Asset.tags), selectinload(Asset.versions))
    ).all()
    visible = [a for a in assets if is_visible_to(a, actor)]
    return {info.id: info for info in to_info(session, visible)}


def list_assets(session: Session, actor: Actor, status: str | None = None) -> list[AssetInfo]:
    actor.require(Action.SEARCH)
    query = select(Asset).options(selectinload(Asset.tags), selectinload(Asset.versions))
    if status:
        query = query.where(Asset.status == status)
    assets = [a for a in session.scalars(query.order_by(Asset.id)) if is_visible_to(a, actor)]
    return to_info(session, assets)


def update(
    session: Session,
    actor: Actor,
    asset_id: int,
    *,
    title: str | None = None,
    description: str | None = None,
    review_by: date | None = None,
    clear_review_by: bool = False,
    audience: str | None = None,
    owner: str | None = None,
    expected_version: int | None = None,
) -> AssetInfo:
    actor.require(Action.EDIT_ASSET)
    asset = load(session, actor, asset_id)
    if expected_version is not None and expected_version != asset.row_version:
        from ..errors import Conflict

        raise Conflict(
            f"'{asset.title}' was changed by someone else since you opened it; "
            "reload to see their changes"
        )
    if title is not None:
        if not title.strip():
            raise InvalidInput("the title cannot be empty")
        asset.title = title.strip()
    if description is not None:
        asset.description = description
    if review_by is not None or clear_review_by:
        asset.review_by = None if clear_review_by else review_by
    if audience is not None:
        if audience not in AUDIENCES:
            raise InvalidInput(f"audience must be one of {', '.join(AUDIENCES)}")
        asset.audience = audience
    if owner is not None:
        user = session.scalar(select(User).where(User.name == owner))
        if user is None:
            raise NotFound(f"there is no user '{owner}'")
        asset.owner_id = user.id
    asset.updated = utcnow()
    enqueue_index(session, [asset.id])
    session.flush()
    return get(session, actor, asset.id)


def retag(
    session: Session,
    actor: Actor,
    asset_id: int,
    add: Iterable[tuple[str, str]] = (),
    remove: Iterable[tuple[str, str]] = (),
) -> AssetInfo:
    actor.require(Action.EDIT_ASSET)
    asset = load(session, actor, asset_id)
    for category, label in add:
        tag = taxonomy.find_tag(session, category, label)
        if tag.retired:
            raise InvalidInput(f"the tag '{tag.label}' is retired and cannot be assigned")
        if tag not in asset.tags:
            asset.tags.append(tag)
    for category, label in remove:
        tag = taxonomy.find_tag(session, category, label)
        if tag in asset.tags:
            asset.tags.remove(tag)
    asset.updated = utcnow()
    enqueue_index(session, [asset.id])
    session.flush()
    return get(session, actor, asset.id)


def set_status(session: Session, actor: Actor, asset_id: int, status: str) -> AssetInfo:
    action = {"published": Action.PUBLISH, "archived": Action.ARCHIVE, "draft": Action.EDIT_ASSET}
    if status not in action:
        raise InvalidInput(f"unknown status '{status}'")
    actor.require(action[status])
    asset = load(session, actor, asset_id)
    if status == "published":
        missing = missing_for_publish(session, asset)
        if missing:
            raise InvalidInput(
                f"'{asset.title}' cannot be published yet: add at least one "
                f"{' and one '.join(missing)} tag"
            )
        asset.published_at = utcnow()
    asset.status = status
    asset.updated = utcnow()
    enqueue_index(session, [asset.id])
    session.flush()
    return get(session, actor, asset.id)


def missing_for_publish(session: Session, asset: Asset) -> list[str]:
    categories = category_names(session)
    present = {categories[t.category_id] for t in asset.tags}
    return [c for c in REQUIRED_TO_PUBLISH if c not in present]


def require_owner_or_marketer(actor: Actor, asset: Asset) -> None:
    if not actor.may(Action.EDIT_ASSET) and asset.owner_id != actor.user_id:
        raise PermissionDenied(f"{actor.name} may not change '{asset.title}'")


def tag_ids(session: Session, pairs: Iterable[tuple[str, str]]) -> list[Tag]:
    return [taxonomy.find_tag(session, c, t) for c, t in pairs]


@dataclass(frozen=True)
class BulkChange:
    """One change for many assets; `None` (and `clear_review_by=False`) keeps a field.

    `review_by` sets the date on every asset; `clear_review_by` removes it
    from every asset (the two together are refused).
    """

    add: tuple[tuple[str, str], ...] = ()
    remove: tuple[tuple[str, str], ...] = ()
    status: str | None = None
    owner: str | None = None
    review_by: date | None = None
    clear_review_by: bool = False


@dataclass(frozen=True)
class AssetSnapshot:
    """What a bulk edit overwrote, so it can be undone in one step."""

    asset_id: int
    tag_ids: tuple[int, ...]
    status: str
    owner_id: int
    review_by: date | None


def bulk_update(
    session: Session, actor: Actor, asset_ids: list[int], change: BulkChange
) -> list[AssetSnapshot]:
    """Apply one change to many assets atomically; all or none."""
    actor.require(Action.EDIT_ASSET)
    if change.clear_review_by and change.review_by is not None:
        raise InvalidInput("choose either a review-by date or to clear it, not both")
    add_tags = tag_ids(session, change.add)
    remove_tags = {t.id for t in tag_ids(session, change.remove)}
    owner_id = None
    if change.owner is not None:
        owner_user = session.scalar(select(User).where(User.name == change.owner))
        if owner_user is None:
            raise NotFound(f"there is no user '{change.owner}'")
        owner_id = owner_user.id
    before = []
    for asset_id in asset_ids:
        asset = load(session, actor, asset_id)
        before.append(
            AssetSnapshot(
                asset.id,
                tuple(t.id for t in asset.tags),
                asset.status,
                asset.owner_id,
                asset.review_by,
            )
        )
        for tag in add_tags:
            if tag not in asset.tags:
                asset.tags.append(tag)
        asset.tags = [t for t in asset.tags if t.id not in remove_tags]
        if owner_id is not None:
            asset.owner_id = owner_id
        if change.clear_review_by:
            asset.review_by = None
        elif change.review_by is not None:
            asset.review_by = change.review_by
        asset.updated = utcnow()
        session.flush()
        if change.status is not None and change.status != asset.status:
            set_status(session, actor, asset.id, change.status)
    enqueue_index(session, asset_ids)
    session.flush()
    return before


def restore(session: Session, actor: Actor, snapshots: list[AssetSnapshot]) -> None:
    """Undo a bulk edit by putting back what it overwrote."""
    actor.require(Action.EDIT_ASSET)
    for snap in snapshots:
        asset = load(session, actor, snap.asset_id)
        asset.tags = [session.get_one(Tag, tag_id) for tag_id in snap.tag_ids]
        asset.status = snap.status
        asset.owner_id = snap.owner_id
        asset.review_by = snap.review_by
        asset.updated = utcnow()
    enqueue_index(session, [s.asset_id for s in snapshots])
    session.flush()


def count(session: Session, actor: Actor) -> int:
    """How many assets the library holds (all statuses), without loading them."""
    actor.require(Action.SEARCH)
    return session.scalar(select(func.count()).select_from(Asset)) or 0
