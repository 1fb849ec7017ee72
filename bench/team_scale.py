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
the sync delay from "publish returned" to "searchable on the client", p50 /
p95 / max over all clients and publishes. Baseline in the same run: the
delay for a single client measured alone before the crowd starts.

PostgreSQL's default `max_connections` is 100, fewer than the clients here:
client engines connect per transaction (NullPool) under a per-process cap
(`--max-connections` in all), as a transaction-mode pooler would. Real
desktops each hold one LISTEN connection; see docs/team.md.

    .venv/bin/python bench/team_scale.py                 # 50 clients, about 1 min
    .venv/bin/python bench/team_scale.py --clients 200
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import event, make_url
from sqlalchemy.pool import NullPool

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
MARK = "zzscalemarker"


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
        kwargs.pop("pool_pre_ping", None)
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
    ready: Any,
    start: Any,
    results: Any,
) -> None:
    _limit_connections(cap)
    from enablement.team.sync import Listener, TeamSync

    libraries = [_open_client(url, login, Path(home) / login, store) for login in logins]
    wakes = [threading.Event() for _ in libraries]

    def wake_all() -> None:
        for w in wakes:
            w.set()

    listener = Listener(libraries[0].settings.database_url, wake_all)
    listener.start()
    listener.listening.wait(10)
    ready.put(len(libraries))
    start.wait()
    t_end = time.time() + seconds
    seen: list[tuple[int, float]] = []
    rounds: list[float] = []  # seconds of client work per round that changed the index
    recorded = [0] * len(libraries)
    lock = threading.Lock()

    def run(i: int) -> None:
        lib, sync, wake = libraries[i], TeamSync(libraries[i]), wakes[i]
        asset_id, version_id = asset
        known: set[int] = set()
        period, last_round, last_event = 5.0, time.time(), time.time()
        while time.time() < t_end:
            now = time.time()
            due = int((now - last_event) * rate)
            for _ in range(due):
                lib.usage.record("view", asset_id=asset_id, version_id=version_id)
            if due:
                recorded[i] += due
                last_event = now
            if wake.wait(0.1) or time.time() - last_round > period:
                wake.clear()
                last_round = time.time()
                status = sync.run_once()
                if status.indexed:
                    with lock:
                        rounds.append(time.time() - last_round)
                    hits = lib.search(MARK, log=False, limit=100).hits
                    stamp = time.time()
                    for hit in hits:
                        if hit.asset_id not in known:
                            known.add(hit.asset_id)
                            with lock:
                                seen.append((hit.asset_id, stamp))
        lib.close()  # delivers what the usage log still holds

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(libraries))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    listener.stop()
    results.put({"seen": seen, "recorded": sum(recorded), "rounds": rounds})


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
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--rate", type=float, default=5.0, help="usage events/s per client")
    parser.add_argument("--publishes", type=int, default=8)
    parser.add_argument("--processes", type=int, default=min(4, os.cpu_count() or 2))
    parser.add_argument("--max-connections", type=int, default=60)
    args = parser.parse_args()
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
        groups = [sellers[i :: args.processes] for i in range(args.processes)]
        # A thread may hold two connections at once (search + page text).
        cap = max(2, args.max_connections // (2 * args.processes))
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
                    cap,
                    asset,
                    ready,
                    start,
                    results,
                ),
            )
            for g in groups
            if g
        ]
        for p in procs:
            p.start()
        opened = sum(ready.get(timeout=600) for _ in procs)
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
        outcomes = [results.get(timeout=args.seconds + 300) for _ in procs]
        for p in procs:
            p.join(60)
        elapsed = time.time() - t0
        with psycopg.connect(_conninfo(url)) as conn:
            delivered = _views(conn) - before
        recorded = sum(o["recorded"] for o in outcomes)
        delays = [
            stamp - published[a] for o in outcomes for a, stamp in o["seen"] if a in published
        ]
        expected = len(published) * opened
        marketer.close()
        print(f"clients {opened}, processes {len(procs)}, run {elapsed:.1f}s")
        print(
            f"usage events: recorded {recorded}, delivered {delivered} "
            f"({delivered / elapsed:.0f}/s), lost {recorded - delivered}"
        )
        print(f"sync delay baseline (1 client alone): {baseline * 1000:.0f} ms")
        if delays:
            print(
                f"sync delay publish->searchable over {len(delays)}/{expected} sightings: "
                f"p50 {statistics.median(delays) * 1000:.0f} ms, "
                f"p95 {_percentile(delays, 95) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms"
            )
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


if __name__ == "__main__":
    sys.exit(main())
