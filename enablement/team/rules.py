"""The permission matrix of team mode as data: table grants and row policies.

`permissions.py` states who may do what for the client; this module states
the same rules for PostgreSQL, so they hold against a modified client or a
person typing SQL. Roles are written S (seller), M (marketer) and A (admin).
Expressions use `{s}` for the library's schema and `{uid}` for the function
that maps `current_user` to the caller's `users.id`.

Every table of the catalogue must appear in `GRANTS`; a test walks the ORM
metadata and fails on a table without rules, so a new table is a decision,
not an accident (team init grants nothing on a table it does not know).
"""

from __future__ import annotations

from dataclasses import dataclass

STAFF = "MA"
EVERYONE = "SMA"

# table -> ((roles, privileges), ...). Column lists in privileges are allowed.
GRANTS: dict[str, tuple[tuple[str, str], ...]] = {
    "alembic_version": ((EVERYONE, "SELECT"),),
    "users": ((EVERYONE, "SELECT"), ("A", "INSERT, UPDATE")),
    "tag_categories": ((EVERYONE, "SELECT"), (STAFF, "INSERT, UPDATE, DELETE")),
    "tags": ((EVERYONE, "SELECT"), (STAFF, "INSERT, UPDATE, DELETE")),
    "assets": ((EVERYONE, "SELECT"), (STAFF, "INSERT, UPDATE, DELETE")),
    "asset_versions": ((EVERYONE, "SELECT"), (STAFF, "INSERT, UPDATE, DELETE")),
    "page_texts": ((EVERYONE, "SELECT"), (STAFF, "INSERT, UPDATE, DELETE")),
    "asset_tags": ((EVERYONE, "SELECT"), (STAFF, "INSERT, UPDATE, DELETE")),
    "ratings": ((EVERYONE, "SELECT, INSERT, UPDATE, DELETE"),),
    "material_requests": (
        (EVERYONE, "SELECT, INSERT"),
        # A requester may reword their request and mark answers seen, never
        # set its status, assignee or resolution.
        (
            "S",
            "UPDATE (title, details, situation_tag_id, segment_tag_id, needed_by, "
            "requester_seen_at, updated)",
        ),
        (STAFF, "UPDATE"),
    ),
    "request_votes": ((EVERYONE, "SELECT, INSERT, DELETE"),),
    "collections": ((EVERYONE, "SELECT, INSERT, UPDATE, DELETE"),),
    "collection_items": ((EVERYONE, "SELECT, INSERT, UPDATE, DELETE"),),
    # Append-only for everybody: no UPDATE or DELETE grant exists at all.
    "usage_events": ((EVERYONE, "SELECT, INSERT"),),
    "index_outbox": ((EVERYONE, "SELECT, INSERT"),),
    # Tag suggestions a marketer turned down: curation, so staff only.
    "suggestion_rejections": ((STAFF, "SELECT, INSERT, DELETE"),),
}


@dataclass(frozen=True)
class Policy:
    table: str
    name: str
    command: str  # ALL, SELECT, INSERT, UPDATE, DELETE
    roles: str
    using: str | None = None
    check: str | None = None


# "The row's asset is one this person may see", as a probe of that one asset.
# The same test written `asset_id IN (SELECT id FROM assets)` makes PostgreSQL
# hash every visible asset for each statement a seller runs (a sync round, a
# search, a preview): 8 ms per statement at 20k assets instead of 0.1 ms.
# `asset_id` is the policy table's column; `assets` has none of that name.
_VISIBLE_ASSET = "EXISTS (SELECT 1 FROM {s}.assets a WHERE a.id = asset_id)"
_OWN = "user_id = {uid}"

POLICIES: tuple[Policy, ...] = (
    # Sellers see published assets that are not past their review date; the
    # files, pages and tags of any other asset are invisible with it.
    Policy("assets", "staff", "ALL", STAFF, "true", "true"),
    Policy(
        "assets",
        "seller_read",
        "SELECT",
        "S",
        "status = 'published' AND (review_by IS NULL OR review_by >= current_date)",
    ),
    Policy("asset_versions", "staff", "ALL", STAFF, "true", "true"),
    Policy("asset_versions", "seller_read", "SELECT", "S", _VISIBLE_ASSET),
    Policy("asset_tags", "staff", "ALL", STAFF, "true", "true"),
    Policy("asset_tags", "seller_read", "SELECT", "S", _VISIBLE_ASSET),
    Policy("page_texts", "staff", "ALL", STAFF, "true", "true"),
    Policy(
        "page_texts",
        "seller_read",
        "SELECT",
        "S",
        "EXISTS (SELECT 1 FROM {s}.asset_versions v WHERE v.id = version_id)",
    ),
    # Ratings: everyone changes only their own; marketing may move ratings
    # between tags when it merges two tags.
    Policy("ratings", "staff_read", "SELECT", STAFF, "true"),
    Policy("ratings", "seller_read", "SELECT", "S", f"{_VISIBLE_ASSET} OR {_OWN}"),
    Policy("ratings", "own_insert", "INSERT", EVERYONE, None, f"{_OWN} AND {_VISIBLE_ASSET}"),
    Policy("ratings", "own_update", "UPDATE", EVERYONE, _OWN, _OWN),
    Policy("ratings", "own_delete", "DELETE", EVERYONE, _OWN),
    Policy("ratings", "staff_retag", "UPDATE", STAFF, "true", "true"),
    # Requests: sellers see open requests (to +1 them) and all of their own.
    Policy("material_requests", "staff", "ALL", STAFF, "true", "true"),
    Policy(
        "material_requests",
        "seller_read",
        "SELECT",
        "S",
        "requester_id = {uid} OR status IN ('open', 'in-progress')",
    ),
    Policy(
        "material_requests",
        "seller_insert",
        "INSERT",
        "S",
        None,
        "requester_id = {uid} AND status = 'open' AND assignee_id IS NULL "
        "AND fulfilling_asset_id IS NULL AND merged_into_id IS NULL",
    ),
    Policy(
        "material_requests",
        "seller_update",
        "UPDATE",
        "S",
        "requester_id = {uid}",
        "requester_id = {uid}",
    ),
    Policy("request_votes", "read", "SELECT", EVERYONE, "true"),
    Policy("request_votes", "own_insert", "INSERT", EVERYONE, None, _OWN),
    Policy("request_votes", "own_delete", "DELETE", EVERYONE, _OWN),
    Policy("request_votes", "staff_merge", "INSERT", STAFF, None, "true"),
    # Kits: personal ones belong to their owner; marketing curates shared ones.
    Policy("collections", "read", "SELECT", EVERYONE, "owner_id = {uid} OR shared"),
    Policy("collections", "own_insert", "INSERT", EVERYONE, None, "owner_id = {uid}"),
    Policy("collections", "own_update", "UPDATE", EVERYONE, "owner_id = {uid}", "owner_id = {uid}"),
    Policy("collections", "own_delete", "DELETE", EVERYONE, "owner_id = {uid}"),
    Policy("collections", "staff_shared", "ALL", STAFF, "shared", "shared"),
    Policy(
        "collection_items",
        "read",
        "SELECT",
        EVERYONE,
        "collection_id IN (SELECT id FROM {s}.collections)",
    ),
    Policy(
        "collection_items",
        "own_write",
        "ALL",
        EVERYONE,
        "collection_id IN (SELECT id FROM {s}.collections WHERE owner_id = {uid})",
        "collection_id IN (SELECT id FROM {s}.collections WHERE owner_id = {uid}) "
        f"AND {_VISIBLE_ASSET}",
    ),
    Policy(
        "collection_items",
        "staff_shared",
        "ALL",
        STAFF,
        "collection_id IN (SELECT id FROM {s}.collections WHERE shared)",
        "collection_id IN (SELECT id FROM {s}.collections WHERE shared)",
    ),
    # Usage: each person appends events in their own name and role only;
    # sellers read back their own, marketing reads all for reports.
    Policy(
        "usage_events",
        "own_insert",
        "INSERT",
        EVERYONE,
        None,
        f"{_OWN} AND role = (SELECT u.role FROM {{s}}.users u WHERE u.id = {{uid}})",
    ),
    Policy("usage_events", "seller_read", "SELECT", "S", _OWN),
    Policy("usage_events", "staff_read", "SELECT", STAFF, "true"),
    # The index outbox is the change sequence every client catches up from.
    Policy("index_outbox", "read", "SELECT", EVERYONE, "true"),
    Policy("index_outbox", "staff_insert", "INSERT", STAFF, None, "true"),
    Policy("index_outbox", "seller_insert", "INSERT", "S", None, _VISIBLE_ASSET),
)

RLS_TABLES = tuple(sorted({p.table for p in POLICIES}))
