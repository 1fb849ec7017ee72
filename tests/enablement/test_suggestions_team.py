"""Rejected tag suggestions on a team library: kept in PostgreSQL for every
marketer, through the team grants (staff only), across restarts."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from enablement.ingest import ImportOptions
from enablement.services import suggestions
from tests.team.conftest import (  # noqa: F401 - fixtures are found by name
    TAGS,
    Opener,
    TeamDb,
    extraction_pool,
    shared_store,
    team_db,
    team_open,
)

pytestmark = pytest.mark.postgres


def test_a_marketer_rejection_holds_for_the_team(
    team_open: Opener,  # noqa: F811 - the fixture imported above
    team_db: TeamDb,  # noqa: F811
    tmp_path: Path,
) -> None:
    maria = team_open("maria")
    path = tmp_path / "hospital-brief.txt"
    path.write_text("Healthcare buyers ask about Healthcare budgets. teamrejectword", "utf-8")
    [result] = maria.import_files([path], ImportOptions(tags=TAGS))
    assert result.status == "imported" and result.asset_id is not None, result
    asset = result.asset_id
    found = {s.tag for s in maria.read(suggestions.suggest, [asset])}
    assert "Healthcare" in found

    changed = maria.write(suggestions.reject, [(asset, "industry", "Healthcare")])
    maria.write(suggestions.reject, [(asset, "industry", "Healthcare")])  # again: no conflict

    assert changed.suggestions == {asset}
    for short in ("maria", "ada"):  # a restart (new client folder), and another editor
        left = {s.tag for s in team_open(short).read(suggestions.suggest, [asset])}
        assert "Healthcare" not in left and left == found - {"Healthcare"}
    sam = team_db.conninfo(team_db.login("sam"))
    with psycopg.connect(sam) as raw, pytest.raises(psycopg.errors.InsufficientPrivilege):
        raw.execute("SELECT * FROM suggestion_rejections")  # sellers: not even by SQL
