"""Material requests from sellers, their +1 votes and how marketing answered."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UtcDateTime, created_at, intpk, updated_at

REQUEST_STATUSES = ("open", "in-progress", "fulfilled", "declined", "merged")


class MaterialRequest(Base):
    __tablename__ = "material_requests"
    __table_args__ = (
        CheckConstraint(
            "status IN ('open', 'in-progress', 'fulfilled', 'declined', 'merged')", name="status"
        ),
        Index("ix_material_requests_status", "status"),
    )

    id: Mapped[intpk]
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    details: Mapped[str] = mapped_column(Text, nullable=False, default="")
    situation_tag_id: Mapped[int | None] = mapped_column(ForeignKey("tags.id"), nullable=True)
    segment_tag_id: Mapped[int | None] = mapped_column(ForeignKey("tags.id"), nullable=True)
    needed_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="open")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    fulfilling_asset_id: Mapped[int | None] = mapped_column(
        ForeignKey("assets.id", ondelete="SET NULL"), nullable=True
    )
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("material_requests.id"), nullable=True
    )
    resolution_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created: Mapped[created_at]
    updated: Mapped[updated_at]
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # When the requester last looked, so "My requests" can mark what changed since.
    requester_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class RequestVote(Base):
    __tablename__ = "request_votes"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("material_requests.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    created: Mapped[created_at]
