"""Rejected tag suggestions, kept so a rejected tag is not proposed again.

A rejection belongs to one version of an asset: suggestions are read from the
current version's text, so a new version (new text) is looked at afresh.
Deleting the version or the tag (a merge deletes its source) deletes the
rejection with it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UtcDateTime, utcnow


class SuggestionRejection(Base):
    __tablename__ = "suggestion_rejections"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("asset_versions.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    rejected_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    rejected_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, nullable=False)
