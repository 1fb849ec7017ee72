"""The append-only usage log and the search-index outbox.

Usage events carry an idempotency key so an offline client can deliver its
queue more than once without counting anything twice. The outbox holds one
row per catalogue change that the search index has not yet absorbed; its
autoincrement key is the change sequence clients catch up from.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UtcDateTime, intpk, utcnow

EVENT_KINDS = (
    "search",
    "click",
    "view",
    "open",
    "export",
    "share",
    "drag-out",
    "rate",
    "request-created",
    "request-vote",
    "request-fulfilled",
    "request-declined",
    "kit-export",
)


class UsageEvent(Base):
    __tablename__ = "usage_events"
    __table_args__ = (
        Index("ix_usage_events_kind_time", "kind", "occurred_at"),
        Index("ix_usage_events_asset_time", "asset_id", "occurred_at"),
        Index("ix_usage_events_user_time", "user_id", "occurred_at"),
    )

    id: Mapped[intpk]
    event_key: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    client: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    asset_id: Mapped[int | None] = mapped_column(
        ForeignKey("assets.id", ondelete="SET NULL"), nullable=True
    )
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("asset_versions.id", ondelete="SET NULL"), nullable=True
    )
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("material_requests.id", ondelete="SET NULL"), nullable=True
    )
    query: Mapped[str | None] = mapped_column(Text, nullable=True)
    normalized_query: Mapped[str | None] = mapped_column(String(500), nullable=True)
    filters: Mapped[str | None] = mapped_column(Text, nullable=True)
    result_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rank: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Ties a click/open to the search it came from, for "searches ending in a use".
    search_key: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)


class IndexOutbox(Base):
    __tablename__ = "index_outbox"

    seq: Mapped[intpk]
    asset_id: Mapped[int] = mapped_column(Integer, nullable=False)
    enqueued_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
