"""Working without the team database: cached search and preview, a local outbox.

When PostgreSQL cannot be reached (laptop on a train, VPN down, server
restarting) a team library keeps doing what needs no shared catalogue:

- every database error that means "unreachable" becomes one `Offline` error
  with a message a person understands (`install_detection`);
- searches run on the local Whoosh index and answer from the asset details
  this client saw last (`OfflineMode.search`); previews open files already in
  the local blob cache (`OfflineMode.asset`);
- usage events, ratings and material requests go to a small SQLite file in
  the library home (`Outbox`) and are delivered when the database is back;
- the same file keeps what opening the library needs (who this person is,
  the taxonomy, the search categories: a `Profile`), so a team library also
  opens while the database is already away (`enablement.library.open_library`).

The cached asset details follow the catalogue's change sequence
(`OfflineMode.refresh`): a refresh re-reads only the assets changed since the
last one, with the same out-of-order-commit gaps the index keeps, and forgets
those this person may no longer see (deleted, unpublished, archived).

Delivery is exactly once. Usage events carry their `event_key` already. A
queued rating or request gets a client-generated key too, and the
`rate`/`request-created` usage event written in the same transaction as the
rating or request carries that key: before delivering an item again (after a
COMMIT whose answer was lost), the outbox looks the key up in the usage log
and skips what is there. The local row is removed only after the commit.
"""

from __future__ import annotations

import json
import logging
import pickle
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import psycopg
from sqlalchemy import Engine, event, make_url, select
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session

from .errors import EnablementError, InvalidInput, StorageProblem
from .indexing import MAX_GAPS, Gap, advance_gaps, change_window, changes_after, recent_gaps
from .models import UsageEvent, utcnow
from .permissions import Action, Actor
from .search import SearchRequest
from .services import assets, feedback, requests, searching, taxonomy, users
from .services.taxonomy import CategoryInfo
from .services.users import UserInfo
from .usage_log import QueuedEvent, UsageLog

if TYPE_CHECKING:
    from .library import Library

log = logging.getLogger(__name__)

T = TypeVar("T")
OFFLINE_MESSAGE = "the team database is unreachable; working offline"
OUTBOX_FILE = "offline-outbox.sqlite3"
# SQLSTATEs that mean "the server is not there for us right now".
_UNREACHABLE_STATES = ("57P01", "57P02", "57P03")
# A server that answered "no" is there: those are not "offline".
_REFUSALS = ("authentication failed", "does not exist", "pg_hba.conf", "permission denied")
# The usage event each queued item writes in its own transaction.
_MARKER_KIND = {"rating": "rate", "request": "request-created"}


class Offline(StorageProblem):
    """The team database cannot be reached; cached content keeps working."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(OFFLINE_MESSAGE + (f" ({detail})" if detail else ""))


class NothingCached(StorageProblem):
    """Offline, and this computer has never opened this team library."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The team database cannot be reached, and this computer has not opened this "
            "library before, so there is nothing to work with offline yet. Connect to the "
            "company network (or VPN) and open it again." + (f" ({detail})" if detail else "")
        )


@dataclass(frozen=True)
class Profile:
    """What opening a team library needs, as last seen online."""

    database: str  # the database's address and login, never the password
    login: str
    actor: Actor
    categories: tuple[str, ...]  # the search index's category fields
    taxonomy: tuple[CategoryInfo, ...]
    me: UserInfo


def database_key(database_url: str) -> str:
    """Which database a cache belongs to: host, port, name and login."""
    url = make_url(database_url)
    return f"{url.username or ''}@{url.host or ''}:{url.port or ''}/{url.database or ''}"


def is_unreachable(exc: BaseException | None) -> bool:
    """A lost or refused connection (not a refusal by the database's rules)."""
    if isinstance(exc, Offline):
        return True
    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = exc.sqlstate
    if state is None:  # a failed connect: libpq's text says whether anyone answered
        text = str(exc).lower()
        return not any(refusal in text for refusal in _REFUSALS)
    return state.startswith("08") or state in _UNREACHABLE_STATES


def install_detection(engine: Engine) -> None:
    """Raise `Offline` for every database call that cannot reach the server."""

    def handle_error(context: ExceptionContext) -> None:
        original = context.original_exception
        if context.is_disconnect or (context.connection is None and is_unreachable(original)):
            raise Offline(_first_line(original)) from original

    event.listen(engine, "handle_error", handle_error)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


class Outbox:
    """The client's SQLite file: queued items and the last known asset details."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS queue (n INTEGER PRIMARY KEY AUTOINCREMENT, "
            "key TEXT UNIQUE NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, "
            "queued_at TEXT NOT NULL)"
        )
        self._db.execute("CREATE TABLE IF NOT EXISTS assets (id INTEGER PRIMARY KEY, info BLOB)")
        self._db.execute("CREATE TABLE IF NOT EXISTS pages (id INTEGER PRIMARY KEY, texts TEXT)")
        self._db.execute("CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value BLOB)")

    def add(self, kind: str, payload: Mapping[str, Any], key: str | None = None) -> str:
        key = key or str(uuid.uuid4())
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO queue (key, kind, payload, queued_at) VALUES (?, ?, ?, ?)",
                (key, kind, json.dumps(payload), utcnow().isoformat()),
            )
        return key

    def add_many(self, items: Iterable[tuple[str, str, Mapping[str, Any]]]) -> None:
        """(key, kind, payload) rows in one local transaction."""
        rows = [(key, kind, json.dumps(p), utcnow().isoformat()) for key, kind, p in items]
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "INSERT OR IGNORE INTO queue (key, kind, payload, queued_at) "
                    "VALUES (?, ?, ?, ?)",
                    rows,
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def items(self, limit: int = 500) -> list[tuple[str, str, dict[str, Any]]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT key, kind, payload FROM queue ORDER BY n LIMIT ?", (limit,)
            ).fetchall()
        return [(str(k), str(kind), json.loads(p)) for k, kind, p in rows]

    def remove(self, keys: Sequence[str]) -> None:
        with self._lock:
            self._db.executemany("DELETE FROM queue WHERE key = ?", [(k,) for k in keys])

    def pending(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT count(*) FROM queue").fetchone()
        return int(row[0])

    # -- asset details for offline search and preview -------------------------

    def remember(self, infos: Iterable[assets.AssetInfo], *, complete: bool = False) -> None:
        """Store asset details; with `complete`, they are all this person may see."""
        rows = [(i.id, pickle.dumps(i)) for i in infos]
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            if complete:
                self._db.execute("DELETE FROM assets")
            self._db.executemany("INSERT OR REPLACE INTO assets (id, info) VALUES (?, ?)", rows)
            self._db.execute("COMMIT")

    def apply(
        self,
        infos: Iterable[assets.AssetInfo],
        gone: Iterable[int],
        cursor: Mapping[str, Any],
        *,
        complete: bool = False,
    ) -> None:
        """One refresh in one local transaction: changed details, forgotten ids, the cursor."""
        rows = [(i.id, pickle.dumps(i)) for i in infos]
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if complete:
                    self._db.execute("DELETE FROM assets")
                self._db.executemany("INSERT OR REPLACE INTO assets (id, info) VALUES (?, ?)", rows)
                dropped = [(i,) for i in gone]
                self._db.executemany("DELETE FROM assets WHERE id = ?", dropped)
                # Page texts of a changed asset may be an older version's: fetched again online.
                self._db.executemany(
                    "DELETE FROM pages WHERE id = ?", dropped + [(i,) for i, _ in rows]
                )
                self._db.execute(
                    "INSERT OR REPLACE INTO state (key, value) VALUES ('refresh', ?)",
                    (pickle.dumps(dict(cursor)),),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def cached_ids(self) -> set[int]:
        with self._lock:
            return {int(r[0]) for r in self._db.execute("SELECT id FROM assets").fetchall()}

    def save(self, key: str, value: object) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)",
                (key, pickle.dumps(value)),
            )

    def load(self, key: str) -> Any:
        with self._lock:
            row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        # Our own file in the person's data folder, written only by this class.
        return pickle.loads(row[0]) if row else None

    def remember_pages(self, asset_id: int, texts: Sequence[str]) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO pages (id, texts) VALUES (?, ?)",
                (asset_id, json.dumps(list(texts))),
            )

    def recall_pages(self, asset_id: int) -> list[str] | None:
        with self._lock:
            row = self._db.execute("SELECT texts FROM pages WHERE id = ?", (asset_id,)).fetchone()
        return [str(t) for t in json.loads(row[0])] if row else None

    def recall(self, ids: Sequence[int]) -> dict[int, assets.AssetInfo]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with self._lock:
            rows = self._db.execute(
                f"SELECT id, info FROM assets WHERE id IN ({marks})", tuple(ids)
            ).fetchall()
        # Our own file in the person's data folder, written only by `remember`.
        return {int(i): pickle.loads(blob) for i, blob in rows}

    def close(self) -> None:
        with self._lock:
            self._db.close()


class OfflineUsageLog(UsageLog):
    """A usage log whose batches go to the outbox while the database is away."""

    def __init__(self, begin: Callable[[], AbstractContextManager[Session]], outbox: Outbox,
                 **kwargs: Any) -> None:  # fmt: skip
        self.outbox = outbox
        super().__init__(begin, **kwargs)

    def _deliver(self, batch: list[QueuedEvent]) -> None:
        try:
            self.deliver_now(batch)
        except Offline:
            self.outbox.add_many((e.event_key, "usage", _event_payload(e)) for e in batch)

    def deliver_now(self, batch: list[QueuedEvent]) -> None:
        super()._deliver(batch)


def _actor_payload(actor: Actor) -> dict[str, Any]:
    return {
        "user_id": actor.user_id,
        "name": actor.name,
        "role": actor.role,
        "client": actor.client,
    }


def _actor(payload: Mapping[str, Any]) -> Actor:
    a = payload["actor"]
    return Actor(int(a["user_id"]), str(a["name"]), str(a["role"]), str(a["client"]))


def _event_payload(e: QueuedEvent) -> dict[str, Any]:
    fields = dict(e.fields)
    if fields.get("filters"):
        fields["filters"] = {k: list(v) for k, v in fields["filters"].items()}
    return {
        "actor": _actor_payload(e.actor),
        "kind": e.kind,
        "occurred_at": e.occurred_at.isoformat(),
        "fields": fields,
    }


def _event(key: str, payload: Mapping[str, Any]) -> QueuedEvent:
    return QueuedEvent(
        _actor(payload),
        str(payload["kind"]),
        key,
        datetime.fromisoformat(payload["occurred_at"]),
        dict(payload["fields"]),
    )


class OfflineMode:
    """A team library's behaviour while the database is away, and the way back."""

    def __init__(self, library: Library, outbox: Outbox) -> None:
        self._lib = library
        self.outbox = outbox
        self.online = True
        self.cache_filled = False
        self._delivering = threading.Lock()
        self._refreshing = threading.Lock()
        self._probe = threading.local()

    @property
    def probing(self) -> bool:
        """Whether this thread is inside a probing `attempt` (a sync round's)."""
        return bool(getattr(self._probe, "depth", 0))

    @contextmanager
    def _probing(self) -> Iterator[None]:
        self._probe.depth = getattr(self._probe, "depth", 0) + 1
        try:
            yield
        finally:
            self._probe.depth -= 1

    # -- online calls with an offline answer ----------------------------------

    def attempt(self, call: Callable[[], T], *, probe: bool = False) -> T:
        """Run `call`, noting whether the database answered (raises `Offline`).

        Once offline, calls fail at once without waiting on the network (a
        search as you type must not stall for the connect timeout) until a
        sync round, which probes, finds the database again.
        """
        if not self.online and not probe:
            raise Offline()
        try:
            if probe:
                with self._probing():
                    result = call()
            else:
                result = call()
        except Offline:
            self.online = False
            raise
        self.online = True
        return result

    def asset(self, asset_id: int, fetch: Callable[[], assets.AssetInfo]) -> assets.AssetInfo:
        try:
            info = self.attempt(fetch)
        except Offline:
            cached = self.outbox.recall([asset_id]).get(asset_id)
            if cached is None:
                raise Offline(f"asset {asset_id} is not cached on this computer") from None
            return cached
        self.outbox.remember([info])
        return info

    def page_text(self, asset_id: int, fetch: Callable[[], list[str]]) -> list[str]:
        """An asset's page texts (for the preview), the last copy seen when offline."""
        try:
            texts = self.attempt(fetch)
        except Offline:
            cached = self.outbox.recall_pages(asset_id)
            if cached is None:
                raise Offline(
                    f"the text of asset {asset_id} is not cached on this computer"
                ) from None
            return cached
        self.outbox.remember_pages(asset_id, texts)
        return texts

    # -- what opening needs -----------------------------------------------------

    def remember_profile(self) -> Profile:
        """Save who this person is and the taxonomy, for opening offline next time."""
        lib = self._lib

        def read() -> Profile:
            with lib.reader() as session:
                return Profile(
                    database=database_key(lib.settings.database_url),
                    login=lib.settings.user,
                    actor=lib.actor,
                    categories=tuple(taxonomy.category_slugs(session)),
                    taxonomy=tuple(taxonomy.list_taxonomy(session, lib.actor)),
                    me=users.me(session, lib.actor),
                )

        profile = self.attempt(read, probe=True)
        self.outbox.save("profile", profile)
        return profile

    def profile(self) -> Profile | None:
        """The profile saved at the last good open or refresh, if it is this database's."""
        return cached_profile(self.outbox, self._lib.settings.database_url)

    # -- the details offline search answers from --------------------------------

    def refresh(self) -> int:
        """Bring the cached asset details up to the catalogue; return assets re-read.

        Only assets with a catalogue change since the last refresh are read
        again; the first refresh (or one for another person or database)
        reads them all. Raises `Offline` when the database is away.
        """
        with self._refreshing:
            changed = self.attempt(self._refresh, probe=True)
        self.cache_filled = True
        return changed

    def _refresh(self) -> int:
        lib = self._lib
        actor = lib.actor
        owner = f"{database_key(lib.settings.database_url)}#{actor.user_id}:{actor.role}"
        saved = self.outbox.load("refresh") or {}
        cursor = int(saved.get("seq", 0)) if saved.get("owner") == owner else -1
        gaps: dict[int, Gap] = {
            int(k): Gap(int(h), int(ph)) for k, (h, ph) in saved.get("gaps", {}).items()
        } if cursor >= 0 else {}  # fmt: skip
        with lib.reader() as session:
            top, horizon, xmin, postgres = change_window(session)
            if cursor < 0 or top < cursor:
                # Never refreshed for this person here, or a restored database: read all.
                start_gaps = recent_gaps(session, top)
                infos = assets.list_assets(session, actor, None)
                self.outbox.apply(infos, (), _cursor_state(owner, top, start_gaps), complete=True)
                return len(infos)
            if top == cursor and not gaps:
                return 0
            rows = changes_after(session, cursor, top, gaps)
            seen = {seq for seq, _ in rows}
            ids = sorted({asset_id for _, asset_id in rows})
            found = assets.get_many(session, actor, ids) if ids else {}
        gone = set(ids) - set(found)  # deleted, or no longer visible to this person
        next_gaps = advance_gaps(gaps, seen, cursor, top, horizon, xmin) if postgres else {}
        if len(next_gaps) > MAX_GAPS:  # re-reading them all would cost more than a full read
            self.outbox.save("refresh", {})
            return self._refresh()
        self.outbox.apply(found.values(), gone, _cursor_state(owner, top, next_gaps))
        return len(ids)

    def search(
        self,
        text: str,
        *,
        filters: Mapping[str, Sequence[str]] | None = None,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
        as_you_type: bool = False,
        log: bool = True,
    ) -> searching.Outcome:
        """The local index answering alone; details from the cache, no page snippets."""
        lib = self._lib
        actor = lib.actor
        actor.require(Action.SEARCH)
        clean = {k: tuple(v) for k, v in (filters or {}).items() if v}
        request = SearchRequest(
            text=text,
            filters=clean,
            sort=sort,
            limit=limit,
            offset=offset,
            include_unpublished=actor.may(Action.SEE_UNPUBLISHED),
            as_you_type=as_you_type,
            today=date.today(),
        )
        found = lib.index.search(request, None)
        infos = self.outbox.recall([h.asset_id for h in found.hits])
        hits = searching.join_hits(found.hits, infos)
        key = None
        if log and not as_you_type:
            key = lib.usage_log.record(
                actor, "search", query=text, filters=clean, result_count=found.total
            )
        return searching.Outcome(
            query=text,
            total=found.total,
            hits=tuple(hits),
            facets=found.facets,
            suggestion=found.suggestion,
            message=OFFLINE_MESSAGE,
            search_key=key,
        )

    def queue_rating(
        self, asset_id: int, stars: int, *, comment: str, situation: str | None, outcome: str
    ) -> feedback.RatingInfo:
        """Keep a rating for later; checked as far as possible without the database."""
        actor = self._lib.actor
        actor.require(Action.RATE)
        if not 1 <= stars <= 5:
            raise InvalidInput("a rating is 1 to 5 stars")
        if outcome not in feedback.OUTCOMES:
            raise InvalidInput("the outcome is 'helped' or 'did-not-help'")
        payload = {
            "actor": _actor_payload(actor),
            "asset_id": asset_id,
            "stars": stars,
            "comment": comment,
            "situation": situation,
            "outcome": outcome,
        }
        self.outbox.add("rating", payload)
        return feedback.RatingInfo(asset_id, stars, comment.strip(), situation, outcome, utcnow())

    def queue_request(
        self,
        title: str,
        *,
        details: str,
        situation: str | None,
        segment: str | None,
        needed_by: date | None,
    ) -> requests.RequestInfo:
        """Keep a material request for later: status 'queued', id 0 until delivered."""
        actor = self._lib.actor
        actor.require(Action.REQUEST_MATERIAL)
        if not title.strip():
            raise InvalidInput("a request needs a title saying what is missing")
        payload = {
            "actor": _actor_payload(actor),
            "title": title,
            "details": details,
            "situation": situation,
            "segment": segment,
            "needed_by": needed_by.isoformat() if needed_by else None,
        }
        self.outbox.add("request", payload)
        now = utcnow()
        return requests.RequestInfo(
            id=0,
            title=title.strip(),
            details=details.strip(),
            requester=actor.name,
            situation=situation,
            segment=segment,
            needed_by=needed_by,
            status="queued",
            assignee=None,
            fulfilling_asset_id=None,
            fulfilling_asset_title=None,
            resolution_note="",
            merged_into_id=None,
            votes=0,
            voted_by_me=False,
            created=now,
            updated=now,
            resolved_at=None,
            changed_since_seen=False,
        )

    # -- delivery ---------------------------------------------------------------

    def deliver(self) -> int:
        """Send what the outbox holds, oldest first; return how many were sent.

        Raises `Offline` (keeping the rest) when the database is still away.
        An item the database refuses for good (its asset was archived since)
        is dropped with a warning, so it never blocks the queue.
        """
        sent = 0
        with self._delivering:
            while True:
                items = self.outbox.items()
                if not items:
                    break
                usage_batch: list[QueuedEvent] = []
                for key, kind, payload in items:
                    if kind == "usage":
                        usage_batch.append(_event(key, payload))
                        continue
                    if usage_batch:
                        sent += self._deliver_usage(usage_batch)
                        usage_batch = []
                    sent += self.attempt(
                        partial(self._deliver_item, key, kind, payload), probe=True
                    )
                    self.outbox.remove([key])
                if usage_batch:
                    sent += self._deliver_usage(usage_batch)
        return sent

    def _deliver_usage(self, batch: list[QueuedEvent]) -> int:
        usage_log = self._lib.usage_log
        if isinstance(usage_log, OfflineUsageLog):
            self.attempt(lambda: usage_log.deliver_now(batch), probe=True)
        else:  # pragma: no cover - team libraries always have an OfflineUsageLog
            self.attempt(lambda: UsageLog._deliver(usage_log, batch), probe=True)
        self.outbox.remove([e.event_key for e in batch])
        return len(batch)

    def _deliver_item(self, key: str, kind: str, payload: dict[str, Any]) -> int:
        actor = _actor(payload)
        try:
            with self._lib.writer.begin() as session:
                if session.scalar(select(UsageEvent.id).where(UsageEvent.event_key == key)):
                    return 0  # delivered before; the answer to its COMMIT was lost
                _stamp_marker(session, _MARKER_KIND[kind], key)
                if kind == "rating":
                    feedback.rate(
                        session,
                        actor,
                        int(payload["asset_id"]),
                        int(payload["stars"]),
                        comment=str(payload["comment"]),
                        situation=payload["situation"],
                        outcome=str(payload["outcome"]),
                    )
                else:
                    needed = payload["needed_by"]
                    requests.create(
                        session,
                        actor,
                        str(payload["title"]),
                        details=str(payload["details"]),
                        situation=payload["situation"],
                        segment=payload["segment"],
                        needed_by=date.fromisoformat(needed) if needed else None,
                    )
        except Offline:
            raise
        except EnablementError as exc:
            log.warning("dropping the queued %s %s: %s", kind, key, exc)
            return 0
        self._lib.indexer.sync()
        return 1


def _cursor_state(owner: str, seq: int, gaps: Mapping[int, Gap]) -> dict[str, Any]:
    return {
        "owner": owner,
        "seq": seq,
        "gaps": {str(k): (g.horizon, g.phase) for k, g in gaps.items()},
    }


def cached_profile(outbox: Outbox, database_url: str) -> Profile | None:
    profile = outbox.load("profile")
    if not isinstance(profile, Profile) or profile.database != database_key(database_url):
        return None
    return profile


def _stamp_marker(session: Session, marker_kind: str, key: str) -> None:
    """Give the usage event the service writes in this transaction the item's key."""

    def before_flush(session: Session, _context: object, _instances: object) -> None:
        for obj in session.new:
            if isinstance(obj, UsageEvent) and obj.kind == marker_kind and obj.event_key != key:
                obj.event_key = key

    event.listen(session, "before_flush", before_flush)


def attach(library: Library, outbox: Outbox | None = None) -> OfflineMode:
    """Give a team library its outbox, offline answers and an offline-aware usage log.

    Attaching twice returns the mode already attached.
    """
    if library.offline is not None:
        return library.offline
    install_detection(library.engine)
    outbox = outbox or Outbox(library.settings.home / OUTBOX_FILE)
    old = library.usage_log
    old.close()
    library.usage_log = OfflineUsageLog(
        library.writer.begin,
        outbox,
        interval=old._interval,
    )
    mode = OfflineMode(library, outbox)
    library.offline = mode
    return mode


__all__ = [
    "OFFLINE_MESSAGE",
    "OUTBOX_FILE",
    "NothingCached",
    "Offline",
    "OfflineMode",
    "OfflineUsageLog",
    "Outbox",
    "Profile",
    "attach",
    "cached_profile",
    "database_key",
    "install_detection",
    "is_unreachable",
]
