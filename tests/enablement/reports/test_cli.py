"""The `report` command against a prepared library home."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select

from enablement import cli
from enablement.db import make_engine
from enablement.models import Asset, AssetVersion, Tag, TagCategory, UsageEvent, User, asset_tags

HOSTILE = "=cmd|' /C calc'!A0"
NOW = datetime(2024, 6, 10, 12, tzinfo=UTC)
WINDOW = ["--since", "2024-06-01", "--until", "2024-06-30"]


@pytest.fixture
def home(library_home: Path) -> Path:
    engine = make_engine(f"sqlite:///{library_home / 'library.sqlite3'}")
    with engine.begin() as c:
        ids = dict(c.execute(select(User.name, User.id)).all())
        tag = c.execute(
            select(Tag.id).join(TagCategory).where(TagCategory.slug == "segment", Tag.slug == "smb")
        ).scalar_one()
        for n, title in enumerate((HOSTILE, "Pricing sheet"), start=1):
            c.execute(
                insert(Asset).values(
                    id=n,
                    title=title,
                    description="",
                    owner_id=ids["maria"],
                    status="published",
                    audience="internal",
                    created=NOW,
                    updated=NOW,
                    published_at=NOW,
                    row_version=1,
                )
            )
            c.execute(
                insert(AssetVersion).values(
                    asset_id=n,
                    number=1,
                    blob_digest="0" * 64,
                    filename="f.pdf",
                    media_type="x",
                    kind="pdf",
                    size=1,
                    created=NOW,
                    created_by_id=ids["maria"],
                )
            )
        c.execute(insert(asset_tags).values(asset_id=1, tag_id=tag))
        events = [("view", 1), ("view", 1), ("open", 1), ("export", 1), ("view", 2)]
        c.execute(
            insert(UsageEvent),
            [
                {
                    "event_key": f"k{i}",
                    "occurred_at": NOW + timedelta(hours=i),
                    "user_id": ids["sam"],
                    "role": "seller",
                    "client": "test",
                    "kind": kind,
                    "asset_id": asset,
                }
                for i, (kind, asset) in enumerate(events)
            ],
        )
    engine.dispose()
    return library_home


def run(home: Path, *argv: str, user: str = "maria") -> int:
    return cli.main(["--library", str(home), "--as", user, "report", *argv])


def test_csv(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(home, "usage", *WINDOW, "--format", "csv") == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))
    assert rows[0][:2] == ["Group", "Asset"]
    assert rows[1] == ["top", "1", "'" + HOSTILE, "maria", "pdf", "2", "1", "1", "4"]
    assert rows[2] == ["top", "2", "Pricing sheet", "maria", "pdf", "1", "0", "0", "1"]
    assert rows[3][0] == "bottom" and rows[3][1] == "2"


def test_json_with_filter(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(home, "usage", *WINDOW, "--segment", "smb", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["report"] == "usage"
    assert data["filters"]["segment"] == "smb"
    assert [(r["group"], r["title"], r["total"]) for r in data["rows"]] == [
        ("top", HOSTILE, 4),
        ("bottom", HOSTILE, 4),
    ]
    assert data["summary"] == {"views": 2, "opens": 1, "exports": 1}
    assert data["chart"]["rows"][9] == {
        "bucket": "2024-06-10",
        "views": 2,
        "opens": 1,
        "exports": 1,
    }


def test_table_and_xlsx(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(home, "unused", "--until", "2024-09-30", "--days", "30") == 0
    out = capsys.readouterr().out
    assert "Pricing sheet" in out and "unused: 2" in out
    target = tmp_path / "gaps.xlsx"
    assert run(home, "ratings", *WINDOW, "--format", "xlsx", "--out", str(target)) == 0
    assert load_workbook(target)["Report"]["A1"].value == "Asset"
    assert run(home, "usage", "--format", "xlsx") == 2  # needs --out


def test_refusals(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(home, "usage", user="sam") == 1
    assert "not allowed to view reports" in capsys.readouterr().err
    assert run(home, "adoption", "--owner", "maria") == 2
    assert "does not take --owner" in capsys.readouterr().err
    assert run(home, "usage", "--segment", "galaxy") == 2
    assert "no segment tag 'galaxy'" in capsys.readouterr().err
