"""report indexes: covering indexes and resolved search use for the reports

Revision ID: 0002_report_indexes
Revises: 0001

Reports aggregate one kind of event over a time window, ask whether an asset
was used lately, whether a user was active in a week and whether a search
ended in a use. The indexes below answer each from the index alone and
replace the narrower (kind, time), (asset, time) and (user, time) ones.
`search_used` records on a search whether a follow-up carrying its key
exists; it is filled in here for the events logged so far and kept up to
date by `enablement.services.usage.record` from now on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_report_indexes"
down_revision = "0001"
branch_labels = None
depends_on = None

KIND_TIME_COVER = [
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
]
# As of this revision; the live list is enablement.models.usage.FOLLOW_UP_KINDS.
FOLLOW_UP_KINDS = ("click", "view", "open", "export", "share", "drag-out")


def upgrade() -> None:
    op.add_column(
        "usage_events",
        sa.Column("search_used", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    kinds = ", ".join(f"'{kind}'" for kind in FOLLOW_UP_KINDS)
    op.execute(
        "UPDATE usage_events SET search_used = TRUE WHERE kind = 'search' AND event_key IN "
        "(SELECT search_key FROM usage_events "
        f"WHERE search_key IS NOT NULL AND kind IN ({kinds}))"
    )
    op.drop_index("ix_usage_events_kind_time", table_name="usage_events")
    op.drop_index("ix_usage_events_asset_time", table_name="usage_events")
    op.drop_index("ix_usage_events_user_time", table_name="usage_events")
    op.create_index("ix_usage_events_kind_time_cover", "usage_events", KIND_TIME_COVER)
    op.create_index(
        "ix_usage_events_asset_time_kind",
        "usage_events",
        ["asset_id", "occurred_at", "kind", "role"],
    )
    op.create_index(
        "ix_usage_events_user_time_role", "usage_events", ["user_id", "occurred_at", "role"]
    )


def downgrade() -> None:
    op.drop_index("ix_usage_events_user_time_role", table_name="usage_events")
    op.drop_index("ix_usage_events_asset_time_kind", table_name="usage_events")
    op.drop_index("ix_usage_events_kind_time_cover", table_name="usage_events")
    op.create_index("ix_usage_events_user_time", "usage_events", ["user_id", "occurred_at"])
    op.create_index("ix_usage_events_asset_time", "usage_events", ["asset_id", "occurred_at"])
    op.create_index("ix_usage_events_kind_time", "usage_events", ["kind", "occurred_at"])
    with op.batch_alter_table("usage_events") as batch_op:
        batch_op.drop_column("search_used")
