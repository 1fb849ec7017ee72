"""People who use the library and the role each one holds."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, created_at, intpk

ROLES = ("seller", "marketer", "admin")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('seller', 'marketer', 'admin')", name="role"),)

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # Segments a seller covers feed the "new for me" feed; comma-free slugs.
    segments: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    created: Mapped[created_at]
