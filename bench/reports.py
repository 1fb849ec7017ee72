"""Benchmark: every report on 1M usage events, SQL aggregation vs a naive ORM loop.

    .venv/bin/python bench/reports.py [--runs 5] [--rebuild] [--only NAME]
        [--database-url postgresql+psycopg://USER@HOST/EMPTY_DATABASE]

Generates (once; cached under bench/results/) 1M usage events over 20k assets
and 500 users in a SQLite file, then runs each report with a realistic filter
set several times and prints the p50 beside the baseline measured in the same
run: load the rows with the ORM and aggregate in Python (the tests' reference
implementation). Target: each report <= 300 ms on SQLite and on PostgreSQL.
A cached database from an older schema is migrated first (adding the report
indexes takes a few seconds, once), then analysed as a fresh build is.

`--database-url` runs against another database instead, e.g. a throw-away
PostgreSQL database: the schema is created and the same data loaded when it
holds no usage events yet (or with --rebuild, which empties it first), and
kept there for the next run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, func, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from enablement.db import check_schema, make_engine, upgrade  # noqa: E402
from enablement.models import (  # noqa: E402
    Asset,
    AssetVersion,
    MaterialRequest,
    Rating,
    RequestVote,
    Tag,
    TagCategory,
    UsageEvent,
    User,
    asset_tags,
)
from enablement.permissions import Actor  # noqa: E402
from enablement.reports import REPORTS, ReportFilters, run_report  # noqa: E402
from tests.enablement.reports import reference  # noqa: E402
from tests.enablement.reports.generate import generate, write  # noqa: E402

TODAY = date(2024, 6, 30)
DB = ROOT / "bench" / "results" / "reports-1m-v1.sqlite3"
ADMIN = Actor(4, "user004", "admin")
# What a marketing lead would typically ask: the last 90 days, one segment,
# sellers' behaviour only.
FILTERS = {
    "usage": ReportFilters(today=TODAY, segment="enterprise", roles=("seller",)),
    "unused": ReportFilters(today=TODAY, days=90, roles=("seller",), limit=0),
    "ratings": ReportFilters(today=TODAY, segment="enterprise"),
    "search-gaps": ReportFilters(today=TODAY, roles=("seller",)),
    "requests": ReportFilters(today=TODAY, segment="enterprise"),
    "coverage": ReportFilters(today=TODAY, roles=("seller",)),
    "adoption": ReportFilters(today=TODAY),
}
# Indexes an earlier version of this script could add by hand; the migration
# 0002_report_indexes now creates their replacements.
LEFTOVER_INDEXES = ("ix_bench_kind_time_cover", "ix_bench_search_key_kind")


def dataset() -> Any:
    return generate(assets=20_000, users=500, events=1_000_000, seed=1, today=TODAY, span_days=365)


def build(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    final, path = path, path.with_suffix(".partial")
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    data = dataset()
    generated = time.perf_counter()
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    write(engine, data)
    with engine.begin() as c:
        c.exec_driver_sql("ANALYZE")
    engine.dispose()
    path.replace(final)  # only a complete database is ever cached
    written = time.perf_counter() - generated
    print(f"generated in {generated - started:.1f} s, written in {written:.1f} s")


def migrate(engine: Engine) -> None:
    if check_schema(engine) == "current":
        return
    started = time.perf_counter()
    with engine.begin() as c:
        for name in LEFTOVER_INDEXES:
            c.execute(text(f"DROP INDEX IF EXISTS {name}"))
    upgrade(engine)
    with engine.begin() as c:
        c.exec_driver_sql("ANALYZE")
    print(f"migrated the cached database in {time.perf_counter() - started:.1f} s")


def prepare(url: str, rebuild: bool) -> Engine:
    """Another database (PostgreSQL): schema, then the bench data unless already there."""
    engine = make_engine(url)
    if rebuild:
        with engine.begin() as c:
            c.execute(text("DROP SCHEMA public CASCADE"))
            c.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    with Session(engine) as session:
        loaded = session.scalar(select(func.count()).select_from(UsageEvent))
    if not loaded:
        started = time.perf_counter()
        write(engine, dataset())
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("VACUUM ANALYZE")
        print(f"generated and written in {time.perf_counter() - started:.1f} s")
    return engine


def naive(session: Session, name: str, f: ReportFilters) -> Any:
    """The baseline: ORM objects for every row involved, aggregated in Python."""
    tables = {
        "users": session.scalars(select(User)).all(),
        "tag_categories": session.scalars(select(TagCategory)).all(),
        "tags": session.scalars(select(Tag)).all(),
        "assets": session.scalars(select(Asset)).all(),
        "asset_versions": session.scalars(select(AssetVersion)).all(),
        "asset_tags": session.execute(select(asset_tags)).all(),
        "ratings": session.scalars(select(Rating)).all(),
        "material_requests": session.scalars(select(MaterialRequest)).all(),
        "request_votes": session.scalars(select(RequestVote)).all(),
    }
    world = reference.World(tables)  # type: ignore[arg-type]
    if name in ("ratings", "requests"):
        return getattr(reference, name)(world, f)
    query = select(UsageEvent).where(UsageEvent.occurred_at < f.end)
    if name != "unused":  # "last used" needs history; the others only the window
        query = query.where(UsageEvent.occurred_at >= f.start)
    events = list(session.scalars(query))
    if name in ("search-gaps",):
        followed = list(
            session.scalars(select(UsageEvent).where(UsageEvent.search_key.is_not(None)))
        )
        return reference.search_gaps(events + followed, f)
    if name == "adoption":
        followed = list(
            session.scalars(select(UsageEvent).where(UsageEvent.search_key.is_not(None)))
        )
        return reference.adoption(world, events + followed, f)
    return getattr(reference, name.replace("-", "_"))(world, events, f)


def timed(work: Any, runs: int) -> tuple[float, float]:
    """p50 of wall-clock and of this process's CPU time, in ms.

    SQLite runs in-process, so on a busy machine the CPU time shows what the
    report costs and the wall clock what the user waits.
    """
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--naive-runs", type=int, default=1)
    parser.add_argument("--only", action="append", choices=list(REPORTS))
    parser.add_argument("--database-url", help="run on this database instead of the SQLite cache")
    args = parser.parse_args()
    if args.database_url:
        engine = prepare(args.database_url, args.rebuild)
    else:
        if args.rebuild or not DB.exists():
            build(DB)
        engine = make_engine(f"sqlite:///{DB}")
        migrate(engine)
    version = engine.dialect.server_version_info or ()
    print(f"{engine.dialect.name} {'.'.join(map(str, version))}", end="; ")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(
        f"{'report':12} {'sql p50 ms':>10} {'(cpu ms)':>9} {'naive ms':>10} {'ratio':>8}"
        "  rows  target<=300ms"
    )
    with Session(engine) as session:
        for name in args.only or REPORTS:
            f = FILTERS[name]
            run_report(session, ADMIN, name, f)  # warm the page cache
            ours, cpu = timed(lambda n=name, f=f: run_report(session, ADMIN, n, f), args.runs)
            rows = len(run_report(session, ADMIN, name, f).rows)
            theirs = (
                timed(lambda n=name, f=f: naive(session, n, f), args.naive_runs)[0]
                if args.naive_runs
                else float("nan")
            )
            session.expunge_all()
            verdict = "ok" if ours <= 300 else "MISSED"
            print(
                f"{name:12} {ours:10.1f} {cpu:9.1f} {theirs:10.1f} {theirs / ours:7.1f}x"
                f"  {rows:4}  {verdict}"
            )
    engine.dispose()


if __name__ == "__main__":
    main()
