"""Fault injection: fail the k-th write, fsync, rename or database statement.

``Faults`` counts the operations of one kind from the moment it is armed and
raises an ``OSError`` (or, for the database, the ``sqlite3.OperationalError``
SQLite itself reports for that errno) at the k-th one. Blob writes ("write") are
counted through the store's copy loop, index writes ("index-write") through
Whoosh's file storage, fsync and rename through ``os``; statements through SQLAlchemy's
``before_cursor_execute`` event.
"""

from __future__ import annotations

import errno
import itertools
import os
import random
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from enablement.errors import EnablementError
from enablement.ingest import ImportOptions, ImportResult
from enablement.library import Library

from .helpers import make_file, problems_in, read_catalogue, sha256

KINDS = ("write", "index-write", "fsync", "rename", "db")
ERRNOS = (errno.ENOSPC, errno.EIO)
SQLITE_MESSAGES = {errno.ENOSPC: "database or disk is full", errno.EIO: "disk I/O error"}


class Faults:
    def __init__(self) -> None:
        self.kind: str | None = None
        self.at = 0
        self.code = errno.EIO
        self.counts = dict.fromkeys(KINDS, 0)
        self.fired = False

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


class _CountingFile:
    """A file object whose write() goes through the fault counter."""

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

    def __enter__(self) -> _CountingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.close()


@contextmanager
def injected(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> Iterator[Faults]:
    faults = Faults()
    from whoosh.filedb.filestore import FileStorage  # type: ignore[import-untyped]

    import content_store.local as local

    copy = local.copy_hashed

    def copy_hashed(src: Any, dst: Any, source: Any = None) -> Any:
        return copy(src, _CountingFile(dst, faults, "write"), source)

    create_file = FileStorage.create_file

    def counting_create(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        handle = create_file(self, name, *args, **kwargs)
        handle.file = _CountingFile(handle.file, faults, "index-write")
        return handle

    def wrap(kind: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def faulty(*args: Any, **kwargs: Any) -> Any:
            faults.tick(kind)
            return real(*args, **kwargs)

        return faulty

    def before(*_args: Any) -> None:
        faults.tick("db")

    monkeypatch.setattr(local, "copy_hashed", copy_hashed)
    monkeypatch.setattr(FileStorage, "create_file", counting_create)
    monkeypatch.setattr(os, "fsync", wrap("fsync", os.fsync))
    monkeypatch.setattr(os, "replace", wrap("rename", os.replace))
    monkeypatch.setattr(os, "rename", wrap("rename", os.rename))
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield faults
    finally:
        event.remove(engine, "before_cursor_execute", before)
        faults.arm(None)


TAGS = (("situation", "Discovery"), ("segment", "Enterprise"))
MAX_K = 1000
INDEX_WRITE_SAMPLES = 12


def ks(kind: str, code: int) -> list[int]:
    """Every k, except for index writes: an import makes some 500 small ones, so a
    seeded sample of them (the first few, then spread out) stands for the rest."""
    if kind != "index-write":
        return list(range(1, MAX_K))
    rng = random.Random(code)
    return [1, 2, 3, *sorted(rng.sample(range(4, 560), INDEX_WRITE_SAMPLES - 3))]


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
    problems: list[str] = field(default_factory=list)


def fault_campaign(
    library: Library, folder: Path, kind: str, monkeypatch: pytest.MonkeyPatch, first: int = 0
) -> FaultStats:
    """Import a new file with its k-th `kind` operation failing, for every k and errno."""
    counter = itertools.count(first)
    known: set[str] = set()
    stats = FaultStats()
    with injected(monkeypatch, library.engine) as faults:
        for code in ERRNOS:
            for k in ks(kind, code):
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
                    break
            else:
                if kind != "index-write":
                    stats.problems.append(f"{kind}: more than {MAX_K} in one import")
    return stats
