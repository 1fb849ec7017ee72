"""Keeping the derived search index in step with the catalogue.

The catalogue records every change in the index outbox in the same
transaction as the change. This module drains it: it reads the outbox rows
after the last sequence number this index absorbed, re-reads those assets and
upserts or deletes them, then advances its cursor (a small file beside the
index, written after the index commit). A crash between the two steps only
means some assets are indexed twice; nothing is ever skipped. Each client in
team mode keeps its own cursor over the same shared outbox.

On PostgreSQL a sequence value is taken at INSERT but becomes visible at
COMMIT, so seq 7 can commit after seq 8: a client that read up to 8 would
skip 7 for good. The cursor therefore remembers the *gaps* below it (seqs
not seen yet) and re-reads them on every sync until they are provably final.
A gap is final once every transaction that could still hold it has ended:
when it is first seen, the snapshot's `xmax` bounds the transaction ids that
existed; once `pg_snapshot_xmin` passes it, a second horizon is taken (for
a writer that had its seq but not yet its transaction id), and once that is
passed too the gap is a rolled-back seq and is dropped. SQLite serialises
writers, so there a seq never commits out of order and no gap is kept.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, selectinload, sessionmaker

from .models import Asset, AssetVersion, IndexOutbox, PageText, Rating, UsageEvent
from .search import IndexDocument, RebuildStats, SearchIndex, SearchIndexError
from .services.assets import category_names, tags_by_category

try:
    import fcntl
except ImportError:  # Windows: threads are still serialised
    fcntl = None  # type: ignore[assignment]

USE_KINDS = ("view", "open", "export", "share", "drag-out", "kit-export")
REBUILD_BATCH = 200
# More unseen seqs than this at once means a mass rollback or a broken
# database; re-reading so many on every sync is worse than a rebuild.
MAX_GAPS = 10_000

log = logging.getLogger(__name__)


class Gap:
    """A seq below the cursor not seen yet, with the horizon that makes it final."""

    __slots__ = ("horizon", "phase")

    def __init__(self, horizon: int, phase: int = 1) -> None:
        self.horizon = horizon  # a transaction id (xid8): final once xmin passes it
        self.phase = phase  # 1: first horizon, 2: the confirming one


class Indexer:
    def __init__(self, reader: sessionmaker[Session], index: SearchIndex, directory: Path) -> None:
        self._reader = reader
        self._index = index
        self._cursor_file = directory / "catalogue-seq"
        self._rebuild_file = directory / "rebuild-from-seq"
        self._thread_lock = threading.RLock()
        self._lock_depth = 0
        self._rebuilding = 0  # rebuilds running in this process

    @property
    def cursor(self) -> int:
        return self._load()[0]

    @property
    def gaps(self) -> dict[int, Gap]:
        """Seqs below the cursor whose transactions may still commit."""
        return self._load()[1]

    def _load(self) -> tuple[int, dict[int, Gap]]:
        try:
            lines = self._cursor_file.read_text().splitlines()
            seq = int(lines[0].strip() or 0) if lines else 0
            gaps: dict[int, Gap] = {}
            if len(lines) > 1 and lines[1].strip():
                for key, (horizon, phase) in json.loads(lines[1]).items():
                    gaps[int(key)] = Gap(int(horizon), int(phase))
            return seq, gaps
        except (FileNotFoundError, ValueError, TypeError, AttributeError):
            return 0, {}

    def _set_cursor(self, seq: int, gaps: dict[int, Gap] | None = None) -> None:
        self._cursor_file.parent.mkdir(parents=True, exist_ok=True)
        temp = self._cursor_file.with_suffix(".tmp")
        body = str(seq)
        if gaps:
            body += "\n" + json.dumps({str(k): [g.horizon, g.phase] for k, g in gaps.items()})
        temp.write_text(body)
        os.replace(temp, self._cursor_file)

    @property
    def rebuilding(self) -> bool:
        """A rebuild is running in this process (on any thread)."""
        return self._rebuilding > 0

    @property
    def interrupted(self) -> bool:
        """A rebuild began and has not finished (cancelled, or its process died)."""
        return self._rebuild_file.exists() and self._index.needs_rebuild

    def pending(self) -> int:
        cursor, gaps = self._load()
        with self._reader() as session:
            unseen = IndexOutbox.seq > cursor
            if gaps:
                unseen = unseen | IndexOutbox.seq.in_(list(gaps))
            return (
                session.scalar(
                    select(func.count(func.distinct(IndexOutbox.asset_id))).where(unseen)
                )
                or 0
            )

    @contextmanager
    def _exclusive(self, wait: bool = True) -> Iterator[bool]:
        """One syncing writer at a time, across threads and processes.

        Two syncs racing over the same index could write an older copy of an
        asset over a newer one and move the cursor past it. Re-entrant: a sync
        that decides to rebuild keeps the lock it holds. With `wait=False` it
        yields False at once when another holder has it.
        """
        if not self._thread_lock.acquire(blocking=wait):
            yield False
            return
        try:
            if self._lock_depth:
                self._lock_depth += 1
                try:
                    yield True
                finally:
                    self._lock_depth -= 1
                return
            self._cursor_file.parent.mkdir(parents=True, exist_ok=True)
            with open(self._cursor_file.with_name("sync.lock"), "a+b") as handle:
                if fcntl is not None:
                    try:
                        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
                    except BlockingIOError:
                        yield False
                        return
                self._lock_depth = 1
                try:
                    yield True
                finally:
                    self._lock_depth = 0
        finally:
            self._thread_lock.release()

    def tidy(self) -> int:
        """Merge the small segments commits left behind; segments merged.

        For idle moments. A sync or rebuild running here or in another process
        has the index now, so this returns 0 and the next idle moment tries
        again; a failure to write is only logged, as for sync.
        """
        try:
            with self._exclusive(wait=False) as mine:
                return self._index.merge_small_segments() if mine else 0
        except (OSError, SearchIndexError) as exc:
            log.warning("search index segments not merged (will retry): %s", exc)
            return 0

    def sync(self) -> int:
        """Absorb every catalogue change since the cursor; return assets touched.

        The catalogue change is committed already, so an index that cannot be
        written now (disk full, I/O error, locked by another process) must not
        turn it into an error: the cursor stays put and the next sync drains
        the outbox. Returns 0 then; `verify` reports what is still missing.
        """
        try:
            with self._exclusive():
                return self._sync()
        except (OSError, SearchIndexError) as exc:
            log.warning("search index not brought up to date (will retry): %s", exc)
            return 0

    def _sync(self) -> int:
        if self._index.needs_rebuild:
            self.rebuild()
            return -1
        cursor, gaps = self._load()
        with self._reader() as session:
            top, horizon, xmin, postgres = change_window(session)
            if top < cursor:  # the cursor belongs to another database (restored, replaced)
                session.close()
                self.rebuild()
                return -1
            if top == cursor and not gaps:
                return 0
            rows = changes_after(session, cursor, top, gaps)
            seen = {seq for seq, _ in rows}
            ids = {asset_id for _, asset_id in rows}
            docs = list(documents(session, sorted(ids)))
        present = {d.asset_id for d in docs}
        if docs:
            self._index.upsert(docs)
        gone = ids - present
        if gone:
            self._index.delete(gone)
        if postgres:
            gaps = advance_gaps(gaps, seen, cursor, top, horizon, xmin)
            if len(gaps) > MAX_GAPS:
                log.warning("%d catalogue changes outstanding; rebuilding the index", len(gaps))
                self.rebuild()
                return -1
        self._set_cursor(top, gaps if postgres else None)
        return len(ids)

    def rebuild(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        *,
        only_if_needed: bool = False,
    ) -> RebuildStats:
        """Rebuild the index from the catalogue, or resume an interrupted rebuild.

        The cursor is set to where the catalogue stood when the rebuild *began*:
        a resumed rebuild keeps the documents its predecessor committed, which
        may predate changes made since, and the sync that follows re-reads those.
        `only_if_needed`: an index found complete once the lock is ours is only
        brought up to date (callers that checked `needs_rebuild` before waiting).
        """
        with self._exclusive():
            if only_if_needed and not self._index.needs_rebuild:
                # Another thread or process rebuilt it while this one waited.
                self._sync()
                return RebuildStats(0, 0, 0, True)
            self._rebuilding += 1
            try:
                with self._reader() as session:
                    top = session.scalar(select(func.max(IndexOutbox.seq))) or 0
                    total = session.scalar(select(func.count()).select_from(Asset)) or 0
                    start = self._rebuild_start()
                    if start is None or start > top:  # (a start above top: another database)
                        start = top
                        self._set_rebuild_start(start)
                    gaps = recent_gaps(session, start)
                stats = self._index.rebuild(self._all_documents(), total, progress, cancelled)
                if stats.finished:
                    self._set_cursor(start, gaps)
                    self._rebuild_file.unlink(missing_ok=True)
                    self.sync()
                return stats
            finally:
                self._rebuilding -= 1

    def _rebuild_start(self) -> int | None:
        """The catalogue seq an interrupted rebuild began at, if the index is mid-rebuild."""
        if not self._index.needs_rebuild:
            return None
        try:
            return int(self._rebuild_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def _set_rebuild_start(self, seq: int) -> None:
        self._rebuild_file.parent.mkdir(parents=True, exist_ok=True)
        temp = self._rebuild_file.with_suffix(".tmp")
        temp.write_text(str(seq))
        os.replace(temp, self._rebuild_file)

    def _all_documents(self) -> Iterator[IndexDocument]:
        last = 0
        while True:
            with self._reader() as session:
                ids = list(
                    session.scalars(
                        select(Asset.id)
                        .where(Asset.id > last)
                        .order_by(Asset.id)
                        .limit(REBUILD_BATCH)
                    )
                )
                if not ids:
                    return
                batch = list(documents(session, ids))
            yield from batch
            last = ids[-1]

    def page_text(self, asset_id: int) -> list[str]:
        with self._reader() as session:
            return current_pages(session, asset_id)


class ChangeWindow(NamedTuple):
    """Where the catalogue's change sequence stands in one reader's snapshot."""

    top: int  # the highest seq committed and visible
    horizon: int  # PostgreSQL: the snapshot's xmax; a seq below top may still appear
    xmin: int  # PostgreSQL: the oldest transaction still running
    postgres: bool


def change_window(session: Session) -> ChangeWindow:
    if session.get_bind().dialect.name != "postgresql":
        top = session.scalar(select(func.max(IndexOutbox.seq))) or 0
        return ChangeWindow(int(top), 0, 0, False)
    row = session.execute(
        text(
            "SELECT (SELECT max(seq) FROM index_outbox), "
            "pg_snapshot_xmax(pg_current_snapshot())::text::bigint, "
            "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
        )
    ).one()
    return ChangeWindow(int(row[0] or 0), int(row[1]), int(row[2]), True)


def changes_after(
    session: Session, cursor: int, top: int, gaps: dict[int, Gap]
) -> list[tuple[int, int]]:
    """(seq, asset id) of the changes after `cursor` up to `top`, and of the open gaps."""
    unseen = (IndexOutbox.seq > cursor) & (IndexOutbox.seq <= top)
    if gaps:
        unseen = unseen | IndexOutbox.seq.in_(list(gaps))
    rows = session.execute(select(IndexOutbox.seq, IndexOutbox.asset_id).where(unseen))
    return [(int(seq), int(asset_id)) for seq, asset_id in rows]


def advance_gaps(
    gaps: dict[int, Gap], seen: set[int], cursor: int, top: int, horizon: int, xmin: int
) -> dict[int, Gap]:
    """The gaps still open after a sync that saw `seen` in (cursor, top] and the old gaps."""
    result: dict[int, Gap] = {}
    for seq, gap in gaps.items():
        if seq in seen:
            continue
        if xmin >= gap.horizon:  # every xid below the horizon has ended
            if gap.phase == 2:
                continue  # every transaction that could hold it has ended: a rollback
            gap = Gap(horizon, 2)
        result[seq] = gap
    for seq in range(cursor + 1, top + 1):
        if seq not in seen:
            result[seq] = Gap(horizon)
    return result


def recent_gaps(session: Session, top: int, window: int = 1000) -> dict[int, Gap]:
    """Unseen seqs among the last `window` below `top`, for a rebuild's cursor.

    A rebuild reads everything visible now; a change still in flight holds a
    recent seq (a writer's transaction is one use case), so those are kept as
    gaps and read again by the following syncs.
    """
    if session.get_bind().dialect.name != "postgresql" or top <= 0:
        return {}
    horizon = int(
        session.scalar(text("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")) or 0
    )
    seen = set(
        session.scalars(
            select(IndexOutbox.seq).where(IndexOutbox.seq > top - window, IndexOutbox.seq <= top)
        )
    )
    return {
        seq: Gap(horizon) for seq in range(max(1, top - window + 1), top + 1) if seq not in seen
    }


def current_pages(session: Session, asset_id: int) -> list[str]:
    version_id = session.scalar(
        select(AssetVersion.id)
        .where(AssetVersion.asset_id == asset_id)
        .order_by(AssetVersion.number.desc())
        .limit(1)
    )
    if version_id is None:
        return []
    return list(
        session.scalars(
            select(PageText.text)
            .where(PageText.version_id == version_id)
            .order_by(PageText.page_number)
        )
    )


def documents(session: Session, asset_ids: list[int]) -> Iterator[IndexDocument]:
    if not asset_ids:
        return
    categories = category_names(session)
    assets = session.scalars(
        select(Asset)
        .where(Asset.id.in_(asset_ids))
        .options(selectinload(Asset.tags), selectinload(Asset.versions), selectinload(Asset.owner))
    ).all()
    ratings = {
        asset_id: float(avg)
        for asset_id, avg in session.execute(
            select(Rating.asset_id, func.avg(Rating.stars))
            .where(Rating.asset_id.in_(asset_ids))
            .group_by(Rating.asset_id)
        )
    }
    uses = {
        asset_id: int(n)
        for asset_id, n in session.execute(
            select(UsageEvent.asset_id, func.count())
            .where(UsageEvent.asset_id.in_(asset_ids), UsageEvent.kind.in_(USE_KINDS))
            .group_by(UsageEvent.asset_id)
        )
        if asset_id is not None
    }
    # one query for the pages of the whole batch, not one per asset
    version_ids = [a.current_version.id for a in assets if a.current_version is not None]
    pages_of: dict[int, list[str]] = {}
    for version_id, page in session.execute(
        select(PageText.version_id, PageText.text)
        .where(PageText.version_id.in_(version_ids))
        .order_by(PageText.version_id, PageText.page_number)
    ):
        pages_of.setdefault(version_id, []).append(page)
    for asset in assets:
        version = asset.current_version
        pages = tuple(pages_of.get(version.id, ())) if version else ()
        tags = tags_by_category(asset, categories)
        languages = tags.get("language", ())
        yield IndexDocument(
            asset_id=asset.id,
            title=asset.title,
            description=asset.description,
            pages=pages,
            tags=tags,
            file_type=version.kind if version else "other",
            status=asset.status,
            owner=asset.owner.name,
            created=asset.created,
            updated=asset.updated,
            review_by=asset.review_by,
            rating=ratings.get(asset.id),
            usage_count=int(uses.get(asset.id, 0)),
            language=_language_code(languages[0]) if languages else None,
        )


def _language_code(label: str) -> str | None:
    return {"english": "en", "german": "de", "french": "fr", "spanish": "es"}.get(label.lower())
