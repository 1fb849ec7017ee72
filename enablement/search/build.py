"""Bulk indexing: a lean segment writer, and rebuild batches built in worker processes.

A rebuild is a stream of batches, each committed as one segment so a crash loses
at most the batches in flight.  A batch is written by a :class:`BulkWriter`: the
same segment files as Whoosh's writer, but postings are gathered per term in
packed arrays and handed to the codec a block at a time (Whoosh keeps a tuple
per posting, sorts them all and spills them to disk through pickle).  With
``procs > 1`` each batch is analysed and written into a private sub-index
(``<root>/rebuild-parts/<n>``) by a worker of a
:class:`~concurrent.futures.ProcessPoolExecutor`; the parent then *adopts* the
finished segment: it moves the segment's files into the index directory and
lists the segment in a new table of contents — no postings are copied, and no
segments are merged.  Workers receive the schema once (warm analyser caches)
and exit by themselves if the parent is killed.

Unlike Whoosh's ``MpWriter`` (whose parent waits for ever on a child that died),
a worker that dies makes every pending future fail with ``BrokenProcessPool``,
and one that hangs hits a per-batch timeout; either way :class:`PartBuilder`
raises :class:`PartsFailed` with the batches not yet adopted, and the caller
writes them itself.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import threading
import time
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index  # type: ignore[import-untyped]
from whoosh.codec.whoosh3 import W3Codec  # type: ignore[import-untyped]
from whoosh.formats import Existence, Frequency  # type: ignore[import-untyped]
from whoosh.system import pack_uint  # type: ignore[import-untyped]
from whoosh.writing import SegmentWriter  # type: ignore[import-untyped]

from .analysis import SectionPositions, TextAnalyzer, encode_deltas, index_terms
from .schema import document_fields
from .types import IndexDocument

log = logging.getLogger(__name__)

WRITER_MB = 256
# Large segments (rebuild batches, merges) are written as separate files, not one
# compound file: Whoosh opens a compound segment by copying each of its files
# into memory (BytesIO over the mmap), so every new searcher — one per commit —
# copied the whole index: 1.1 s from an upsert to its hit at 100k documents.
# Separate files cost about three open file handles per segment instead.
LARGE_COMPOUND = False
PART_TIMEOUT_BASE = 120.0  # seconds a worker may take for a batch: base + per document
PART_TIMEOUT_PER_DOC = 0.2


def lean_codec() -> Any:
    """Whoosh's codec without per-posting length statistics.

    Those min/max lengths per posting block only serve Whoosh's own BM25 block
    skipping, which the engine never uses, yet writing them costs a column
    lookup per posting (a fifth of flush time).
    """
    codec = W3Codec()
    codec.length_stats = False
    return codec


def open_writer(ix: Any, limitmb: int = WRITER_MB, bulk: bool = False) -> Any:
    """A single-segment writer; the caller holds the index write lock.

    *bulk*: a :class:`BulkWriter`, for adding many new documents (rebuilds).
    Interactive commits write small compound segments (one file each, no file
    handle kept open); large ones see :data:`LARGE_COMPOUND`.
    """
    if bulk:
        return BulkWriter(ix, codec=lean_codec(), _lk=False, compound=LARGE_COMPOUND)
    return ix.writer(limitmb=limitmb, codec=lean_codec(), _lk=False)


def write_docs(writer: Any, docs: Sequence[IndexDocument], categories: Sequence[str]) -> None:
    if isinstance(writer, BulkWriter):
        writer.add_documents(document_fields(doc, categories) for doc in docs)
        return
    for doc in docs:
        writer.add_document(**document_fields(doc, categories))


class TermPostings:
    """One term's postings in docnum order, packed: about 35 bytes a posting with
    positions instead of 110 as Python objects (a rebuild batch holds millions)."""

    __slots__ = ("docnums", "sizes", "values", "weights")

    def __init__(self) -> None:
        self.docnums = array("I")
        self.weights = array("d")  # doubles: Whoosh tracks block maxima before rounding
        self.values = bytearray()  # encoded values, back to back
        self.sizes = array("I")  # length of each posting's value

    def add(self, docnum: int, weight: float, vbytes: bytes) -> None:
        self.docnums.append(docnum)
        self.weights.append(weight)
        self.values += vbytes
        self.sizes.append(len(vbytes))


class BulkPool:
    """A batch's postings as field -> term -> :class:`TermPostings`, in memory.

    Whoosh's ``PostingPool`` keeps one tuple per posting, sorts them all at
    flush time and pickles them to temporary runs past its memory limit; that
    was half of indexing time.  Documents arrive in docnum order, so appending
    to each term's arrays keeps every posting list sorted, and only the terms
    need sorting.  Memory is bounded by the batch: the caller sizes batches.
    """

    def __init__(self) -> None:
        self.fields: dict[str, dict[bytes, TermPostings]] = {}

    def table(self, fieldname: str) -> dict[bytes, TermPostings]:
        found = self.fields.get(fieldname)
        if found is None:
            found = self.fields[fieldname] = {}
        return found

    def cleanup(self) -> None:
        self.fields = {}


class BulkWriter(SegmentWriter):  # type: ignore[misc]
    """A segment writer for new documents only, with the same files on disk as Whoosh's.

    ``add_documents`` does what ``SegmentWriter.add_document`` does (per-document
    lengths, stored fields and columns go to Whoosh's own per-document writer)
    but collects postings in a :class:`BulkPool`; the flush hands each term's
    postings to Whoosh's posting writer a block at a time instead of one call
    per posting.  No deletions, updates, vectors or separate spelling fields.
    """

    docnum: int  # the next document's number, set by SegmentWriter

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool = BulkPool()
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"field {name!r} needs Whoosh's own writer")

    def add_documents(self, documents: Iterable[dict[str, Any]]) -> None:
        self._check_state()
        schema, perdoc, pool = self.schema, self.perdocwriter, self.pool
        docnum = self.docnum
        for fields in documents:
            perdoc.start_doc(docnum)
            for name in sorted(fields):
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    table = pool.table(name)
                    scorable = field.scorable
                    for btext, freq, weight, vbytes in _field_postings(field, value):
                        if scorable:
                            length += freq
                        entry = table.get(btext)
                        if entry is None:
                            entry = table[btext] = TermPostings()
                        entry.add(docnum, weight, vbytes)
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type is not None:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
            perdoc.finish_doc()
            docnum += 1
            self._added = True
        self.docnum = docnum

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        for name in sorted(self.pool.fields):
            table = self.pool.fields[name]
            fieldwriter.start_field(name, self.schema[name])
            for btext in sorted(table):
                fieldwriter.start_term(btext)
                _add_postings(fieldwriter._postwriter, table[btext])
                fieldwriter.finish_term()
            fieldwriter.finish_field()
            table.clear()  # frees the field's postings as soon as they are written
        fieldwriter.close()


def _field_postings(field: Any, value: Any) -> Iterable[tuple[bytes, int, float, bytes]]:
    """``field.index(value)``, with direct paths for the text and word fields."""
    fmt, analyzer = field.format, field.analyzer
    if type(fmt) is SectionPositions and isinstance(analyzer, TextAnalyzer):
        boost = fmt.field_boost
        return [
            (term.encode("utf-8"), len(deltas), weight * boost, encode_deltas(deltas))
            for term, (deltas, weight, _) in analyzer.postings(value).items()
        ]
    terms = index_terms(analyzer, value) if isinstance(value, str) else None
    if terms is not None:
        boost = fmt.field_boost
        if type(fmt) is Existence:
            return [(term.encode("utf-8"), 1, boost, b"") for term in set(terms)]
        if type(fmt) is Frequency:
            return [
                (term.encode("utf-8"), freq, freq * boost, pack_uint(freq))
                for term, freq in Counter(terms).items()
            ]
    return field.index(value)  # type: ignore[no-any-return]


def _add_postings(writer: Any, postings: TermPostings) -> None:
    """``writer.add_posting`` for each posting, a block at a time.

    Mirrors ``W3PostingsWriter.add_posting``: a full block is written when the
    next posting arrives, the block's maximum weight is tracked, and empty
    values are not kept.  Other writers get one call per posting.
    """
    docnums, weights, sizes, values = (
        postings.docnums,
        postings.weights,
        postings.sizes,
        bytes(postings.values),
    )
    if type(writer).__name__ != "W3PostingsWriter":
        offset = 0
        for docnum, weight, size in zip(docnums, weights, sizes, strict=True):
            writer.add_posting(docnum, weight, values[offset : offset + size])
            offset += size
        return
    limit, count, start, offset = writer._blocklimit, len(docnums), 0, 0
    while start < count:
        room = limit - len(writer._ids)
        if room <= 0:
            writer._write_block()
            continue
        end = min(count, start + room)
        chunk = weights[start:end]
        writer._ids.extend(docnums[start:end])
        writer._weights.extend(chunk.tolist())
        top = max(chunk)
        if top > writer._maxweight:
            writer._maxweight = top
        if values:
            kept = writer._values
            for size in sizes[start:end]:
                if size:
                    kept.append(values[offset : offset + size])
                    offset += size
        start = end


# A worker's schema and categories, set once by _start_worker: sending them with
# every batch would unpickle fresh analysers (cold stemming caches) each time.
_WORKER: dict[str, Any] = {}
PARENT_POLL = 0.2  # seconds between a worker's checks that its parent is alive


def _start_worker(indexname: str, schema: Any, categories: Sequence[str], parent: int) -> None:
    _WORKER.update(indexname=indexname, schema=schema, categories=tuple(categories))
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed would wait for work for ever, holding its
    memory and perhaps writing a part the next rebuild is about to reuse."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(1)


def build_part(directory: str, docs: list[IndexDocument]) -> str:
    """Worker: index *docs* as one segment of a new sub-index in *directory*."""
    return write_part(
        directory, _WORKER["indexname"], _WORKER["schema"], _WORKER["categories"], docs
    )


def write_part(
    directory: str,
    indexname: str,
    schema: Any,
    categories: Sequence[str],
    docs: list[IndexDocument],
) -> str:
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    ix = whoosh_index.create_in(directory, schema, indexname)
    writer = open_writer(ix, bulk=True)
    try:
        write_docs(writer, docs, categories)
        writer.commit(merge=False)
    except BaseException:
        writer.cancel()
        raise
    return directory


def adopt_parts(ix: Any, writer: Any, directories: Sequence[str]) -> None:
    """Move the segments of finished sub-indexes into *writer*'s index (commit follows)."""
    target = Path(ix.storage.folder)
    for directory in directories:
        part = whoosh_index.open_dir(directory, ix.indexname)
        segments = part._segments()
        part.close()
        for segment in segments:
            stem = segment.segment_id()  # "<indexname>_<segid>", the prefix of its files
            for path in Path(directory).iterdir():
                if path.name.startswith(stem):
                    os.replace(path, target / path.name)
        writer.segments.extend(segments)
        shutil.rmtree(directory, ignore_errors=True)


class PartsFailed(Exception):
    """A worker died or timed out; ``pending`` holds the batches not adopted."""

    def __init__(self, reason: str, pending: list[list[IndexDocument]]) -> None:
        super().__init__(reason)
        self.pending = pending


class PartBuilder:
    """Up to ``procs + 1`` batches in flight in ``procs`` worker processes, results in order."""

    def __init__(
        self,
        workdir: Path,
        indexname: str,
        schema: Any,
        categories: Sequence[str],
        procs: int,
        adopt: Callable[[list[str]], None],
    ) -> None:
        self._workdir = workdir
        self._adopt = adopt
        self._limit = procs + 1  # bounds memory: a batch per worker plus one queued
        self._inflight: deque[tuple[Future[str], list[IndexDocument]]] = deque()
        self._count = 0
        self._closed = False
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        # spawn: safe in a process that runs Qt or other threads (fork is not)
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(
            max_workers=procs,
            mp_context=context,
            initializer=_start_worker,
            initargs=(indexname, schema, tuple(categories), os.getpid()),
        )

    def submit(self, batch: list[IndexDocument]) -> None:
        """Queue *batch*; adopts finished parts first when too many are in flight."""
        try:
            while len(self._inflight) >= self._limit:
                self._adopt_next()
        except PartsFailed as failed:
            failed.pending.append(batch)  # not submitted yet: the caller writes it too
            raise
        self._count += 1
        directory = str(self._workdir / str(self._count))
        try:
            future = self._pool.submit(build_part, directory, batch)
        except Exception as exc:  # pool already broken
            self._fail(f"worker pool unusable: {exc!r}", [batch])
        self._inflight.append((future, batch))

    def finish(self) -> None:
        while self._inflight:
            self._adopt_next()
        self.close()

    def _adopt_next(self) -> None:
        future, batch = self._inflight[0]
        timeout = PART_TIMEOUT_BASE + PART_TIMEOUT_PER_DOC * len(batch)
        try:
            directory = future.result(timeout=timeout)
        except Exception as exc:  # BrokenProcessPool, TimeoutError, a worker's exception
            self._fail(f"rebuild worker failed: {exc!r}", [])
        self._inflight.popleft()
        self._adopt([directory])

    def _fail(self, reason: str, extra: list[list[IndexDocument]]) -> None:
        pending = [batch for _, batch in self._inflight] + extra
        self._inflight.clear()
        self.close(kill=True)
        raise PartsFailed(reason, pending)

    def close(self, kill: bool = False) -> None:
        """Stop the workers (killing them if *kill*, e.g. one hangs) and remove scratch files."""
        if self._closed:
            return
        self._closed = True
        if kill:
            for process in list((getattr(self._pool, "_processes", None) or {}).values()):
                process.kill()
        self._pool.shutdown(wait=not kill, cancel_futures=True)
        shutil.rmtree(self._workdir, ignore_errors=True)
