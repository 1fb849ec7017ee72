"""The append-only usage log and the search-index outbox.

Usage events carry an idempotency key so an offline client can deliver its
queue more than once without counting anything twice. The outbox holds one
row per catalogue change that the search index has not yet absorbed; its
autoincrement key is the change sequence clients catch up from.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, false
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


# An event carrying a search's key with one of these kinds means the search
# led somewhere: the seller clicked, previewed, opened or took the file.
FOLLOW_UP_KINDS = ("click", "view", "open", "export", "share", "drag-out")

KIND_TIME_COVER = (
    "kind",
    "occurred_at",
    "role",
    "user_id",
    "asset_id",
    "result_count",
    "search_used",
    "normalized_query",
    "query",
    "filters",
)


class UsageEvent(Base):
    __tablename__ = "usage_events"
    __table_args__ = (
        # The reports read a time window of one kind of event: this index
        # carries every column they group, count or filter by, so a report
        # never visits the table rows (scattered when clients deliver late).
        Index("ix_usage_events_kind_time_cover", *KIND_TIME_COVER),
        # "Used lately?" per asset and "active that week?" per user, answered
        # from the index alone.
        Index("ix_usage_events_asset_time_kind", "asset_id", "occurred_at", "kind", "role"),
        Index("ix_usage_events_user_time_role", "user_id", "occurred_at", "role"),
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
    # On a search: whether a follow-up carrying its key exists. Kept by
    # `services.usage.record` whichever of the two arrives first, so reports
    # count "searches ending in a use" without joining the log to itself.
    search_used: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )


class IndexOutbox(Base):
    __tablename__ = "index_outbox"

    seq: Mapped[intpk]
    asset_id: Mapped[int] = mapped_column(Integer, nullable=False)
    enqueued_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
