"""Team mode at scale: N desktop clients on one loopback PostgreSQL.

Creates a throw-away library database with one marketer and N sellers (each
their own login role), starts the clients in a few worker processes (threads
inside each: a laptop has one client, this machine has to host them all),
and for `--seconds`:

- every client logs "view" usage events at `--rate` per second through the
  normal buffered usage log (batched delivery, idempotent keys);
- the marketer publishes a new asset every few seconds; each client is woken
  by LISTEN/NOTIFY (one listener connection per worker process) and by a
  periodic round, and notes when the asset first shows up in its local search.

Reported: usage events delivered per second (and that none were lost), and
the sync delay from "publish started" to "searchable on the client", p50 /
p95 / max over all clients and publishes, with where it goes (NOTIFY, the
wait for the client's round, catch-up, cache refresh, search). Baseline in
the same run: the delay for a single client measured alone before the crowd
starts. One of the N clients runs in a process of its own (the probe): its
delay is what one desktop sees while the others load the database; the
crowd's delay mostly measures N clients' rounds queueing for this machine's
few CPUs (each publish costs every client a round of some 40 ms CPU).
After the timed run the clients keep syncing (no more events) until each has
seen every publish or `GRACE_SECONDS` pass.

Then each client's sync round alone on catalogues of `--round-assets` sizes
(default 200 and 20k): the first sync, a round with nothing new and a round
with one change. A round must cost what changed, not what exists.

Then the reports at `--report-events` (10M) usage events: a second
throw-away database gets the reports bench's catalogue (20k assets, 500
people) and the events in bulk (INSERT ... SELECT generate_series with the
log's secondary indexes dropped, rebuilt after, then ANALYZE); each of the 7
reports runs through `enablement.reports.run_report` and prints its p50 beside
the same report at `--report-baseline` (1M) events in the same database.

PostgreSQL's default `max_connections` is 100, fewer than the clients here:
client engines connect per transaction (NullPool) under a per-process cap
(`--max-connections` in all, fewer when the server has fewer slots free), as
a transaction-mode pooler would. Real desktops each hold one LISTEN
connection; see docs/team.md.

    .venv/bin/python bench/team_scale.py                    # everything, about 15 min
    .venv/bin/python bench/team_scale.py --report-events 0  # no reports, about 4 min
    .venv/bin/python bench/team_scale.py --clients 0 --round-assets  # the reports only
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import event, make_url
from sqlalchemy.pool import NullPool

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
MARK = "zzscalemarker"
GRACE_SECONDS = 120.0


def _conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _limit_connections(cap: int) -> None:
    """Every engine this process makes connects per use, at most `cap` at once.

    A thread already holding a connection may open more (a search reads page
    text in a second session), so the cap counts threads, never deadlocks.
    """
    import enablement.db as db

    gate = threading.BoundedSemaphore(cap)
    held = threading.local()
    original = db.create_engine  # type: ignore[attr-defined]

    def create_engine(url: Any, **kwargs: Any) -> Any:
        if not str(url).startswith("postgresql"):
            return original(url, **kwargs)
        for pool_option in ("pool_pre_ping", "pool_size", "max_overflow"):
            kwargs.pop(pool_option, None)
        engine = original(url, poolclass=NullPool, **kwargs)

        @event.listens_for(engine, "do_connect")
        def acquire(*_: Any) -> None:
            depth = getattr(held, "depth", 0)
            if depth == 0:
                gate.acquire()
            held.depth = depth + 1

        @event.listens_for(engine.pool, "close")
        def release(*_: Any) -> None:
            held.depth = getattr(held, "depth", 1) - 1
            if held.depth == 0:
                gate.release()

        return engine

    db.create_engine = create_engine  # type: ignore[attr-defined]


def _open_client(url: str, login: str, home: Path, store: str) -> Any:
    from enablement.config import Settings
    from enablement.team import open_team_library

    settings = Settings(
        home=home,
        database_url=make_url(url).set(username=login).render_as_string(False),
        store_url=store,
        user=login,
        client="bench",
    )
    return open_team_library(settings)


def worker(
    url: str,
    logins: list[str],
    store: str,
    home: str,
    seconds: float,
    rate: float,
    cap: int,
    asset: tuple[int, int],
    expect: list[int],
    ready: Any,
    start: Any,
    results: Any,
    probe: bool = False,
) -> None:
    _limit_connections(cap)
    from enablement.team.sync import Listener, TeamSync

    libraries = [_open_client(url, login, Path(home) / login, store) for login in logins]
    wakes = [threading.Event() for _ in libraries]
    notified = [0.0]  # when the listener last passed a notification on

    def wake_all() -> None:
        notified[0] = time.time()
        for w in wakes:
            w.set()

    listener = Listener(libraries[0].settings.database_url, wake_all)
    listener.start()
    listener.listening.wait(10)
    ready.put(len(libraries))
    start.wait()
    t_end = time.time() + seconds
    # After the timed run (no more usage events), rounds go on until every
    # publish was seen or the grace period is over.
    t_give_up = t_end + GRACE_SECONDS
    # (asset, notified, round started, catch-up s, refresh s, deliver s, searchable)
    seen: list[tuple[int, float, float, float, float, float, float]] = []
    rounds: list[float] = []  # seconds of client work per round that changed the index
    recorded = [0] * len(libraries)
    lock = threading.Lock()

    def run(i: int) -> None:
        lib, sync, wake = libraries[i], TeamSync(libraries[i]), wakes[i]
        spent = _time_round_parts(lib)
        asset_id, version_id = asset
        known: set[int] = set()
        waiting = set(expect)  # the assets this run publishes
        period, last_round, last_event = 5.0, time.time(), time.time()
        while time.time() < t_end or (waiting - known and time.time() < t_give_up):
            now = time.time()
            due = int((now - last_event) * rate) if now < t_end else 0
            for _ in range(due):
                lib.usage.record("view", asset_id=asset_id, version_id=version_id)
            if due:
                recorded[i] += due
                last_event = now
            if wake.wait(0.1) or time.time() - last_round > period:
                wake.clear()
                woke = notified[0]
                last_round = time.time()
                spent.clear()
                status = sync.run_once()
                if status.indexed:
                    with lock:
                        rounds.append(time.time() - last_round)
                    hits = lib.search(MARK, log=False, limit=100).hits
                    stamp = time.time()
                    for hit in hits:
                        if hit.asset_id not in known:
                            known.add(hit.asset_id)
                            parts = (spent.get(k, 0.0) for k in ("catch_up", "refresh", "deliver"))
                            with lock:
                                seen.append((hit.asset_id, woke, last_round, *parts, stamp))
        lib.close()  # delivers what the usage log still holds

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(libraries))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    listener.stop()
    results.put({"seen": seen, "recorded": sum(recorded), "rounds": rounds, "probe": probe})


def _time_round_parts(lib: Any) -> dict[str, float]:
    """Seconds each step of this client's last sync round took (instance wrappers)."""
    spent: dict[str, float] = {}

    def timed(name: str, call: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t

        return run

    lib.catch_up_index = timed("catch_up", lib.catch_up_index)
    if lib.offline is not None:
        lib.offline.refresh = timed("refresh", lib.offline.refresh)
        lib.offline.deliver = timed("deliver", lib.offline.deliver)
    return spent


def _setup(base: str, url: str, prefix: str, clients: int, folder: Path) -> tuple[list[str], str]:
    from enablement.team import add_user, init_team

    name = make_url(url).database or ""
    with psycopg.connect(_conninfo(base), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    init_team(url, prefix)
    add_user(url, f"{prefix}mkt", "marketer")
    sellers = [f"{prefix}s{i:03d}" for i in range(clients)]
    for login in sellers:
        add_user(url, login, "seller")
    return sellers, str(folder / "store")


def _teardown(base: str, url: str, prefix: str) -> None:
    name = make_url(url).database or ""
    with psycopg.connect(_conninfo(base), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        roles = admin.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY rolcanlogin DESC",
            (prefix.replace("_", "\\_") + "%",),
        ).fetchall()
        for (role,) in roles:
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def _drafts(marketer: Any, folder: Path, count: int) -> list[int]:
    from enablement.ingest import ImportOptions

    files = []
    for k in range(count):
        path = folder / f"marker-{k}.txt"
        path.write_text(f"{MARK} number {k}: a new battlecard for the field", encoding="utf-8")
        files.append(path)
    tags = (("situation", "Discovery"), ("segment", "Enterprise"))
    results = marketer.import_files(files, ImportOptions(tags=tags))
    return [r.asset_id for r in results if r.asset_id]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url", default=os.environ.get("ENABLEMENT_TEST_POSTGRES_URL", DEFAULT_URL)
    )
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--rate", type=float, default=5.0, help="usage events/s per client")
    parser.add_argument("--publishes", type=int, default=8)
    parser.add_argument("--processes", type=int, default=min(4, os.cpu_count() or 2))
    parser.add_argument("--max-connections", type=int, default=60)
    parser.add_argument("--report-events", type=int, default=10_000_000)
    parser.add_argument("--report-baseline", type=int, default=1_000_000)
    parser.add_argument("--report-runs", type=int, default=3)
    parser.add_argument(
        "--round-assets", type=int, nargs="*", default=[200, 20_000],
        help="catalogue sizes for one client's sync round cost (none: skip)",
    )  # fmt: skip
    args = parser.parse_args()
    code = clients_run(args) if args.clients > 0 else 0
    if args.round_assets:
        round_costs(args.url, tuple(args.round_assets), runs=5)
    if args.report_events > 0:
        report_times(args.url, args.report_events, args.report_baseline, args.report_runs)
    return code


def clients_run(args: argparse.Namespace) -> int:
    started = time.time()
    folder = Path(tempfile.mkdtemp(prefix="team-scale-"))
    token = secrets.token_hex(3)
    url = make_url(args.url).set(database=f"enablement_bench_{token}").render_as_string(False)
    prefix = f"eb{token}_"
    try:
        sellers, store = _setup(args.url, url, prefix, args.clients, folder)
        _limit_connections(4)
        marketer = _open_client(url, f"{prefix}mkt", folder / "marketer", store)
        drafts = _drafts(marketer, folder, args.publishes + 1)
        showcase = drafts.pop()
        marketer.assets.publish(showcase)
        info = marketer.assets.get(showcase)
        asset = (showcase, info.current.id if info.current else 0)

        baseline = _baseline(url, sellers[0], folder, store, marketer, drafts.pop(0))
        ctx = mp.get_context("spawn")
        ready, start, results = ctx.Queue(), ctx.Event(), ctx.Queue()
        # One client gets a process of its own (a probe: what one desktop
        # sees while the crowd loads the database); the rest share the others.
        crowd = sellers[1:]
        groups = [[sellers[0]]] + [crowd[i :: args.processes] for i in range(args.processes)]
        # A thread may hold two connections at once (search + page text).
        budget = _connection_budget(url, args.max_connections)
        cap = max(2, (budget - 4) // (2 * args.processes))  # 4: the probe's
        print(
            f"connections: at most {2 * cap * args.processes + 4} working + "
            f"{args.processes + 1} listening ({budget} free on the server)",
            file=sys.stderr,
        )
        procs = [
            ctx.Process(
                target=worker,
                args=(
                    url,
                    g,
                    store,
                    str(folder),
                    args.seconds,
                    args.rate,
                    cap if n else 2,
                    asset,
                    drafts,
                    ready,
                    start,
                    results,
                    n == 0,
                ),
            )
            for n, g in enumerate(groups)
            if g
        ]
        for p in procs:
            p.start()
        opened = sum(ready.get(timeout=900) for _ in procs)
        print(f"{opened} clients open after {time.time() - started:.0f}s", file=sys.stderr)
        with psycopg.connect(_conninfo(url)) as conn:
            before = _views(conn)
        start.set()
        t0 = time.time()
        published: dict[int, float] = {}
        gap = args.seconds * 0.6 / max(1, len(drafts))  # leave time to see the last one
        for asset_id in drafts:
            time.sleep(gap)
            published[asset_id] = time.time()
            marketer.assets.publish(asset_id)
        outcomes = [results.get(timeout=args.seconds + GRACE_SECONDS + 300) for _ in procs]
        for p in procs:
            p.join(60)
        elapsed = time.time() - t0
        with psycopg.connect(_conninfo(url)) as conn:
            delivered = _views(conn) - before
        recorded = sum(o["recorded"] for o in outcomes)
        sightings = [s for o in outcomes for s in o["seen"] if s[0] in published]
        delays = [s[-1] - published[s[0]] for s in sightings]
        probe = [
            s[-1] - published[s[0]]
            for o in outcomes
            if o["probe"]
            for s in o["seen"]
            if s[0] in published
        ]
        expected = len(published) * opened
        marketer.close()
        print(f"clients {opened}, processes {len(procs)}, run {elapsed:.1f}s")
        print(
            f"usage events: recorded {recorded}, delivered {delivered} "
            f"({delivered / args.seconds:.0f}/s), lost {recorded - delivered}"
        )
        print(f"sync delay baseline (1 client alone): {baseline * 1000:.0f} ms")
        if delays:
            print(
                f"sync delay publish->searchable over {len(delays)}/{expected} sightings: "
                f"p50 {statistics.median(delays) * 1000:.0f} ms, "
                f"p95 {_percentile(delays, 95) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms"
            )
        if probe:
            print(
                f"  the probe client (a process of its own, as a desktop): "
                f"p50 {statistics.median(probe) * 1000:.0f} ms, "
                f"max {max(probe) * 1000:.0f} ms over {len(probe)} publishes "
                f"({statistics.median(probe) / baseline:.1f}x the baseline)"
            )
        if sightings:
            _print_breakdown(sightings, published)
        rounds = [r for o in outcomes for r in o["rounds"]]
        if rounds:
            print(
                f"client work per sync round (catch-up + cache refresh), {len(rounds)} rounds: "
                f"p50 {statistics.median(rounds) * 1000:.0f} ms, "
                f"p95 {_percentile(rounds, 95) * 1000:.0f} ms "
                f"({opened} clients share {os.cpu_count()} CPUs here; a desktop has its own)"
            )
        print(f"total wall time {time.time() - started:.0f}s")
        return 0 if recorded == delivered and len(delays) == expected else 1
    finally:
        _teardown(args.url, url, prefix)
        shutil.rmtree(folder, ignore_errors=True)


def _print_breakdown(
    sightings: list[tuple[int, float, float, float, float, float, float]],
    published: dict[int, float],
) -> None:
    """Where publish -> searchable goes, p50 per step over all sightings."""
    steps: dict[str, list[float]] = {
        "publish->notified": [], "notified->round start": [], "deliver": [],
        "catch-up": [], "cache refresh": [], "search": [],
    }  # fmt: skip
    for asset_id, woke, began, catch_up, refresh, deliver, stamp in sightings:
        if woke >= published[asset_id]:  # woken by this publish's NOTIFY
            steps["publish->notified"].append(woke - published[asset_id])
            steps["notified->round start"].append(began - woke)
        steps["deliver"].append(deliver)
        steps["catch-up"].append(catch_up)
        steps["cache refresh"].append(refresh)
        steps["search"].append(stamp - began - catch_up - refresh - deliver)
    text = ", ".join(
        f"{name} {statistics.median(values) * 1000:.0f}" for name, values in steps.items() if values
    )
    print(f"  where it goes (p50 ms): {text}")


def _connection_budget(url: str, wanted: int) -> int:
    """`wanted`, or fewer when the server has fewer slots free (others use it too)."""
    with psycopg.connect(_conninfo(url)) as conn:
        row = conn.execute(
            "SELECT current_setting('max_connections')::int "
            "- current_setting('superuser_reserved_connections')::int "
            "- (SELECT count(*) FROM pg_stat_activity)"
        ).fetchone()
    free = int(row[0]) if row else wanted
    return max(8, min(wanted, free - 15))  # 15: listeners, the marketer, some slack


def _views(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT count(*) FROM usage_events WHERE kind = 'view'").fetchone()
    return int(row[0]) if row else 0


def _baseline(
    url: str, login: str, folder: Path, store: str, marketer: Any, asset_id: int
) -> float:
    """Publish -> searchable for one client woken by NOTIFY, nothing else running."""
    from enablement.team.sync import Listener, TeamSync

    lib = _open_client(url, login, folder / "baseline", store)
    sync, woke = TeamSync(lib), threading.Event()
    listener = Listener(lib.settings.database_url, woke.set).start()
    listener.listening.wait(10)
    t = time.time()
    marketer.assets.publish(asset_id)
    while time.time() - t < 30:
        woke.wait(0.1)
        woke.clear()
        sync.run_once()
        if lib.search(MARK, log=False).hits:
            break
    delay = time.time() - t
    listener.stop()
    lib.close()
    return delay


# -- reports at 10M events -----------------------------------------------------

REPORT_TODAY = date(2024, 6, 30)
# The filters of bench/reports.py: what a marketing lead would typically ask.
REPORT_FILTERS: dict[str, dict[str, Any]] = {
    "usage": {"segment": "enterprise", "roles": ("seller",)},
    "unused": {"days": 90, "roles": ("seller",), "limit": 0},
    "ratings": {"segment": "enterprise"},
    "search-gaps": {"roles": ("seller",)},
    "requests": {"segment": "enterprise"},
    "coverage": {"roles": ("seller",)},
    "adoption": {},
}
QUERIES = (
    "pricing sheet", "Pricing  Sheet", "ROI calculator", "security whitepaper",
    "case study healthcare", "competitor battlecard", "onboarding plan", "gdpr",
    "api docs", "discount policy", "",
)  # fmt: skip
FILTER_TEXTS = (
    '{"situation": ["discovery"]}', '{"segment": ["enterprise"]}',
    '{"segment": ["smb"], "situation": ["demo", "renewal"]}', '{"type": ["pdf"]}',
)  # fmt: skip
OTHER_KINDS = (
    "view", "view", "view", "open", "open", "export", "share", "drag-out", "kit-export",
    "click", "rate",
)  # fmt: skip
FOLLOW_KINDS = ("click", "view", "open", "export")


def report_times(base: str, events: int, baseline: int, runs: int) -> None:
    """Load `baseline` then `events` usage events in bulk; time every report at both."""
    from enablement.db import make_engine, upgrade

    token = secrets.token_hex(3)
    url = make_url(base).set(database=f"enablement_reports_{token}").render_as_string(False)
    name = make_url(url).database or ""
    with psycopg.connect(_conninfo(base), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    engine = make_engine(url)
    try:
        started = time.perf_counter()
        upgrade(engine)
        _load_catalogue(engine)
        took = time.perf_counter() - started
        print(f"reports: catalogue of 20k assets and 500 people written in {took:.0f}s")
        times: dict[int, dict[str, float]] = {}
        loaded = 0
        for target in (baseline, events) if 0 < baseline < events else (events,):
            started = time.perf_counter()
            with psycopg.connect(_conninfo(url), autocommit=True) as conn:
                _bulk_events(conn, loaded, target - loaded)
            loaded = target
            print(
                f"reports: {loaded:,} usage events loaded, indexed and analysed in "
                f"{time.perf_counter() - started:.0f}s"
            )
            times[loaded] = _time_reports(engine, runs)
        _print_report_times(times)
    finally:
        engine.dispose()
        with psycopg.connect(_conninfo(base), autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _load_catalogue(engine: Any, assets: int = 20_000, users: int = 500) -> None:
    """The reports bench's catalogue (no events): same generator, same seed."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.enablement.reports.generate import generate, write

    data = generate(assets=assets, users=users, events=0, seed=1, today=REPORT_TODAY, span_days=365)
    write(engine, data)
    with engine.begin() as c:  # explicit ids were inserted: move the sequences past them
        for table in ("users", "assets", "asset_versions", "tags", "tag_categories",
                      "ratings", "material_requests"):  # fmt: skip
            c.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )


def _bulk_events(conn: psycopg.Connection[Any], first: int, count: int) -> None:
    """Append `count` events (35% searches, half of them followed by a use).

    The log's secondary indexes are dropped for the load and rebuilt after:
    building an index once is several times faster than maintaining it row by
    row. Foreign keys are not checked (session_replication_role), as in a
    restore: every id used exists.
    """
    from enablement.services.usage import normalize_query

    conn.execute("SET session_replication_role = replica")
    conn.execute("SET maintenance_work_mem = '512MB'")
    conn.execute("SELECT setseed(%s)", (first % 1000 / 1000,))
    indexes = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.tablename = 'usage_events' AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexname::regclass)"
    ).fetchall()
    for index_name, _ in indexes:
        conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(index_name)))
    searches = count * 30 // 100  # with one follow-up for every second: 35% + 15%
    params = {
        "first": first,
        "searches": searches,
        "others": count - searches - searches // 2,
        "queries": list(QUERIES),
        "normalized": [normalize_query(q) for q in QUERIES],
        "filters": list(FILTER_TEXTS),
        "other_kinds": list(OTHER_KINDS),
        "follow_kinds": list(FOLLOW_KINDS),
        "end": datetime.combine(REPORT_TODAY, datetime.min.time(), tzinfo=UTC) + timedelta(days=1),
    }
    people = (
        "(SELECT array_agg(id ORDER BY id) AS ids, array_agg(role ORDER BY id) AS roles, "
        "count(*)::int AS n FROM users) u"
    )
    columns = (
        "(event_key, occurred_at, user_id, role, client, kind, asset_id, query, "
        "normalized_query, filters, result_count, search_key, search_used)"
    )
    conn.execute(
        f"""INSERT INTO usage_events {columns}
        SELECT md5('s' || (%(first)s + g))::uuid::text,
               %(end)s - random() * interval '365 days',
               u.ids[x.ui], u.roles[x.ui], 'bench', 'search', NULL,
               (%(queries)s::text[])[x.qi], (%(normalized)s::text[])[x.qi],
               CASE WHEN random() < 0.5 THEN NULL
                    ELSE (%(filters)s::text[])[1 + floor(random() * 4)::int] END,
               (ARRAY[0, 0, 3, 12, 40])[1 + floor(random() * 5)::int], NULL, g %% 2 = 0
          FROM (SELECT g, 1 + floor(random() * 500)::int AS ui,
                       1 + floor(random() * {len(QUERIES)})::int AS qi
                  FROM generate_series(1, %(searches)s) g) x, {people}""",
        params,
    )
    conn.execute(
        f"""INSERT INTO usage_events {columns}
        SELECT md5('f' || (%(first)s + g))::uuid::text,
               s.occurred_at + random() * interval '10 minutes',
               s.user_id, s.role, 'bench',
               (%(follow_kinds)s::text[])[1 + floor(random() * 4)::int],
               1 + floor(random() * 20000)::int, NULL, NULL, NULL, NULL, s.event_key, false
          FROM generate_series(2, %(searches)s, 2) g
          JOIN usage_events s ON s.event_key = md5('s' || (%(first)s + g))::uuid::text""",
        params,
    )
    conn.execute(
        f"""INSERT INTO usage_events {columns}
        SELECT md5('o' || (%(first)s + g))::uuid::text,
               %(end)s - random() * interval '365 days',
               u.ids[x.ui], u.roles[x.ui], 'bench',
               (%(other_kinds)s::text[])[1 + floor(random() * {len(OTHER_KINDS)})::int],
               1 + floor(random() * 20000)::int, NULL, NULL, NULL, NULL, NULL, false
          FROM (SELECT g, 1 + floor(random() * 500)::int AS ui
                  FROM generate_series(1, %(others)s) g) x, {people}""",
        params,
    )
    for _, definition in indexes:
        conn.execute(definition.encode())  # the server's own text for the index
    conn.execute("VACUUM ANALYZE usage_events")
    conn.execute("ANALYZE")  # the catalogue's tables too: fresh rows, no statistics yet


def _time_reports(engine: Any, runs: int) -> dict[str, float]:
    """p50 wall time (ms) of each report through the normal API, after one warm-up."""
    from sqlalchemy.orm import Session

    from enablement.permissions import Actor
    from enablement.reports import REPORTS, ReportFilters, run_report

    admin = Actor(4, "user004", "admin")  # the generator's admin
    result: dict[str, float] = {}
    with Session(engine) as session:
        for name in REPORTS:
            filters = ReportFilters(today=REPORT_TODAY, **REPORT_FILTERS.get(name, {}))
            run_report(session, admin, name, filters)
            walls = []
            for _ in range(runs):
                t = time.perf_counter()
                run_report(session, admin, name, filters)
                walls.append((time.perf_counter() - t) * 1000)
            result[name] = statistics.median(walls)
            session.rollback()
    return result


def _print_report_times(times: dict[int, dict[str, float]]) -> None:
    sizes = sorted(times)
    header = "".join(f"{f'{n / 1e6:g}M':>10}" for n in sizes)
    print(f"report times, p50 ms:{header}" + ("    ratio" if len(sizes) > 1 else ""))
    for name in times[sizes[-1]]:
        values = "".join(f"{times[n][name]:>10.0f}" for n in sizes)
        ratio = f"{times[sizes[-1]][name] / times[sizes[0]][name]:>8.1f}x" if len(sizes) > 1 else ""
        print(f"  {name:<19}{values}{ratio}")


# -- one client's sync round on a large catalogue ---------------------------------


def round_costs(base: str, sizes: tuple[int, ...], runs: int) -> None:
    """A seller's sync round with nothing new and with one change, per catalogue size.

    A round must cost what changed, not what exists: the one-change round at
    20k assets should match the one at a few hundred, while the first sync
    (index built and details cached from scratch) grows with the catalogue.
    """
    measured: dict[int, tuple[float, float, float]] = {}
    for size in sizes:
        measured[size] = _round_cost(base, size, runs)
    print("sync round of one client (p50 ms):   first sync   nothing new   one change")
    for size, (first, idle, one) in measured.items():
        print(f"  {size:>6} assets{first * 1000:>23.0f}{idle * 1000:>14.0f}{one * 1000:>13.0f}")
    if len(sizes) > 1:
        small, large = measured[sizes[0]], measured[sizes[-1]]
        print(
            f"  {sizes[-1]} vs {sizes[0]} assets: first sync {large[0] / small[0]:.1f}x, "
            f"nothing new {large[1] / small[1]:.1f}x, one change {large[2] / small[2]:.1f}x"
        )


def _round_cost(base: str, size: int, runs: int) -> tuple[float, float, float]:
    from enablement.db import make_engine, upgrade
    from enablement.team import add_user, init_team
    from enablement.team.sync import TeamSync

    token = secrets.token_hex(3)
    url = make_url(base).set(database=f"enablement_rounds_{token}").render_as_string(False)
    prefix = f"er{token}_"
    name = make_url(url).database or ""
    folder = Path(tempfile.mkdtemp(prefix="team-rounds-"))
    with psycopg.connect(_conninfo(base), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        engine = make_engine(url)
        upgrade(engine)
        _load_catalogue(engine, size, users=50)
        engine.dispose()
        init_team(url, prefix)
        add_user(url, f"{prefix}s000", "seller")
        t = time.perf_counter()
        lib = _open_client(url, f"{prefix}s000", folder / "client", str(folder / "store"))
        first = time.perf_counter() - t
        sync = TeamSync(lib)
        idle, one = [], []
        with psycopg.connect(_conninfo(url), autocommit=True) as conn:
            row = conn.execute(
                "SELECT min(id) FROM assets WHERE status = 'published' AND review_by IS NULL"
            ).fetchone()
            asset_id = int(row[0]) if row else 0
            for k in range(runs):
                t = time.perf_counter()
                status = sync.run_once()
                idle.append(time.perf_counter() - t)
                assert status.indexed == 0, status
                with conn.transaction():
                    conn.execute(
                        "UPDATE assets SET description = %s, updated = now() WHERE id = %s",
                        (f"revision {k}", asset_id),
                    )
                    conn.execute(
                        "INSERT INTO index_outbox (asset_id, enqueued_at) VALUES (%s, now())",
                        (asset_id,),
                    )
                t = time.perf_counter()
                status = sync.run_once()
                one.append(time.perf_counter() - t)
                assert status.indexed == 1, status
        lib.close()
        lib.index.close()
        lib.engine.dispose()
        return first, statistics.median(idle), statistics.median(one)
    finally:
        _teardown(base, url, prefix)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
