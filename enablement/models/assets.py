"""Assets, their file versions, extracted page text and tag assignments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UtcDateTime, created_at, intpk, long_text, updated_at
from .taxonomy import Tag
from .users import User

STATUSES = ("draft", "published", "archived")
AUDIENCES = ("internal", "customer-facing")

asset_tags = Table(
    "asset_tags",
    Base.metadata,
    Column("asset_id", ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
    Index("ix_asset_tags_tag_id", "tag_id"),
)


class Asset(Base):
    __tablename__ = "assets"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'archived')", name="status"),
        CheckConstraint("audience IN ('internal', 'customer-facing')", name="audience"),
    )

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    description: Mapped[long_text]
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="draft")
    audience: Mapped[str] = mapped_column(String(20), nullable=False, default="internal")
    review_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    created: Mapped[created_at]
    updated: Mapped[updated_at]
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # Optimistic locking: a second editor working from an old copy is refused.
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    owner: Mapped[User] = relationship()
    versions: Mapped[list[AssetVersion]] = relationship(
        back_populates="asset", order_by="AssetVersion.number", cascade="all, delete-orphan"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=asset_tags)

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012

    @property
    def current_version(self) -> AssetVersion | None:
        return self.versions[-1] if self.versions else None


class AssetVersion(Base):
    __tablename__ = "asset_versions"
    __table_args__ = (UniqueConstraint("asset_id", "number", name="uq_asset_versions_number"),)

    id: Mapped[intpk]
    asset_id: Mapped[int] = mapped_column(
        ForeignKey("assets.id", ondelete="CASCADE"), nullable=False, index=True
    )
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    blob_digest: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    filename: Mapped[str] = mapped_column(String(1000), nullable=False)
    media_type: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    page_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    extraction_status: Mapped[str] = mapped_column(String(20), nullable=False, default="ok")
    extraction_error: Mapped[str] = mapped_column(Text, nullable=False, default="")
    warnings: Mapped[str] = mapped_column(Text, nullable=False, default="")
    change_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created: Mapped[created_at]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)

    asset: Mapped[Asset] = relationship(back_populates="versions")
    pages: Mapped[list[PageText]] = relationship(
        order_by="PageText.page_number", cascade="all, delete-orphan"
    )


class PageText(Base):
    __tablename__ = "page_texts"
    __table_args__ = (UniqueConstraint("version_id", "page_number", name="uq_page_texts_page"),)

    id: Mapped[intpk]
    version_id: Mapped[int] = mapped_column(
        ForeignKey("asset_versions.id", ondelete="CASCADE"), nullable=False
    )
    page_number: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
