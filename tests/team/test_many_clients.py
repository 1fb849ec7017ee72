"""Many laptops at once: 2 marketers publishing, 10 sellers working, each seller offline once.

Every client is a process of its own with its own library home (index,
blob cache, outbox), as on real laptops. Each seller talks to PostgreSQL
through a proxy of its own; halfway through its work it asks the test to
pull the plug, keeps working offline (search, view, rate, request), asks for
the plug back and carries on. Afterwards:

- every seller's local index holds exactly the assets the catalogue shows a
  seller (match-all search == the database's published set), and finds the
  term of the very last publish;
- every usage event, rating and request a seller produced is in the
  database exactly once: the keys each process noted are all there, and
  per person the database holds no more events than the process made.

Also here: a burst of changes wakes each listening client a few times, not
once per change, and a laptop restarted without the network opens from its
cache.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import random
import threading
import time
import traceback
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import make_url

from enablement.team.sync import CHANNEL, ROUND_INTERVAL_SECONDS, Listener

from .conftest import TeamDb
from .proxy import Proxy

pytestmark = pytest.mark.postgres

SELLERS = 10
MARKETERS = 2
WORK_SECONDS = 12.0
KEEPERS = 3  # per marketer: published at the start, stay published (edited only)
CHURN = 3  # per marketer: published and unpublished while the sellers work
# Tags and words no other team test searches for: the session database is shared.
TAGS = (("situation", "Closing"), ("segment", "Enterprise"))
TIMEOUT = 120.0


def _settings(home: Path, url: str, store: str, client: str) -> Any:
    from enablement.config import Settings

    return Settings(home=home, database_url=url, store_url=store, user="ignored", client=client)


def marketer_main(
    n: int, url: str, store: str, home: str, files: str, token: str,
    stop_work: Any, finale: Any, results: Any,
) -> None:  # fmt: skip
    """Import and publish keepers, then publish/edit/unpublish churn until told to stop."""
    try:
        from enablement.extraction import ExtractionPool
        from enablement.ingest import ImportOptions
        from enablement.team import open_team_library

        folder = Path(files)
        with ExtractionPool(workers=1, time_limit=30) as pool:
            lib = open_team_library(_settings(Path(home), url, store, f"mkt{n}"), pool=pool)
            paths = []
            for k in range(KEEPERS):
                body = f"Keeper memo {n}-{k}. keeper{token}"
                paths.append(_write(folder / f"m{n}-keeper-{k}.txt", body))
            for k in range(CHURN):
                body = f"Churn memo {n}-{k}. churn{token}"
                paths.append(_write(folder / f"m{n}-churn-{k}.txt", body))
            imported = lib.import_files(paths, ImportOptions(tags=TAGS))
            ids = [r.asset_id for r in imported]
            assert all(ids), imported
            keepers, churn = ids[:KEEPERS], ids[KEEPERS:]
            for asset_id in keepers:
                lib.assets.publish(asset_id or 0)
            results.put(("ready", n, None))
            rng, edits = random.Random(n), 0
            while not stop_work.is_set():
                asset_id = rng.choice(churn) or 0
                if lib.assets.get(asset_id).status == "published":
                    lib.assets.set_status(asset_id, rng.choice(("archived", "draft")))
                else:
                    lib.assets.publish(asset_id)
                edits += 1
                lib.assets.update(
                    rng.choice(keepers) or 0, description=f"revision {edits} from marketer {n}"
                )
                stop_work.wait(0.4)
            if n == 0:
                finale.wait(TIMEOUT)
                # The last change of the run: every seller must find it afterwards.
                fresh = _write(folder / "fresh.txt", f"Fresh memo. fresh{token}")
                [result] = lib.import_files([fresh], ImportOptions(tags=TAGS))
                lib.assets.publish(result.asset_id or 0)
                results.put(("final", n, result.asset_id))
            else:
                results.put(("final", n, None))
            lib.close()
    except BaseException:
        results.put(("error", n, traceback.format_exc()))


def seller_main(
    n: int, url: str, store: str, home: str, token: str, plug: Any, cut: Any, restored: Any,
    go: Any, stop_work: Any, final: Any, results: Any,
) -> None:  # fmt: skip
    """Search, view, rate and request; go offline once on the way; report what was made."""
    try:
        results.put(("done", n, _seller(n, url, store, home, token, plug, cut, restored, go,
                                        stop_work, final)))  # fmt: skip
    except BaseException:
        results.put(("error", n, traceback.format_exc()))


def _seller(
    n: int, url: str, store: str, home: str, token: str, plug: Any, cut: Any, restored: Any,
    go: Any, stop_work: Any, final: Any,
) -> dict[str, Any]:  # fmt: skip
    from enablement.offline import OFFLINE_MESSAGE
    from enablement.search import SearchRequest
    from enablement.team import open_team_library
    from enablement.team.sync import Listener, TeamSync

    lib = open_team_library(_settings(Path(home), url, store, f"seller{n}"))
    assert lib.offline is not None
    sync = TeamSync(lib)
    listener = Listener(lib.settings.database_url, sync.run_once).start()
    rng = random.Random(100 + n)
    keys: list[str] = []  # every usage event key this client made
    ratings: dict[int, int] = {}  # asset -> the last stars given
    rate_calls = 0
    titles: list[str] = []
    offline_at = 1.0 + n * (WORK_SECONDS - 4.0) / SELLERS  # staggered outages
    went_offline = False

    def work(online: bool) -> None:
        nonlocal rate_calls
        found = lib.search(f"keeper{token}", limit=50)
        assert (found.message == OFFLINE_MESSAGE) == (not online), found.message
        assert found.search_key is not None
        keys.append(found.search_key)
        if not found.hits:
            return
        hit = rng.choice(found.hits)
        keys.append(
            lib.usage_log.record(lib.actor, "view", asset_id=hit.asset_id,
                                 search_key=found.search_key, rank=1)
        )  # fmt: skip
        if rng.random() < 0.4 or not online:
            stars = rng.randint(1, 5)
            lib.ratings.rate(hit.asset_id, stars, outcome="helped")
            ratings[hit.asset_id] = stars
            rate_calls += 1
        if rng.random() < 0.15 or not online:
            title = f"{lib.actor.name} needs item {len(titles)}"
            request = lib.requests.create(title, segment="Enterprise")
            assert (request.status == "queued") == (not online), request.status
            titles.append(title)

    assert go.wait(TIMEOUT)
    sync.run_once()  # the keepers were published before `go`, maybe before the LISTEN
    started = time.monotonic()
    while not (stop_work.is_set() and went_offline):
        if not went_offline and time.monotonic() - started > offline_at:
            plug.put(("cut", n))
            assert cut.wait(30)
            status = sync.run_once()
            assert not status.online, status
            for _ in range(3):
                work(online=False)
            lib.usage.flush()  # no database: into the outbox
            assert lib.offline.outbox.pending() >= 3
            plug.put(("restore", n))
            assert restored.wait(30)
            status = sync.run_once()
            assert status.online and status.queued == 0, status
            went_offline = True
        work(online=True)
        if rng.random() < 0.3:
            sync.run_once()  # the periodic round, sped up
        time.sleep(0.15)

    assert final.wait(TIMEOUT)
    lib.usage.flush()
    status = sync.run_once()  # everything committed before `final` is read now
    assert status.online and status.queued == 0 and lib.usage_log.pending() == 0, status
    listener.stop()
    today = date.today()
    everything = lib.index.search(SearchRequest(text="", limit=100_000, today=today))
    fresh = lib.index.search(SearchRequest(text=f"fresh{token}", today=today))
    report = {
        "login": lib.actor.name,
        "keys": keys,
        "ratings": ratings,
        "rate_calls": rate_calls,
        "titles": titles,
        "match_all": sorted(h.asset_id for h in everything.hits),
        "match_all_total": everything.total,
        "indexed": sorted(lib.index.indexed_ids()),
        "fresh": [h.asset_id for h in fresh.hits],
    }
    lib.close()
    lib.index.close()
    lib.engine.dispose()
    return report


def _write(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def test_marketers_publish_while_sellers_work_and_go_offline(
    team_db: TeamDb, shared_store: Path, tmp_path: Path
) -> None:
    token = f"{random.randrange(16**6):06x}"
    marketers = [team_db.own_login(f"mc{i}", "marketer") for i in range(MARKETERS)]
    sellers = [team_db.own_login(f"sc{i}", "seller") for i in range(SELLERS)]
    with psycopg.connect(team_db.conninfo()) as db:
        row = db.execute("SELECT coalesce(max(id), 0) FROM assets").fetchone()
        first_new = int(row[0]) + 1 if row else 1
    base = make_url(team_db.url)
    proxies = [Proxy(base.host or "127.0.0.1", base.port or 5432) for _ in sellers]
    for proxy in proxies:
        proxy.restore()

    ctx = mp.get_context("forkserver")
    results: Any = ctx.Queue()
    plug: Any = ctx.Queue()
    go, stop_work, finale, final = ctx.Event(), ctx.Event(), ctx.Event(), ctx.Event()
    cut = [ctx.Event() for _ in sellers]
    restored = [ctx.Event() for _ in sellers]
    files = tmp_path / "files"
    files.mkdir()
    store = str(shared_store)
    procs = [
        ctx.Process(
            target=marketer_main,
            args=(
                i,
                team_db.url_for(login),
                store,
                str(tmp_path / f"m{i}"),
                str(files),
                token,
                stop_work,
                finale,
                results,
            ),
        )
        for i, login in enumerate(marketers)
    ]
    procs += [
        ctx.Process(
            target=seller_main,
            args=(
                i,
                make_url(team_db.url_for(login))
                .set(host="127.0.0.1", port=proxy.port)
                .render_as_string(False),
                store,
                str(tmp_path / f"s{i}"),
                token,
                plug,
                cut[i],
                restored[i],
                go,
                stop_work,
                final,
                results,
            ),
        )
        for i, (login, proxy) in enumerate(zip(sellers, proxies, strict=True))
    ]

    stop_plugs = threading.Event()
    outages: Counter[int] = Counter()

    def pull_plugs() -> None:
        while not stop_plugs.is_set():
            try:
                action, i = plug.get(timeout=0.2)
            except queue.Empty:
                continue
            if action == "cut":
                proxies[i].cut()
                outages[i] += 1
                restored[i].clear()
                cut[i].set()
            else:
                proxies[i].restore()
                restored[i].set()

    plugs = threading.Thread(target=pull_plugs, daemon=True)
    plugs.start()
    reports: dict[int, dict[str, Any]] = {}
    fresh_id = None
    try:
        for p in procs:
            p.start()
        ready = 0
        while ready < MARKETERS:
            kind, n, payload = results.get(timeout=TIMEOUT)
            assert kind != "error", payload
            ready += kind == "ready"
        go.set()
        time.sleep(WORK_SECONDS)
        stop_work.set()
        finals = 0
        while finals < MARKETERS:
            kind, n, payload = results.get(timeout=TIMEOUT)
            assert kind != "error", payload
            if kind == "final":
                finals += 1
                fresh_id = payload if n == 0 else fresh_id
                if finals == 1:
                    finale.set()  # the other marketer has stopped: the fresh publish is last
            elif kind == "done":
                reports[n] = payload
        final.set()
        while len(reports) < SELLERS:
            kind, n, payload = results.get(timeout=TIMEOUT)
            assert kind != "error", f"seller {n}:\n{payload}"
            reports[n] = payload
        for p in procs:
            p.join(30)
            assert p.exitcode == 0
    finally:
        stop_plugs.set()
        for p in procs:
            if p.is_alive():
                p.kill()
        for proxy in proxies:
            proxy.cut()

    assert fresh_id is not None
    assert all(outages[i] == 1 for i in range(SELLERS)), outages
    with psycopg.connect(team_db.conninfo()) as db:
        published = sorted(
            int(r[0])
            for r in db.execute(
                "SELECT id FROM assets WHERE status = 'published' "
                "AND (review_by IS NULL OR review_by >= current_date)"
            )
        )
        assert fresh_id in published
        for n, report in sorted(reports.items()):
            # The local index is the catalogue as a seller sees it.
            assert report["match_all"] == published, n
            assert report["match_all_total"] == len(published), n
            assert report["indexed"] == published, n
            assert report["fresh"] == [fresh_id], n
            _assert_delivered_once(db, report)
        # Leave the shared session database as the other tests expect it:
        # what this test published goes out of every seller's sight again.
        with db.transaction():
            ids = db.execute(
                "UPDATE assets SET status = 'archived' WHERE id >= %s RETURNING id", (first_new,)
            ).fetchall()
            for (asset_id,) in ids:
                db.execute(
                    "INSERT INTO index_outbox (asset_id, enqueued_at) VALUES (%s, now())",
                    (asset_id,),
                )


def _assert_delivered_once(db: psycopg.Connection[Any], report: dict[str, Any]) -> None:
    login = report["login"]
    row = db.execute("SELECT id FROM users WHERE name = %s", (login,)).fetchone()
    assert row is not None
    user_id = int(row[0])
    events = db.execute(
        "SELECT event_key, kind FROM usage_events WHERE user_id = %s", (user_id,)
    ).fetchall()
    logged = Counter(str(key) for key, _ in events)
    kinds = Counter(str(kind) for _, kind in events)
    assert report["keys"], login
    missing = [k for k in report["keys"] if k not in logged]
    assert not missing, (login, missing[:5])
    assert len(set(report["keys"])) == len(report["keys"])
    # Nothing beyond what the process made: its keyed events, one 'rate' per
    # rating given and one 'request-created' per request filed.
    made = len(report["keys"]) + report["rate_calls"] + len(report["titles"])
    assert len(events) == made, (login, kinds, made)
    assert kinds["rate"] == report["rate_calls"], (login, kinds)
    assert kinds["request-created"] == len(report["titles"]), (login, kinds)
    ratings = {
        int(a): int(s)
        for a, s in db.execute("SELECT asset_id, stars FROM ratings WHERE user_id = %s", (user_id,))
    }
    assert ratings == report["ratings"], login
    titles = Counter(
        str(t)
        for (t,) in db.execute(
            "SELECT title FROM material_requests WHERE requester_id = %s", (user_id,)
        )
    )
    assert titles == Counter(report["titles"]), login
    assert all(count == 1 for count in titles.values()), login


def test_a_burst_of_changes_wakes_a_client_a_few_times_and_loses_none(team_db: TeamDb) -> None:
    """A change every 20 ms for 2 s (an import, a team rating) costs a client a
    round per interval, not a hundred; the last change is never left unread,
    and a change after a quiet spell wakes it at once."""
    wakes: list[float] = []
    url = team_db.url_for(team_db.login("sam"))
    listener = Listener(url, lambda: wakes.append(time.monotonic())).start()
    try:
        assert listener.listening.wait(10)
        with psycopg.connect(team_db.conninfo(), autocommit=True) as admin:
            for _ in range(100):  # one transaction each: a hundred commits
                admin.execute("SELECT pg_notify(%s, '')", (CHANNEL,))
                time.sleep(0.02)
            last_change = time.monotonic()
            time.sleep(ROUND_INTERVAL_SECONDS + 0.5)
            burst = len(wakes)
            assert 2 <= burst <= 2.5 / ROUND_INTERVAL_SECONDS + 2, burst
            assert wakes[-1] >= last_change  # a round after the last change

            sent = time.monotonic()
            admin.execute("SELECT pg_notify(%s, '')", (CHANNEL,))
            _wait_until(lambda: len(wakes) > burst)
            time.sleep(0.3)
            assert len(wakes) == burst + 1
            assert wakes[-1] - sent < ROUND_INTERVAL_SECONDS  # no waiting when quiet
    finally:
        listener.stop()


def _wait_until(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


def test_a_laptop_restarted_without_the_network_opens_from_its_cache(
    team_db: TeamDb, shared_store: Path, tmp_path: Path
) -> None:
    from enablement.offline import OFFLINE_MESSAGE
    from enablement.team import open_team_library

    login = team_db.own_login("sc0", "seller")
    base = make_url(team_db.url)
    proxy = Proxy(base.host or "127.0.0.1", base.port or 5432)
    proxy.restore()
    url = make_url(team_db.url_for(login)).set(host="127.0.0.1", port=proxy.port)
    settings = _settings(tmp_path / "laptop", url.render_as_string(False), str(shared_store), "x")
    try:
        first = open_team_library(settings)
        assert first.offline is not None and first.offline.online
        _close(first)
        proxy.cut()
        again = open_team_library(settings)  # no database: the cached profile and index
        assert again.offline is not None and not again.offline.online
        assert again.actor.name == login
        assert again.search("anything at all").message == OFFLINE_MESSAGE
        _close(again)
    finally:
        proxy.cut()


def _close(lib: Any) -> None:
    lib.close()
    lib.index.close()
    lib.engine.dispose()
