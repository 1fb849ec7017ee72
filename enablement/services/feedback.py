"""Ratings: one per person and asset, editable, with situation and outcome."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..changes import NO_CHANGES, Changes
from ..errors import InvalidInput
from ..models import Rating, Tag
from ..permissions import Action, Actor
from . import assets, taxonomy, usage

OUTCOMES = ("helped", "did-not-help", "")


@dataclass(frozen=True)
class RatingInfo:
    asset_id: int
    stars: int
    comment: str
    situation: str | None
    outcome: str
    updated: datetime
    changes: Changes = field(default=NO_CHANGES, compare=False, repr=False)


def rate(
    session: Session,
    actor: Actor,
    asset_id: int,
    stars: int,
    *,
    comment: str = "",
    situation: str | None = None,
    outcome: str = "",
) -> RatingInfo:
    actor.require(Action.RATE)
    if not 1 <= stars <= 5:
        raise InvalidInput("a rating is 1 to 5 stars")
    if outcome not in OUTCOMES:
        raise InvalidInput("the outcome is 'helped' or 'did-not-help'")
    asset = assets.load(session, actor, asset_id)
    situation_tag = taxonomy.find_tag(session, "situation", situation) if situation else None
    rating = session.scalar(
        select(Rating).where(Rating.user_id == actor.user_id, Rating.asset_id == asset.id)
    )
    if rating is None:
        rating = Rating(user_id=actor.user_id, asset_id=asset.id, stars=stars)
        session.add(rating)
    rating.stars = stars
    rating.comment = comment.strip()
    rating.situation_tag_id = situation_tag.id if situation_tag else None
    rating.outcome = outcome
    version = asset.current_version
    usage.record(
        session, actor, "rate", asset_id=asset.id, version_id=version.id if version else None
    )
    assets.enqueue_index(session, [asset.id])
    session.flush()
    return rated(_info(session, rating))


def rated(info: RatingInfo) -> RatingInfo:
    """The rating as a mutation's result: the asset's rating figures changed.

    Also used for a rating queued offline, which changes what this desktop shows.
    """
    return replace(info, changes=Changes(assets=frozenset({info.asset_id}), ratings=True))


def my_rating(session: Session, actor: Actor, asset_id: int) -> RatingInfo | None:
    actor.require(Action.RATE)
    rating = session.scalar(
        select(Rating).where(Rating.user_id == actor.user_id, Rating.asset_id == asset_id)
    )
    return _info(session, rating) if rating else None


def _info(session: Session, rating: Rating) -> RatingInfo:
    situation = session.get(Tag, rating.situation_tag_id) if rating.situation_tag_id else None
    return RatingInfo(
        rating.asset_id,
        rating.stars,
        rating.comment,
        situation.label if situation else None,
        rating.outcome,
        rating.updated,
    )
