"""`enablement team ...` from the command line, as IT and as someone who is not."""

from __future__ import annotations

import argparse
import io

import psycopg
import pytest

from enablement.cli import team as team_cli
from enablement.errors import InvalidInput, PermissionDenied

from .conftest import TeamDb

pytestmark = pytest.mark.postgres


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="enablement")
    parser.add_argument("--library", default=None)
    team_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    code: int = args.handler(args)
    return code


def groups_of(team_db: TeamDb, login: str) -> set[str]:
    with psycopg.connect(team_db.conninfo()) as conn:
        found = conn.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s",
            (login,),
        )
        return {str(r[0]) for r in found}


def test_it_staffs_the_library(
    team_db: TeamDb, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ENABLEMENT_DATABASE_URL", team_db.url)
    login = f"{team_db.prefix}carl"
    assert run("team", "init", "--role-prefix", team_db.prefix) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-Pass\n"))
    assert run("team", "add-user", login, "--role", "seller", "--password-stdin") == 0
    assert groups_of(team_db, login) == {f"{team_db.prefix}seller"}
    assert run("team", "set-role", login, "marketer") == 0
    assert groups_of(team_db, login) == {f"{team_db.prefix}marketer"}
    assert run("team", "remove-user", login) == 0
    assert groups_of(team_db, login) == set()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(team_db.conninfo(login)).close()
    assert "now marketer" in capsys.readouterr().out


def test_a_seller_cannot_run_team_commands(
    team_db: TeamDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENABLEMENT_DATABASE_URL", team_db.url_for(team_db.login("sam")))
    with pytest.raises(PermissionDenied, match="refused"):
        run("team", "add-user", f"{team_db.prefix}eve", "--role", "admin")
    with pytest.raises(PermissionDenied):
        run("team", "set-role", team_db.login("sam"), "admin")


def test_team_mode_needs_postgres(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENABLEMENT_DATABASE_URL", "sqlite:///library.sqlite3")
    with pytest.raises(InvalidInput, match="PostgreSQL"):
        run("team", "add-user", "someone", "--role", "seller")


def test_a_wrong_prefix_is_refused(team_db: TeamDb) -> None:
    from enablement.team import init_team

    with pytest.raises(InvalidInput, match="role prefix"):
        init_team(team_db.url, "other_")
