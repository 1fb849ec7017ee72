"""Bulk indexing: lean writer settings, and rebuild batches built in worker processes.

A rebuild is a stream of batches, each committed as one segment so a crash loses
at most the batches in flight.  In a single process a batch is written by one
Whoosh writer.  With ``procs > 1`` each batch is analysed and written into a
private sub-index (``<root>/rebuild-parts/<n>``) by a worker of a
:class:`~concurrent.futures.ProcessPoolExecutor`; the parent then *adopts* the
finished segment: it moves the segment's files into the index directory and
lists the segment in a new table of contents — no postings are copied.

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
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index  # type: ignore[import-untyped]
from whoosh.codec.whoosh3 import W3Codec  # type: ignore[import-untyped]

from .schema import document_fields
from .types import IndexDocument

log = logging.getLogger(__name__)

WRITER_MB = 256
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


def open_writer(ix: Any, limitmb: int = WRITER_MB) -> Any:
    """A single-segment writer; the caller holds the index write lock."""
    return ix.writer(limitmb=limitmb, codec=lean_codec(), _lk=False)


def write_docs(writer: Any, docs: Sequence[IndexDocument], categories: Sequence[str]) -> None:
    for doc in docs:
        writer.add_document(**document_fields(doc, categories))


def build_part(
    directory: str,
    indexname: str,
    schema: Any,
    categories: Sequence[str],
    docs: list[IndexDocument],
) -> str:
    """Worker: index *docs* as one segment of a new sub-index in *directory*."""
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    ix = whoosh_index.create_in(directory, schema, indexname)
    writer = open_writer(ix, WRITER_MB // 2)
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
        self._args = (indexname, schema, tuple(categories))
        self._adopt = adopt
        self._limit = procs + 1  # bounds memory: a batch per worker plus one queued
        self._inflight: deque[tuple[Future[str], list[IndexDocument]]] = deque()
        self._count = 0
        self._closed = False
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        # spawn: safe in a process that runs Qt or other threads (fork is not)
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=procs, mp_context=context)

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
            future = self._pool.submit(build_part, directory, *self._args, batch)
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
