"""Controlled vocabulary: tag categories (situation, segment, ...) and their tags."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, intpk


class TagCategory(Base):
    __tablename__ = "tag_categories"

    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(String(50), unique=True, nullable=False)
    label: Mapped[str] = mapped_column(String(100), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    tags: Mapped[list[Tag]] = relationship(back_populates="category", order_by="Tag.position")


class Tag(Base):
    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("category_id", "slug", name="uq_tags_category_slug"),)

    id: Mapped[intpk]
    category_id: Mapped[int] = mapped_column(ForeignKey("tag_categories.id"), nullable=False)
    slug: Mapped[str] = mapped_column(String(100), nullable=False)
    label: Mapped[str] = mapped_column(String(100), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tags.id"), nullable=True)
    retired: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Keyword rules for suggested tags and search synonyms, one per line.
    keywords: Mapped[str] = mapped_column(Text, nullable=False, default="")
    synonyms: Mapped[str] = mapped_column(Text, nullable=False, default="")

    category: Mapped[TagCategory] = relationship(back_populates="tags")
