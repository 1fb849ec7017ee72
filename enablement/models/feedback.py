"""Ratings: one per person and asset, with the situation and outcome reported."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, created_at, intpk, updated_at


class Rating(Base):
    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("user_id", "asset_id", name="uq_ratings_user_asset"),
        CheckConstraint("stars BETWEEN 1 AND 5", name="stars"),
        CheckConstraint("outcome IN ('helped', 'did-not-help', '')", name="outcome"),
    )

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    asset_id: Mapped[int] = mapped_column(
        ForeignKey("assets.id", ondelete="CASCADE"), nullable=False, index=True
    )
    stars: Mapped[int] = mapped_column(Integer, nullable=False)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    situation_tag_id: Mapped[int | None] = mapped_column(ForeignKey("tags.id"), nullable=True)
    outcome: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    created: Mapped[created_at]
    updated: Mapped[updated_at]
