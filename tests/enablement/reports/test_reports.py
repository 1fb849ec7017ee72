"""Each report against an independent plain-Python computation on seeded data."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.orm import Session

from enablement.db import make_engine, upgrade
from enablement.errors import InvalidInput, NotFound, PermissionDenied
from enablement.models import UsageEvent
from enablement.permissions import Actor
from enablement.reports import REPORTS, ReportFilters, run_report, sql
from enablement.reports.searches import gap_request
from enablement.reports.series import buckets

from . import reference
from .generate import Dataset, generate, write

TODAY = date(2024, 6, 30)
ADMIN = Actor(1, "user001", "admin")

FILTER_SETS = [
    ReportFilters(today=TODAY),
    ReportFilters(since=date(2024, 1, 1), until=TODAY, bucket="week", limit=0),
    ReportFilters(since=date(2024, 3, 1), until=date(2024, 5, 15), segment="enterprise"),
    ReportFilters(today=TODAY, situation="discovery", roles=("seller",), limit=5),
    ReportFilters(since=date(2024, 1, 1), until=TODAY, owner="user002", type="pptx", days=30),
    ReportFilters(
        since=date(2024, 2, 1),
        until=date(2024, 4, 30),
        segment="smb",
        situation="demo",
        days=200,
        limit=3,
    ),
]
IDS = ["default", "half-year", "enterprise", "discovery-sellers", "owner-type", "narrow"]


@pytest.fixture(scope="module")
def data() -> Dataset:
    return generate(assets=300, users=30, events=5000, seed=11, today=TODAY)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def session(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, data: Dataset
) -> Iterator[Session]:
    """Every report test runs on SQLite (solo) and PostgreSQL (team)."""
    if request.param == "postgres":
        yield from _postgres_session(data)
        return
    path: Path = tmp_path_factory.mktemp("reports") / "reports.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    write(engine, data)
    with Session(engine) as s:
        yield s
    engine.dispose()


def _postgres_session(data: Dataset) -> Iterator[Session]:
    """The same data in a schema of its own on the test server, dropped afterwards."""
    url = os.environ.get("ENABLEMENT_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("ENABLEMENT_TEST_POSTGRES_URL is not set (e.g. postgresql+psycopg://...)")
    schema = f"reports_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine)
        write(engine, data)
        with Session(engine) as s:
            yield s
    finally:
        engine.dispose()
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def world(data: Dataset) -> reference.World:
    return reference.World({name: data.ns(name) for name in data.tables})


@pytest.fixture(scope="module")
def events(data: Dataset) -> list[Any]:
    return data.ns("usage_events")


@pytest.mark.parametrize("f", FILTER_SETS, ids=IDS)
def test_usage(
    session: Session, world: reference.World, events: list[Any], f: ReportFilters
) -> None:
    report = run_report(session, ADMIN, "usage", f)
    expected = reference.usage(world, events, f)
    assert [tuple(r) for r in report.rows] == expected["rows"]
    kind = f.resolved_bucket()
    assert report.chart is not None
    assert report.chart.rows == tuple(
        (b, *expected["series"].get(b, (0, 0, 0))) for b in buckets(f, kind)
    )
    assert any(r[0] == "top" for r in report.rows)


@pytest.mark.parametrize("f", FILTER_SETS, ids=IDS)
def test_unused(
    session: Session, world: reference.World, events: list[Any], f: ReportFilters
) -> None:
    report = run_report(session, ADMIN, "unused", f)
    expected = reference.unused(world, events, f)
    assert list(report.rows) == expected["rows"]
    assert report.chart is not None
    assert [r[:3] for r in report.chart.rows] == expected["owners"]
    summary = dict(report.summary)
    assert summary["published"] == expected["published"]
    assert summary["share"] == round(len(expected["rows"]) / max(expected["published"], 1), 4)
    for band, n in expected["bands"].items():
        assert summary[band] == n


@pytest.mark.parametrize("f", FILTER_SETS, ids=IDS)
def test_ratings(session: Session, world: reference.World, f: ReportFilters) -> None:
    report = run_report(session, ADMIN, "ratings", f)
    expected = reference.ratings(world, f)
    assert list(report.rows) == expected["rows"]
    assert report.chart is not None
    assert list(report.chart.rows) == expected["spread"]
    assert dict(report.summary)["ratings"] == expected["count"]


@pytest.mark.parametrize("f", FILTER_SETS, ids=IDS)
def test_search_gaps(session: Session, events: list[Any], f: ReportFilters) -> None:
    report = run_report(session, ADMIN, "search-gaps", f)
    assert list(report.rows) == reference.search_gaps(events, f)["rows"]


@pytest.mark.parametrize("f", FILTER_SETS, ids=IDS)
def test_adoption(
    session: Session, world: reference.World, events: list[Any], f: ReportFilters
) -> None:
    report = run_report(session, ADMIN, "adoption", f)
    weeks = reference.adoption(world, events, f)["weeks"]
    expected = []
    for week in buckets(f, "week"):
        a, s, u = weeks.get(week, (0, 0, 0))
        expected.append(
            (week, a, s, round(s / a, 2) if a else 0.0, u, round(u / s, 4) if s else 0.0)
        )
    assert list(report.rows) == expected
    assert sum(r[2] for r in expected) == dict(report.summary)["searches"]


@pytest.mark.parametrize("f", FILTER_SETS, ids=IDS)
def test_requests(session: Session, world: reference.World, f: ReportFilters) -> None:
    report = run_report(session, ADMIN, "requests", f)
    exp = reference.requests(world, f)
    by = {}
    for kind, value, n in report.rows:
        by.setdefault(kind, []).append((value, n))
    assert dict(by["status"]) == {s: exp["status"].get(s, 0) for s in dict(by["status"])}
    assert by.get("situation", []) == exp["situation"]
    assert by.get("segment", []) == exp["segment"]
    assert {k: v for k, v in by["open age"] if v} == dict(exp["ages"])
    assert by.get("requester", []) == exp["requesters"]
    summary = dict(report.summary)
    assert summary["median days to fulfil"] == pytest.approx(exp["median"], abs=0.011)
    assert summary["p90 days to fulfil"] == pytest.approx(exp["p90"], abs=0.011)
    assert summary["+1 votes"] == exp["votes"]
    assert summary["new requests"] == exp["new"]
    total = exp["votes"] + exp["new"]
    assert summary["deflection"] == (round(exp["votes"] / total, 4) if total else 0.0)


@pytest.mark.parametrize("f", FILTER_SETS, ids=IDS)
def test_coverage(
    session: Session, world: reference.World, events: list[Any], f: ReportFilters
) -> None:
    report = run_report(session, ADMIN, "coverage", f)
    cells = reference.coverage(world, events, f)
    sits = [f.situation] if f.situation else world.grid("situation")
    segs = [f.segment] if f.segment else world.grid("segment")
    expected = [(a, b, *cells.get((a, b), [0, 0, 0, 0])) for a in sits for b in segs]
    assert list(report.rows) == expected
    assert sum(r[5] for r in expected) > 0 or f.situation


def test_data_exercises_every_report(session: Session) -> None:
    """Guard against a generator change that makes the comparisons vacuous."""
    f = FILTER_SETS[1]
    for name in REPORTS:
        assert run_report(session, ADMIN, name, f).rows, name


def test_seller_is_refused(session: Session) -> None:
    seller = Actor(10, "user010", "seller")
    for name in REPORTS:
        with pytest.raises(PermissionDenied):
            run_report(session, seller, name, ReportFilters(today=TODAY))


def test_marketer_may(session: Session) -> None:
    run_report(session, Actor(2, "user002", "marketer"), "usage", ReportFilters(today=TODAY))


@pytest.mark.parametrize(
    ("name", "f", "error"),
    [
        ("nope", ReportFilters(), NotFound),
        ("usage", ReportFilters(segment="galaxy"), InvalidInput),
        ("usage", ReportFilters(owner="nobody"), InvalidInput),
        ("usage", ReportFilters(since=TODAY, until=TODAY - timedelta(days=1)), InvalidInput),
        ("unused", ReportFilters(days=0), InvalidInput),
    ],
)
def test_bad_filters(session: Session, name: str, f: ReportFilters, error: type[Exception]) -> None:
    with pytest.raises(error):
        run_report(session, ADMIN, name, f)


def test_gap_turns_into_request(session: Session) -> None:
    f = ReportFilters(since=date(2024, 1, 1), until=TODAY, segment="enterprise", limit=0)
    report = run_report(session, ADMIN, "search-gaps", f)
    for row in report.records():
        draft = gap_request(row)
        assert draft.title == (str(row["query"]).strip() or "Material for an unanswered search")
        assert draft.situation == (row["situation"] or None)
        assert draft.segment == (row["segment"] or None)
    assert all(gap_request(r).segment == "enterprise" for r in report.records())


def test_search_gaps_treat_missing_text_as_empty(session: Session, events: list[Any]) -> None:
    """A missing query, wording or filter set counts as '' and meets the real ''.

    The same seller searching with both lands in one row and counts once:
    PostgreSQL groups the raw columns and merges them only when rolling up.
    """
    when = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC) - timedelta(days=3)
    extra = []
    for i, (user, text_value, count) in enumerate(
        [(5, None, 0), (5, "", 0), (6, "", 3), (6, None, 0), (5, None, 12)]
    ):
        extra.append(
            {
                "id": len(events) + 1 + i,
                "event_key": f"00000000-0000-0000-0000-{i:012d}",
                "occurred_at": when + timedelta(minutes=i),
                "user_id": user,
                "role": "seller",
                "client": "test",
                "kind": "search",
                "asset_id": None,
                "query": text_value,
                "normalized_query": text_value,
                "filters": text_value,
                "result_count": count,
                "search_key": None,
                "search_used": False,
            }
        )
    session.execute(insert(UsageEvent), extra)
    try:
        f = ReportFilters(today=TODAY, limit=0)
        report = run_report(session, ADMIN, "search-gaps", f)
        everything = events + [SimpleNamespace(**e) for e in extra]
        assert list(report.rows) == reference.search_gaps(everything, f)["rows"]
        empty = [r for r in report.records() if r["normalized_query"] == ""]
        assert len(empty) == 1
        assert empty[0]["searches"] >= len(extra)
    finally:
        session.rollback()


def test_postgres_report_settings_are_scoped(session: Session) -> None:
    """Reports tune JIT and work_mem for their own statements and put them back."""
    if session.get_bind().dialect.name != "postgresql":
        with sql.report_settings(session):  # nothing to tune: no statement at all
            assert not session.in_transaction()
        return
    names = [name for name, _ in sql.REPORT_SETTINGS]

    def current() -> list[str]:
        return [session.scalar(select(func.current_setting(n))) or "" for n in names]

    # Whatever the server's defaults, the session starts from other values.
    session.execute(text("SET LOCAL jit = on"))
    session.execute(text("SET LOCAL work_mem = '5MB'"))
    before = current()
    assert before == ["on", "5MB"]
    with sql.report_settings(session):
        assert current() == [value for _, value in sql.REPORT_SETTINGS]
    assert current() == before
    run_report(session, ADMIN, "usage", ReportFilters(today=TODAY))
    assert current() == before
    session.rollback()
