"""Raw SQL as each person: the database refuses what their role may not do.

These statements are what a modified client could send. Refusals are either
a privilege error (no grant, a row policy's WITH CHECK, the users trigger) or
zero rows touched (a row policy hides the row), and never a change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg
import pytest
from psycopg.errors import InsufficientPrivilege

from enablement.models import Base
from enablement.team.rules import GRANTS

from .conftest import Opener, TeamDb, World

pytestmark = pytest.mark.postgres
Conn = psycopg.Connection[tuple[object, ...]]
Raw = Callable[[str], Conn]


@dataclass(frozen=True)
class Ids:
    published: int
    draft: int
    sam: int
    sid: int
    maria: int
    sid_rating: int
    sid_request: int
    sid_kit: int
    admin_group: str
    sam_login: str
    maria_login: str

    def fill(self, statement: str) -> str:
        return statement.format(**self.__dict__)


@pytest.fixture(scope="module")
def ids(team_open: Opener, world: World, team_db: TeamDb) -> Ids:
    sid = team_open("sid")
    sid.ratings.rate(world.published, 3)
    request = sid.requests.create("Case study for hospitals")
    kit = sid.collections.create("Sid's kit")
    sam = team_open("sam")
    sam.requests.vote(request.id)
    sam.ratings.rate(world.published, 4)
    with psycopg.connect(team_db.conninfo()) as conn:
        users: dict[object, object] = dict(conn.execute("SELECT name, id FROM users").fetchall())
        rating = conn.execute("SELECT id FROM ratings WHERE user_id = %s", (users[sid.actor.name],))
        row = rating.fetchone()
    assert row is not None
    return Ids(
        published=world.published,
        draft=world.draft,
        sam=int(str(users[team_db.login("sam")])),
        sid=int(str(users[team_db.login("sid")])),
        maria=int(str(users[team_db.login("maria")])),
        sid_rating=int(str(row[0])),
        sid_request=request.id,
        sid_kit=kit.id,
        admin_group=f'"{team_db.prefix}admin"',
        sam_login=f'"{team_db.login("sam")}"',
        maria_login=f'"{team_db.login("maria")}"',
    )


def refused(conn: Conn, statement: str) -> None:
    with pytest.raises(InsufficientPrivilege), conn.transaction():
        conn.execute(statement.encode())


def touched(conn: Conn, statement: str) -> int:
    """Rows a statement changes (rolled back afterwards)."""
    with conn.transaction(force_rollback=True):
        return conn.execute(statement.encode()).rowcount


def rows(conn: Conn, statement: str) -> list[tuple[object, ...]]:
    with conn.transaction(force_rollback=True):
        return conn.execute(statement.encode()).fetchall()


NOW = "now() AT TIME ZONE 'utc'"
CATALOGUE_WRITES = [
    "INSERT INTO assets (title, description, owner_id, status, audience, created, updated, "
    f"row_version) VALUES ('x', '', {{sam}}, 'published', 'internal', {NOW}, {NOW}, 1)",
    "UPDATE assets SET title = 'x' WHERE id = {published}",
    "UPDATE assets SET status = 'published' WHERE id = {draft}",
    "DELETE FROM assets WHERE id = {published}",
    "INSERT INTO asset_versions (asset_id, number, blob_digest, filename, media_type, kind, "
    "size, page_count, extraction_status, extraction_error, warnings, change_note, created, "
    f"created_by_id) VALUES ({{published}}, 9, 'x', 'x', 'x', 'x', 1, 0, 'ok', '', '', '', {NOW}, "
    "{sam})",
    "UPDATE asset_versions SET filename = 'x' WHERE asset_id = {published}",
    "DELETE FROM asset_versions WHERE asset_id = {published}",
    "INSERT INTO page_texts (version_id, page_number, text) "
    "SELECT id, 99, 'x' FROM asset_versions WHERE asset_id = {published}",
    "UPDATE page_texts SET text = 'x'",
    "DELETE FROM page_texts",
    "INSERT INTO asset_tags (asset_id, tag_id) SELECT {published}, max(id) FROM tags",
    "DELETE FROM asset_tags WHERE asset_id = {published}",
    "INSERT INTO tags (category_id, slug, label, position, retired, keywords, synonyms) "
    "SELECT min(id), 'x', 'x', 0, false, '', '' FROM tag_categories",
    "UPDATE tags SET label = 'x'",
    "DELETE FROM tags WHERE id = (SELECT max(id) FROM tags)",
    "INSERT INTO tag_categories (slug, label, position) VALUES ('x', 'x', 0)",
    "UPDATE tag_categories SET label = 'x'",
    "DELETE FROM tag_categories",
]
USAGE_REWRITES = [
    "UPDATE usage_events SET kind = 'view'",
    "DELETE FROM usage_events",
    "UPDATE index_outbox SET asset_id = 0",
    "DELETE FROM index_outbox",
]
ROLE_CHANGES = [
    "UPDATE users SET role = 'admin' WHERE id = {sam}",
    "UPDATE users SET role = 'admin' WHERE id = {maria}",
    "INSERT INTO users (name, display_name, role, active, segments, created) "
    f"VALUES ('mallory', '', 'admin', true, '', {NOW})",
    "DELETE FROM users WHERE id = {sid}",
    "CREATE ROLE mallory LOGIN SUPERUSER",
    "CREATE ROLE mallory",
    "GRANT {admin_group} TO {maria_login}",
    "SET ROLE {admin_group}",
]


@pytest.mark.parametrize("statement", CATALOGUE_WRITES + USAGE_REWRITES + ROLE_CHANGES)
def test_seller_is_refused(raw: Raw, ids: Ids, statement: str) -> None:
    refused(raw("sam"), ids.fill(statement))


@pytest.mark.parametrize("statement", USAGE_REWRITES + ROLE_CHANGES)
def test_marketer_is_refused(raw: Raw, ids: Ids, statement: str) -> None:
    refused(raw("maria"), ids.fill(statement))


@pytest.mark.parametrize("statement", USAGE_REWRITES)
def test_nobody_rewrites_the_usage_log(raw: Raw, ids: Ids, statement: str) -> None:
    refused(raw("ada"), ids.fill(statement))


def test_admin_cannot_give_a_role_the_database_would_not_enforce(raw: Raw, ids: Ids) -> None:
    refused(raw("ada"), ids.fill("UPDATE users SET role = 'admin' WHERE id = {sam}"))


def test_seller_cannot_read_drafts_or_archived_assets_or_their_parts(
    raw: Raw, ids: Ids, world: World
) -> None:
    hidden = f"({world.draft}, {world.archived}, {world.expired})"
    queries = [
        f"SELECT id FROM assets WHERE id IN {hidden}",
        f"SELECT id FROM asset_versions WHERE asset_id IN {hidden}",
        f"SELECT p.id FROM page_texts p JOIN asset_versions v ON v.id = p.version_id "
        f"WHERE v.asset_id IN {hidden}",
        "SELECT p.id FROM page_texts p WHERE p.text LIKE '%draftword%'",
        f"SELECT tag_id FROM asset_tags WHERE asset_id IN {hidden}",
    ]
    sam, maria = raw("sam"), raw("maria")
    for query in queries:
        assert rows(sam, query) == [], query
        assert rows(maria, query) != [], query
    assert rows(sam, f"SELECT id FROM assets WHERE id = {world.published}") != []


def test_seller_cannot_switch_row_security_off(raw: Raw) -> None:
    sam = raw("sam")
    with pytest.raises(InsufficientPrivilege), sam.transaction():
        sam.execute("SET LOCAL row_security = off")
        sam.execute("SELECT id FROM assets")


def test_seller_changes_only_their_own_ratings(raw: Raw, ids: Ids) -> None:
    sam = raw("sam")
    refused(sam, ids.fill(
        "INSERT INTO ratings (user_id, asset_id, stars, comment, outcome, created, updated) "
        f"VALUES ({{sid}}, {{published}}, 1, '', '', {NOW}, {NOW})"
    ))  # fmt: skip
    refused(sam, ids.fill(
        "INSERT INTO ratings (user_id, asset_id, stars, comment, outcome, created, updated) "
        f"VALUES ({{sam}}, {{draft}}, 1, '', '', {NOW}, {NOW})"
    ))  # fmt: skip
    assert touched(sam, ids.fill("UPDATE ratings SET stars = 1 WHERE id = {sid_rating}")) == 0
    assert touched(sam, ids.fill("DELETE FROM ratings WHERE id = {sid_rating}")) == 0
    refused(sam, ids.fill("UPDATE ratings SET user_id = {sid} WHERE user_id = {sam}"))


def test_seller_changes_only_their_own_requests_and_votes(raw: Raw, ids: Ids) -> None:
    sam = raw("sam")
    insert = (
        "INSERT INTO material_requests (requester_id, title, details, status, resolution_note, "
        f"created, updated) VALUES ({{who}}, 'x', '', '{{status}}', '', {NOW}, {NOW})"
    )
    refused(sam, insert.format(who=ids.sid, status="open"))
    refused(sam, insert.format(who=ids.sam, status="fulfilled"))
    assert touched(sam, ids.fill(
        "UPDATE material_requests SET title = 'x' WHERE id = {sid_request}"
    )) == 0  # fmt: skip
    refused(sam, ids.fill("UPDATE material_requests SET status = 'declined'"))
    refused(sam, ids.fill("UPDATE material_requests SET assignee_id = {sam}"))
    refused(sam, "DELETE FROM material_requests")
    refused(sam, ids.fill(
        f"INSERT INTO request_votes (request_id, user_id, created) "
        f"VALUES ({{sid_request}}, {{sid}}, {NOW})"
    ))  # fmt: skip
    assert touched(sam, ids.fill("DELETE FROM request_votes WHERE user_id = {sid}")) == 0
    assert touched(sam, ids.fill("DELETE FROM request_votes WHERE user_id = {sam}")) == 1


def test_seller_changes_only_their_own_kits(raw: Raw, ids: Ids) -> None:
    sam = raw("sam")
    refused(sam, ids.fill(
        f"INSERT INTO collections (name, owner_id, shared, created, updated) "
        f"VALUES ('x', {{sid}}, false, {NOW}, {NOW})"
    ))  # fmt: skip
    assert touched(sam, ids.fill("UPDATE collections SET name = 'x' WHERE id = {sid_kit}")) == 0
    assert touched(sam, ids.fill("DELETE FROM collections WHERE id = {sid_kit}")) == 0
    assert rows(sam, ids.fill("SELECT id FROM collections WHERE id = {sid_kit}")) == []
    refused(sam, ids.fill(
        "INSERT INTO collection_items (collection_id, asset_id, position) "
        "VALUES ({sid_kit}, {published}, 0)"
    ))  # fmt: skip


def test_usage_events_are_append_only_in_ones_own_name(raw: Raw, ids: Ids) -> None:
    sam = raw("sam")
    insert = (
        "INSERT INTO usage_events (event_key, occurred_at, user_id, role, client, kind) "
        f"VALUES (gen_random_uuid()::text, {NOW}, {{who}}, '{{role}}', 'raw', 'view')"
    )
    assert touched(sam, insert.format(who=ids.sam, role="seller")) == 1
    refused(sam, insert.format(who=ids.sid, role="seller"))
    refused(sam, insert.format(who=ids.sam, role="admin"))
    others = rows(sam, ids.fill("SELECT id FROM usage_events WHERE user_id <> {sam}"))
    assert others == []
    assert rows(raw("maria"), ids.fill("SELECT id FROM usage_events WHERE user_id = {sid}"))


def test_seller_enqueues_only_assets_they_can_see(raw: Raw, ids: Ids) -> None:
    sam = raw("sam")
    outbox = f"INSERT INTO index_outbox (asset_id, enqueued_at) VALUES ({{}}, {NOW})"
    refused(sam, outbox.format(ids.draft))
    assert touched(sam, outbox.format(ids.published)) == 1


def test_every_table_has_rules(team_db: TeamDb) -> None:
    tables = set(Base.metadata.tables) | {"alembic_version"}
    assert tables <= set(GRANTS), f"tables without team rules: {tables - set(GRANTS)}"
    from enablement.team import init_team

    assert init_team(team_db.url, team_db.prefix).tables_without_rules == ()


def test_a_follow_up_marks_the_own_search_used_without_update_rights(raw: Raw, ids: Ids) -> None:
    sam = raw("sam")
    if not rows(sam, "SELECT 1 FROM information_schema.columns WHERE column_name = 'search_used'"):
        pytest.skip("this schema has no usage_events.search_used")
    event = (
        "INSERT INTO usage_events (event_key, occurred_at, user_id, role, client, kind, "
        f"search_key) VALUES ('{{key}}', {NOW}, {ids.sam}, 'seller', 'raw', '{{kind}}', {{search}})"
    )
    with sam.transaction(force_rollback=True):
        sam.execute(event.format(key="s-1", kind="search", search="NULL").encode())
        sam.execute(event.format(key="v-1", kind="view", search="'s-1'").encode())
        sam.execute(event.format(key="v-2", kind="view", search="'s-2'").encode())
        sam.execute(event.format(key="s-2", kind="search", search="NULL").encode())
        used = sam.execute(
            b"SELECT event_key, search_used FROM usage_events WHERE kind = 'search' "
            b"AND event_key IN ('s-1', 's-2') ORDER BY event_key"
        ).fetchall()
    assert used == [("s-1", True), ("s-2", True)]
