"""Content governance: which assets need a marketer's attention, and why.

One read-only use case, `needs_attention`, answers the "needs attention" view.
Each reason is one SQL query that returns asset ids (grouping and counting in
the database, never looping over events or ratings in Python); the reasons are
then gathered per asset. Archived assets are left out: they are already dealt
with. Marketers and admins only (`Action.EDIT_ASSET`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from ..models import (
    Asset,
    AssetVersion,
    Collection,
    CollectionItem,
    Rating,
    Tag,
    TagCategory,
    UsageEvent,
    User,
    asset_tags,
)
from ..permissions import Action, Actor

UNUSED_DAYS = 90
LOW_RATING = 2.5
LOW_RATING_MIN_COUNT = 2
USE_KINDS = ("view", "open", "export", "share", "drag-out")
REQUIRED_CATEGORIES = ("situation", "segment")

REASONS = {
    "expired": "review date passed",
    "missing-situation": "no situation tag",
    "missing-segment": "no segment tag",
    "low-rating": "rated low",
    "unused": f"unused for {UNUSED_DAYS} days",
    "duplicate": "duplicate content",
    "superseded-in-kit": "kit holds an older version",
}


@dataclass(frozen=True)
class AttentionRow:
    asset_id: int
    title: str
    owner: str
    status: str
    reasons: tuple[str, ...]  # keys of REASONS, in REASONS order
    details: tuple[str, ...]  # one readable line per reason

    @property
    def reason_text(self) -> str:
        return "; ".join(self.details)


def needs_attention(
    session: Session, actor: Actor, *, now: datetime | None = None
) -> list[AttentionRow]:
    actor.require(Action.EDIT_ASSET)
    now = now or datetime.now(UTC)
    found: dict[int, dict[str, str]] = {}

    def note(key: str, rows: Iterable[tuple[int, str]]) -> None:
        for asset_id, detail in rows:
            found.setdefault(asset_id, {})[key] = detail

    note("expired", _expired(session, now.date()))
    for category in REQUIRED_CATEGORIES:
        note(f"missing-{category}", _missing_category(session, category))
    note("low-rating", _low_rating(session))
    note("unused", _unused(session, now))
    note("duplicate", _duplicates(session))
    note("superseded-in-kit", _superseded_in_kits(session))
    return _rows(session, found)


def _live() -> Select[Any]:
    return select(Asset.id).where(Asset.status != "archived")


def _expired(session: Session, today: date) -> Iterable[tuple[int, str]]:
    rows = session.execute(
        select(Asset.id, Asset.review_by).where(
            Asset.status != "archived", Asset.review_by.is_not(None), Asset.review_by < today
        )
    )
    return [(i, f"review date passed ({d:%Y-%m-%d})") for i, d in rows]


def _missing_category(session: Session, category: str) -> Iterable[tuple[int, str]]:
    tagged = (
        select(asset_tags.c.asset_id)
        .join(Tag, Tag.id == asset_tags.c.tag_id)
        .join(TagCategory, TagCategory.id == Tag.category_id)
        .where(TagCategory.slug == category)
    )
    ids = session.scalars(
        select(Asset.id).where(Asset.status != "archived", Asset.id.not_in(tagged))
    )
    return [(i, f"no {category} tag") for i in ids]


def _low_rating(session: Session) -> Iterable[tuple[int, str]]:
    average = func.avg(Rating.stars)
    rows = session.execute(
        select(Rating.asset_id, average, func.count())
        .join(Asset, Asset.id == Rating.asset_id)
        .where(Asset.status != "archived")
        .group_by(Rating.asset_id)
        .having(average <= LOW_RATING, func.count() >= LOW_RATING_MIN_COUNT)
    )
    return [(i, f"rated {float(avg):.1f} of 5 by {n}") for i, avg, n in rows]


def _unused(session: Session, now: datetime) -> Iterable[tuple[int, str]]:
    since = now - timedelta(days=UNUSED_DAYS)
    used = exists().where(
        UsageEvent.asset_id == Asset.id,
        UsageEvent.kind.in_(USE_KINDS),
        UsageEvent.occurred_at >= since,
    )
    ids = session.scalars(
        select(Asset.id).where(
            Asset.status == "published",
            Asset.published_at.is_not(None),
            Asset.published_at <= since,
            ~used,
        )
    )
    return [(i, f"not viewed, opened or shared in {UNUSED_DAYS} days") for i in ids]


def _duplicates(session: Session) -> Iterable[tuple[int, str]]:
    """Two live assets holding the same file, or titles equal once case and spaces go."""
    other = aliased(AssetVersion)
    same_file = session.execute(
        select(AssetVersion.asset_id, func.min(other.asset_id))
        .join(
            other,
            and_(
                other.blob_digest == AssetVersion.blob_digest,
                other.asset_id != AssetVersion.asset_id,
            ),
        )
        .where(AssetVersion.asset_id.in_(_live()), other.asset_id.in_(_live()))
        .group_by(AssetVersion.asset_id)
    )
    out = [(i, f"same file as asset {o}") for i, o in same_file]
    norm = func.lower(func.trim(Asset.title))
    twin = aliased(Asset)
    same_title = session.execute(
        select(Asset.id, func.min(twin.id))
        .join(twin, and_(func.lower(func.trim(twin.title)) == norm, twin.id != Asset.id))
        .where(Asset.status != "archived", twin.status != "archived")
        .group_by(Asset.id)
    )
    out += [(i, f"same title as asset {o}") for i, o in same_title]
    return out


def _superseded_in_kits(session: Session) -> Iterable[tuple[int, str]]:
    """Assets replaced by a newer file after a kit holding them was last changed.

    `collection_items` records no version, so this is an approximation: an
    asset with more than one version whose latest version was created after
    the kit's `updated` time. A kit touched after the replacement (renamed,
    reordered) is taken as reviewed, and an item added after the replacement
    to a kit untouched since is reported although it is current.
    """
    latest = (
        select(
            AssetVersion.asset_id.label("asset_id"),
            func.max(AssetVersion.created).label("latest"),
            func.count().label("versions"),
        )
        .group_by(AssetVersion.asset_id)
        .subquery()
    )
    rows = session.execute(
        select(CollectionItem.asset_id, func.min(Collection.name), func.count())
        .join(Collection, Collection.id == CollectionItem.collection_id)
        .join(latest, latest.c.asset_id == CollectionItem.asset_id)
        .where(latest.c.versions > 1, latest.c.latest > Collection.updated)
        .where(CollectionItem.asset_id.in_(_live()))
        .group_by(CollectionItem.asset_id)
    )
    return [
        (i, f"kit '{name}' holds an older version" + (f" (+{n - 1} more kits)" if n > 1 else ""))
        for i, name, n in rows
    ]


def _rows(session: Session, found: dict[int, dict[str, str]]) -> list[AttentionRow]:
    if not found:
        return []
    assets = session.execute(
        select(Asset.id, Asset.title, User.name, Asset.status)
        .join(User, User.id == Asset.owner_id)
        .where(Asset.id.in_(list(found)))
        .order_by(Asset.id)
    )
    order = list(REASONS)
    rows = []
    for asset_id, title, owner, status in assets:
        keys = sorted(found[asset_id], key=order.index)
        details = tuple(found[asset_id][k] for k in keys)
        rows.append(AttentionRow(asset_id, title, owner, status, tuple(keys), details))
    return rows
