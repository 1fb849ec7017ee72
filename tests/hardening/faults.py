"""Fault injection: fail the k-th write, fsync, rename or database statement.

``Faults`` counts the operations of one kind from the moment it is armed and
raises an ``OSError`` (or, for the database, the ``sqlite3.OperationalError``
SQLite itself reports for that errno) at the k-th one.

Writes are counted where the operating system sees them: every ``write(2)`` a
buffered file object makes on a file under the blob store ("write") or under
the search index folder ("index-write": Whoosh's segment files and table of
contents, the catalogue cursor), including the flush when a file is closed.
Whoosh itself calls ``write()`` some 600 times per import — every varint, key
and value of the term dictionary (~430 calls) and postings (~130) is a call of
its own — but those land in the buffer ``open()`` gives every file (one block,
4 KiB here) and reach the OS as about one write(2) per file: 17-18 per import.
Faults at that finer granularity, which only a full buffer could turn into
real errors, are the kind "index-call". fsync and rename are counted
through ``os``; statements through SQLAlchemy's ``before_cursor_execute`` event.
"""

from __future__ import annotations

import builtins
import errno
import io
import itertools
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from enablement.errors import EnablementError
from enablement.ingest import ImportOptions, ImportResult
from enablement.library import Library

from .helpers import make_file, problems_in, read_catalogue, sha256

KINDS = ("write", "index-write", "index-call", "fsync", "rename", "db")
ERRNOS = (errno.ENOSPC, errno.EIO)
SQLITE_MESSAGES = {errno.ENOSPC: "database or disk is full", errno.EIO: "disk I/O error"}
_REAL_OPEN = io.open


class Faults:
    def __init__(self) -> None:
        self.kind: str | None = None
        self.at = 0
        self.code = errno.EIO
        self.counts = dict.fromkeys(KINDS, 0)
        self.fired = False
        self.last_count = 0  # operations of the armed kind in the last import

    def arm(self, kind: str | None, at: int = 0, code: int = errno.EIO) -> None:
        self.kind, self.at, self.code, self.fired = kind, at, code, False
        self.counts = dict.fromkeys(KINDS, 0)

    def tick(self, kind: str) -> None:
        self.counts[kind] += 1
        if kind == self.kind and self.counts[kind] == self.at and not self.fired:
            self.fired = True
            if kind == "db":
                raise sqlite3.OperationalError(SQLITE_MESSAGES[self.code])
            raise OSError(self.code, os.strerror(self.code))


class _CountingCalls:
    """A file object whose every write() call goes through the fault counter."""

    def __init__(self, inner: Any, faults: Faults, kind: str) -> None:
        self._inner = inner
        self._faults = faults
        self._kind = kind

    def write(self, data: Any) -> int:
        self._faults.tick(self._kind)
        result: int = self._inner.write(data)
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _CountingRaw(io.FileIO):
    """The unbuffered file under a buffered one: each write() here is one write(2)."""

    faults: Faults
    kind: str

    def write(self, data: Any) -> int:
        self.faults.tick(self.kind)
        return super().write(data)


def _counting_open(faults: Faults, folders: dict[str, str]) -> Callable[..., Any]:
    """``open`` as Python builds it, over a counting raw file for writes under ``folders``."""

    def kind_of(file: Any, mode: str) -> str | None:
        if isinstance(file, int) or not any(c in mode for c in "wxa+"):
            return None
        path = os.path.abspath(os.fspath(file))
        for kind, folder in folders.items():
            if path.startswith(folder + os.sep):
                return kind
        return None

    def counting_open(
        file: Any,
        mode: str = "r",
        buffering: int = -1,
        encoding: str | None = None,
        errors: str | None = None,
        newline: str | None = None,
        closefd: bool = True,
        opener: Callable[[str, int], int] | None = None,
    ) -> Any:
        kind = kind_of(file, mode)
        if kind is None:
            return _REAL_OPEN(file, mode, buffering, encoding, errors, newline, closefd, opener)
        raw = _CountingRaw(file, mode.replace("b", "").replace("t", ""), closefd, opener)
        raw.faults, raw.kind = faults, kind
        if buffering == 0:
            return raw
        # The buffer size open() itself picks: the file system's block size.
        size = buffering if buffering > 1 else raw._blksize  # type: ignore[attr-defined]
        kind_of_buffer = io.BufferedRandom if "+" in mode else io.BufferedWriter
        buffered: Any = kind_of_buffer(raw, size)
        if "b" in mode:
            return buffered
        text = io.TextIOWrapper(buffered, encoding, errors, newline, line_buffering=buffering == 1)
        text.mode = mode  # type: ignore[misc]
        return text

    return counting_open


@contextmanager
def injected(library: Library) -> Iterator[Faults]:
    """Count (and, once armed, fail) the library's operations until the block ends."""
    faults = Faults()
    monkeypatch = pytest.MonkeyPatch()
    from whoosh.filedb.filestore import FileStorage  # type: ignore[import-untyped]

    store_root = getattr(library.store, "root", None)
    assert store_root is not None, "fault campaigns need a local content store"
    folders = {
        "index-write": os.path.abspath(library.settings.index_dir),
        "write": os.path.abspath(store_root),
    }
    counting_open = _counting_open(faults, folders)
    create_file = FileStorage.create_file

    def counting_create(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        handle = create_file(self, name, *args, **kwargs)
        handle.file = _CountingCalls(handle.file, faults, "index-call")
        return handle

    def wrap(kind: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def faulty(*args: Any, **kwargs: Any) -> Any:
            faults.tick(kind)
            return real(*args, **kwargs)

        return faulty

    def before(*_args: Any) -> None:
        faults.tick("db")

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)  # pathlib's write_text opens through io
    monkeypatch.setattr(FileStorage, "create_file", counting_create)
    monkeypatch.setattr(os, "fsync", wrap("fsync", os.fsync))
    monkeypatch.setattr(os, "replace", wrap("rename", os.replace))
    monkeypatch.setattr(os, "rename", wrap("rename", os.rename))
    event.listen(library.engine, "before_cursor_execute", before)
    try:
        yield faults
    finally:
        event.remove(library.engine, "before_cursor_execute", before)
        faults.arm(None)
        monkeypatch.undo()


TAGS = (("situation", "Discovery"), ("segment", "Enterprise"))
MAX_K = 1000
# The suite fails every index-call k of the form 1 + 10n (ENOSPC) or 6 + 10n (EIO):
# together every fifth call, spread over all the files a commit writes.
# bench/reliability.py runs every k.
INDEX_CALL_STRIDE = 10


def ks(code: int, stride: int = 1) -> range:
    """The k to try, every ``stride``-th from a start that differs per errno."""
    start = 1 if code == ERRNOS[0] or stride == 1 else 1 + stride // 2
    return range(start, MAX_K + 1, stride)


def clear(message: str, name: str, code: int) -> list[str]:
    """What is wrong with a message shown to a person (empty when it is fine)."""
    wrong = []
    if "Traceback" in message or "\n" in message.strip():
        wrong.append("not one line")
    if name not in message:
        wrong.append(f"does not name {name}")
    if code == errno.ENOSPC and not any(w in message.lower() for w in ("space", "full")):
        wrong.append("does not say the disk is full")
    return wrong


def import_under_fault(
    library: Library, faults: Faults, path: Path, kind: str, k: int, code: int
) -> tuple[ImportResult | EnablementError, bool]:
    """Import one file with the k-th operation of `kind` failing; say if it did fail."""
    faults.arm(kind, k, code)
    outcome: ImportResult | EnablementError
    try:
        [outcome] = library.import_files([path], ImportOptions(tags=TAGS, publish=True))
    except EnablementError as exc:
        outcome = exc
    fired = faults.fired
    faults.last_count = faults.counts[kind]
    faults.arm(None)
    return outcome, fired


def check_state(library: Library, known: set[str]) -> list[str]:
    library.store.cleanup_temp()
    problems = problems_in(library, known)
    stored = {str(d) for d in library.store.iter_digests()}
    rows = set(read_catalogue(library).digests)
    if stored != rows:
        problems.append(f"blobs without rows: {stored - rows}; rows without blobs: {rows - stored}")
    return problems


@dataclass
class FaultStats:
    tried: int = 0
    fired: int = 0
    per_import: int = 0  # operations of the kind in one import, counted without faults
    problems: list[str] = field(default_factory=list)


def fault_campaign(
    library: Library, folder: Path, kind: str, first: int = 0, stride: int = 1
) -> FaultStats:
    """Import a new file with its k-th `kind` operation failing, for every k and errno
    (every ``stride``-th k when ``stride`` > 1), until an import has fewer than k."""
    counter = itertools.count(first)
    known: set[str] = set()
    stats = FaultStats()
    with injected(library) as faults:
        for code in ERRNOS:
            for k in ks(code, stride):
                path = make_file(folder, next(counter))
                known.add(sha256(path))
                outcome, fired = import_under_fault(library, faults, path, kind, k, code)
                where = f"{kind} #{k} ({errno.errorcode[code]})"
                stats.tried += 1
                stats.fired += fired
                if isinstance(outcome, EnablementError):
                    wrong = clear(outcome.message, "", code)
                elif outcome.status == "failed":
                    wrong = clear(outcome.reason or "", path.name, code)
                else:
                    wrong = [] if outcome.status == "imported" else [f"ended {outcome.status}"]
                stats.problems += [f"{where}: {w}: {outcome}" for w in wrong]
                stats.problems += [f"{where}: {p}" for p in check_state(library, known)]
                [again] = library.import_files([path])
                if again.status not in ("imported", "duplicate"):
                    stats.problems.append(f"{where}: import afterwards: {again}")
                stats.problems += [f"{where}, after: {p}" for p in check_state(library, known)]
                if not fired:
                    stats.per_import = max(stats.per_import, faults.last_count)
                    break
            else:
                stats.problems.append(f"{kind}: more than {MAX_K} in one import")
    return stats
