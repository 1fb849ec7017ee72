"""Keeping the derived search index in step with the catalogue.

The catalogue records every change in the index outbox in the same
transaction as the change. This module drains it: it reads the outbox rows
after the last sequence number this index absorbed, re-reads those assets and
upserts or deletes them, then advances its cursor (a small file beside the
index, written after the index commit). A crash between the two steps only
means some assets are indexed twice; nothing is ever skipped. Each client in
team mode keeps its own cursor over the same shared outbox.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from .models import Asset, AssetVersion, IndexOutbox, PageText, Rating, UsageEvent
from .search import IndexDocument, SearchIndex, SearchIndexError
from .services.assets import category_names, tags_by_category

USE_KINDS = ("view", "open", "export", "share", "drag-out", "kit-export")
REBUILD_BATCH = 200

log = logging.getLogger(__name__)


class Indexer:
    def __init__(self, reader: sessionmaker[Session], index: SearchIndex, directory: Path) -> None:
        self._reader = reader
        self._index = index
        self._cursor_file = directory / "catalogue-seq"

    @property
    def cursor(self) -> int:
        try:
            return int(self._cursor_file.read_text().strip() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def _set_cursor(self, seq: int) -> None:
        self._cursor_file.parent.mkdir(parents=True, exist_ok=True)
        temp = self._cursor_file.with_suffix(".tmp")
        temp.write_text(str(seq))
        os.replace(temp, self._cursor_file)

    def pending(self) -> int:
        with self._reader() as session:
            return (
                session.scalar(
                    select(func.count(func.distinct(IndexOutbox.asset_id))).where(
                        IndexOutbox.seq > self.cursor
                    )
                )
                or 0
            )

    def sync(self) -> int:
        """Absorb every catalogue change since the cursor; return assets touched.

        The catalogue change is committed already, so an index that cannot be
        written now (disk full, I/O error, locked by another process) must not
        turn it into an error: the cursor stays put and the next sync drains
        the outbox. Returns 0 then; `verify` reports what is still missing.
        """
        try:
            return self._sync()
        except (OSError, SearchIndexError) as exc:
            log.warning("search index not brought up to date (will retry): %s", exc)
            return 0

    def _sync(self) -> int:
        if self._index.needs_rebuild:
            self.rebuild()
            return -1
        cursor = self.cursor
        with self._reader() as session:
            top = session.scalar(select(func.max(IndexOutbox.seq))) or 0
            if top < cursor:  # the cursor belongs to another database (restored, replaced)
                session.close()
                self.rebuild()
                return -1
            if top == cursor:
                return 0
            ids = set(
                session.scalars(
                    select(IndexOutbox.asset_id).where(
                        IndexOutbox.seq > cursor, IndexOutbox.seq <= top
                    )
                )
            )
            docs = list(documents(session, sorted(ids)))
        present = {d.asset_id for d in docs}
        if docs:
            self._index.upsert(docs)
        gone = ids - present
        if gone:
            self._index.delete(gone)
        self._set_cursor(top)
        return len(ids)

    def rebuild(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        with self._reader() as session:
            top = session.scalar(select(func.max(IndexOutbox.seq))) or 0
            total = session.scalar(select(func.count()).select_from(Asset)) or 0
        self._index.rebuild(self._all_documents(), total, progress, cancelled)
        if not (cancelled and cancelled()):
            self._set_cursor(top)
            self.sync()

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
    for asset in assets:
        version = asset.current_version
        pages = tuple(current_pages(session, asset.id)) if version else ()
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
