"""SearchIndex: the Whoosh index on disk behind a small thread-safe facade.

The index is derived data.  It lives in ``<directory>/whoosh`` next to a version
sentinel; a missing, unreadable, or differently-versioned index is replaced by an
empty one flagged ``needs_rebuild``, and so is an interrupted rebuild (its
marker file survives a crash).  One writer at a time (a context manager that
commits or cancels); interactive commits never merge segments.  Rebuilds commit
in batches, so a crash leaves a usable partial index and the next rebuild resumes
by skipping ids already present.  One long-lived searcher is refreshed lazily
after commits; ``_lock`` guards it and the per-segment caches, ``_write_lock``
serialises writers, so a worker thread may search while another writes.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import MappingProxyType
from typing import Any

from whoosh import index as whoosh_index  # type: ignore[import-untyped]
from whoosh.index import LockError  # type: ignore[import-untyped]
from whoosh.reading import SegmentReader  # type: ignore[import-untyped]
from whoosh.util.filelock import try_for  # type: ignore[import-untyped]

from .build import (
    LARGE_COMPOUND,
    PartBuilder,
    PartsFailed,
    adopt_parts,
    lean_codec,
    open_writer,
    write_docs,
)
from .engine import execute, facet_only
from .query import ParsedQuery, parse, words_of
from .schema import SCHEMA_VERSION, build_schema, document_fields
from .segments import SegmentCache, View
from .types import (
    REBUILDING_MESSAGE,
    UNAVAILABLE_MESSAGE,
    IndexDocument,
    RebuildStats,
    SearchRequest,
    SearchResults,
)

log = logging.getLogger(__name__)

INDEX_NAME = "enablement"
SENTINEL = "enablement-search.json"
REBUILD_MARKER = "rebuild-in-progress"
BATCH_SIZE = 2500  # smallest committed rebuild batch; 20k docs -> 8 segments
# A batch is also cut at this much text: indexing memory grows with the text of a
# batch, not its document count (a catalogue of long PDFs must not need more).
BATCH_CHARS = 48_000_000
PARALLEL_MIN_DOCS = 5000  # below this, starting worker processes costs more than it saves
PARTS_DIR = "rebuild-parts"
MAX_SEGMENTS = 12  # a rebuild leaving more is merged once at the end
# Interactive commits leave segments of a few documents each; rebuild batches
# are far larger and are left alone by the idle merge.
SMALL_SEGMENT_DOCS = 1000
LOCK_TIMEOUT = 10.0


class SearchIndexError(Exception):
    """The index cannot be written (an environment problem, not a bug)."""


class IndexLockedError(SearchIndexError):
    """Another process holds the index write lock."""


class SearchIndex:
    """Full-text index of assets; see the package docstring for the contract."""

    def __init__(self, directory: Path, categories: Sequence[str]) -> None:
        self._root = Path(directory)
        self._path = self._root / "whoosh"
        self._categories = tuple(dict.fromkeys(c.lower() for c in categories))
        self._schema = build_schema(self._categories)
        self._lock = threading.RLock()
        self._write_lock = threading.RLock()
        self._cache = SegmentCache()
        self._ix: Any = None
        self._searcher: Any = None
        self._view: View | None = None
        self._stale = False
        self.problem: str | None = None  # why the index needed replacing, if it did
        # Worker processes for large rebuilds (see .build: a dead or stuck worker
        # fails over to this process instead of hanging like Whoosh's MpWriter).
        self.procs = min(2, os.cpu_count() or 1)
        self._open()

    # ----- opening, validation, reset

    def _sentinel(self) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "categories": sorted(self._categories)}

    def _open(self) -> None:
        problem = self._problem_with_existing()
        if problem is None:
            return
        self.problem = problem
        log.warning("search index at %s needs rebuilding: %s", self._path, problem)
        self._reset()

    def _problem_with_existing(self) -> str | None:
        try:
            if not whoosh_index.exists_in(str(self._path), indexname=INDEX_NAME):
                return "missing"
            sentinel = json.loads((self._path / SENTINEL).read_text("utf-8"))
            if sentinel != self._sentinel():
                return "outdated schema"
            self._ix = whoosh_index.open_dir(str(self._path), INDEX_NAME, schema=self._schema)
            self._validate()
        except Exception as exc:
            self._drop_handles()
            return f"unreadable ({type(exc).__name__}: {exc})"[:300]
        return None

    def _validate(self) -> None:
        """Read every segment's arrays and a few postings: garbled files raise here."""
        view = self._current_view()
        if (view.ids[view.alive] < 0).any():
            raise ValueError("document without id")
        reader = self._searcher.reader()
        for fieldname in reader.indexed_field_names():
            for _ in zip(range(3), reader.lexicon(fieldname), strict=False):
                pass
        for field in ("text_en", "text_de", "text_fr", "text_es"):
            if view.has_field(field):
                view.lengths(field)

    def _drop_handles(self) -> None:
        with self._lock:
            for handle in (self._searcher, self._ix):
                with suppress(Exception):
                    if handle is not None:
                        handle.close()
            self._searcher = self._ix = self._view = None
            self._cache = SegmentCache()

    def _reset(self) -> None:
        """Replace whatever is on disk with an empty index marked for rebuild."""
        with self._lock:
            self._drop_handles()
            shutil.rmtree(self._path, ignore_errors=True)
            self._path.mkdir(parents=True, exist_ok=True)
            (self._path / REBUILD_MARKER).write_text("pending\n", "utf-8")
            self._ix = whoosh_index.create_in(str(self._path), self._schema, INDEX_NAME)
            (self._path / SENTINEL).write_text(json.dumps(self._sentinel()), "utf-8")

    @property
    def needs_rebuild(self) -> bool:
        return self._ix is None or (self._path / REBUILD_MARKER).exists()

    # ----- reading

    def _current_view(self) -> View:
        with self._lock:
            if self._stale and self._searcher is not None:
                self._searcher = self._refreshed(self._searcher)
                self._view = None
            self._stale = False
            if self._searcher is None:
                self._searcher = self._ix.searcher()
                self._view = None
            if self._view is None:
                self._view = self._cache.view(self._searcher)
            return self._view

    def _refreshed(self, searcher: Any) -> Any:
        # Not Searcher.refresh(): it reuses segment readers whose deletions changed
        # (and fails on an empty index).  Arrays survive in the SegmentCache anyway.
        with suppress(Exception):
            searcher.close()
        return self._ix.searcher()

    def _committed(self) -> None:
        with self._lock:
            self._stale = True  # the searcher is refreshed on the next read

    def search(
        self, request: SearchRequest, page_text: Callable[[int], Sequence[str]] | None = None
    ) -> SearchResults:
        try:
            parsed = parse(request.text or "", self._whitelist(), request.as_you_type)
        except Exception:
            log.exception("query parser failed on %r", request.text)
            parsed = ParsedQuery(words=words_of(request.text or ""))
        with self._lock:
            if self._ix is None:
                return _empty(self._categories, UNAVAILABLE_MESSAGE)
            messages = [REBUILDING_MESSAGE] if self.needs_rebuild else []
            try:
                view = self._current_view()
                return execute(view, parsed, request, self._categories, page_text, messages)
            except Exception:
                log.exception("search failed for %r", request)
                return _empty(self._categories, "search failed — the index may need rebuilding")

    def _whitelist(self) -> tuple[str, ...]:
        return ("title", "type", "language", *self._categories)

    def indexed_ids(self) -> set[int]:
        with self._lock:
            if self._ix is None:
                return set()
            view = self._current_view()
            return {int(i) for i in view.ids[view.alive]}

    # ----- writing

    @contextmanager
    def _writer(self, bulk: bool = False, mergetype: Any = None) -> Iterator[Any]:
        with self._write_lock:
            if self._ix is None:
                raise SearchIndexError(f"search index at {self._path} is unavailable")
            # The facade holds Whoosh's write lock itself so it is released
            # whatever fails: a writer that dies while opening, writing or
            # committing (disk full) would otherwise keep it until the process ends.
            lock = self._ix.lock("WRITELOCK")
            if not try_for(lock.acquire, timeout=LOCK_TIMEOUT, delay=0.05):
                raise IndexLockedError(f"search index at {self._path} is locked")
            try:
                writer = open_writer(self._ix, bulk=bulk)
                try:
                    yield writer
                    if mergetype is None:
                        writer.commit(merge=False)
                    else:
                        writer.commit(mergetype=mergetype)
                except BaseException:
                    with suppress(Exception):
                        writer.cancel()
                    raise
            finally:
                with suppress(Exception):
                    lock.release()
            self._committed()

    def upsert(self, docs: Iterable[IndexDocument]) -> None:
        with self._writer() as writer:
            for doc in docs:
                writer.update_document(**document_fields(doc, self._categories))

    def delete(self, asset_ids: Iterable[int]) -> None:
        with self._writer() as writer:
            for asset_id in asset_ids:
                writer.delete_by_term("id", int(asset_id))

    def optimize(self) -> None:
        with self._write_lock:
            if self._ix is None:
                raise SearchIndexError(f"search index at {self._path} is unavailable")
            try:
                self._ix.optimize(codec=lean_codec(), compound=LARGE_COMPOUND)
            except LockError as exc:
                raise IndexLockedError(f"search index at {self._path} is locked") from exc
            self._committed()

    def rebuild(
        self,
        docs: Iterable[IndexDocument],
        total: int,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> RebuildStats:
        """Index *docs* from scratch, or resume an interrupted rebuild.

        Batches are committed as segments without merging (one merge at the end
        only if there are too many), so a crash keeps every committed batch.  With
        ``procs > 1`` and enough documents, batches are built by worker processes
        (:mod:`.build`); if one dies or hangs the rest is written here.
        """
        with self._write_lock:
            resuming = self._ix is not None and (self._path / REBUILD_MARKER).exists()
            if not resuming:
                self._reset()
            present = self.indexed_ids() if resuming else set()
            size = max(BATCH_SIZE, min(4 * BATCH_SIZE, total // 8))
            procs = self.procs if total >= PARALLEL_MIN_DOCS else 1
            builder = self._part_builder(procs) if procs > 1 else None
            seen: set[int] = set()
            batch: list[IndexDocument] = []
            done = written = chars = 0
            try:
                for doc in docs:
                    if cancelled is not None and cancelled():
                        self._flush(builder, batch, last=True)
                        # the marker stays: the next rebuild resumes
                        return RebuildStats(len(present), written, 0, False)
                    done += 1
                    seen.add(doc.asset_id)
                    if doc.asset_id not in present:
                        batch.append(doc)
                        written += 1
                        chars += _text_size(doc)
                    if len(batch) >= size or chars >= BATCH_CHARS:
                        builder = self._flush(builder, batch)
                        batch = []
                        chars = 0
                        if progress is not None:
                            progress(done, total)
                self._flush(builder, batch, last=True)
                builder = None
            finally:
                if builder is not None:
                    builder.close(kill=True)
            stale = present - seen
            if stale:
                self.delete(stale)
            (self._path / REBUILD_MARKER).unlink(missing_ok=True)
            self.problem = None
            self.optimize_if_fragmented()
            if progress is not None:
                progress(done, total)
            return RebuildStats(len(present), written, len(stale), True)

    def _part_builder(self, procs: int) -> PartBuilder | None:
        try:
            return PartBuilder(
                self._root / PARTS_DIR,
                INDEX_NAME,
                self._schema,
                self._categories,
                procs,
                self._adopt,
            )
        except Exception:
            log.exception("cannot start rebuild workers; indexing in this process")
            return None

    def _flush(
        self, builder: PartBuilder | None, batch: list[IndexDocument], last: bool = False
    ) -> PartBuilder | None:
        """Write *batch* (through the workers if any); on *last* wait for all of them."""
        if builder is None:
            self._add(batch)
            return None
        try:
            if batch:
                builder.submit(batch)
            if last:
                builder.finish()
            return builder
        except PartsFailed as failed:
            log.warning("%s; indexing the rest in this process", failed)
            for pending in failed.pending:
                self._add(pending)
            return None

    def _adopt(self, directories: list[str]) -> None:
        with self._writer() as writer:
            adopt_parts(self._ix, writer, directories)

    def _add(self, batch: list[IndexDocument]) -> None:
        if not batch:
            return
        with self._writer(bulk=True) as writer:
            write_docs(writer, batch, self._categories)

    def small_segments(self) -> int:
        with self._lock:
            if self._ix is None:
                return 0
            return sum(1 for s in self._ix._segments() if s.doc_count_all() < SMALL_SEGMENT_DOCS)

    def merge_small_segments(self) -> int:
        """Merge the small segments interactive commits leave; how many were merged.

        For idle moments: every commit adds a segment and each search reads
        them all, but only segments under SMALL_SEGMENT_DOCS are rewritten, so
        this stays cheap however large the index is.
        """
        if self.small_segments() < 2:
            return 0
        merged: list[Any] = []

        def merge_small(writer: Any, segments: list[Any]) -> list[Any]:
            small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT_DOCS]
            if len(small) < 2:
                return segments
            for segment in small:
                reader = SegmentReader(writer.storage, writer.schema, segment)
                writer.add_reader(reader)
                reader.close()
                merged.append(segment)
            return [s for s in segments if s not in small]

        with self._writer(mergetype=merge_small):
            pass
        return len(merged)

    def optimize_if_fragmented(self, max_segments: int = MAX_SEGMENTS) -> None:
        with self._lock:
            segments = len(self._ix._segments()) if self._ix is not None else 0
        if segments > max_segments:
            self.optimize()

    def close(self) -> None:
        with self._write_lock:
            self._drop_handles()


def _text_size(doc: IndexDocument) -> int:
    return len(doc.title) + len(doc.description) + sum(len(page) for page in doc.pages)


def _empty(categories: Sequence[str], message: str) -> SearchResults:
    return SearchResults(
        total=0,
        hits=(),
        facets=MappingProxyType(dict(facet_only(categories))),
        suggestion=None,
        message=message,
    )
