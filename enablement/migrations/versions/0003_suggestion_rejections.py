"""suggestion rejections: a rejected tag suggestion stays rejected

Revision ID: 0003_suggestion_rejections
Revises: 0002_report_indexes

One row per (asset version, tag) a marketer rejected as a suggestion, with
who and when. Suggestions are read from the current version's text, so the
rejection is keyed by the version: a new version is judged afresh. Team
mode: `enablement team init` must be run again after this upgrade to grant
the new table (staff only; `enablement.team.rules.GRANTS`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import enablement.models.base

revision = "0003_suggestion_rejections"
down_revision = "0002_report_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suggestion_rejections",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("rejected_by_id", sa.Integer(), nullable=True),
        sa.Column("rejected_at", enablement.models.base.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["asset_versions.id"],
            name=op.f("fk_suggestion_rejections_version_id_asset_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"],
            ["tags.id"],
            name=op.f("fk_suggestion_rejections_tag_id_tags"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rejected_by_id"],
            ["users.id"],
            name=op.f("fk_suggestion_rejections_rejected_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("version_id", "tag_id", name=op.f("pk_suggestion_rejections")),
    )
    with op.batch_alter_table("suggestion_rejections") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_suggestion_rejections_tag_id"), ["tag_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("suggestion_rejections") as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_rejections_tag_id"))
    op.drop_table("suggestion_rejections")
