"""A bounded, least-recently-used folder of verified blob copies (for remote stores).

Remote blobs are downloaded once into ``FOLDER/ab/abcd…`` and then previewed,
opened and exported from there, also while offline. Each use sets the file's
mtime to now, so eviction by oldest mtime is least-recently-used without a
side database that could disagree with the folder (atime is unreliable under
``noatime``/``relatime``). Entries are re-hashed on every use, so a damaged
cache file is dropped and fetched again, never served.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path
from typing import BinaryIO

from content_store.errors import file_os_error
from content_store.files import TEMP_SUFFIX, Reader, unlink_quietly, write_verified
from content_store.hashing import Digest, hash_stream


class BlobCache:
    """Verified blob copies in ``folder``, kept under ``max_bytes`` in total.

    The entry just added or used is never evicted, so one blob larger than the
    bound still works; it goes as soon as the next entry arrives.
    """

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.staging = self.folder / ".tmp"
        self._lock = threading.Lock()
        try:
            self.staging.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise file_os_error(exc, "create the cache folder", self.folder) from exc

    def path(self, digest: Digest) -> Path:
        return self.folder / digest[:2] / digest

    def open(self, digest: Digest) -> BinaryIO | None:
        """The cached copy, re-hashed and at position 0; None if absent or damaged (dropped)."""
        path = self.path(digest)
        try:
            f = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
        except OSError:
            return None
        try:
            actual, _ = hash_stream(f)
            f.seek(0)
        except OSError:
            actual = None
        if actual != digest:
            f.close()
            unlink_quietly(path)
            return None
        self.touch(path)
        return f

    def add(self, digest: Digest, read: Reader, *, where: str) -> Path:
        """Write a blob into the cache from ``read``, verifying it; raises BlobCorrupt."""
        path = self.path(digest)
        self._mkdir(path.parent)
        write_verified(read, digest, path, where=where)
        self.touch(path)
        self.evict(keep=path)
        return path

    def adopt(self, digest: Digest, staged: Path) -> None:
        """Move a file already hashed to ``digest`` (from ``staging``) into the cache."""
        path = self.path(digest)
        try:
            self._mkdir(path.parent)
            os.replace(staged, path)
        except OSError:
            unlink_quietly(staged)  # the cache is an optimisation; the blob is stored remotely
            return
        self.touch(path)
        self.evict(keep=path)

    def discard(self, digest: Digest) -> None:
        unlink_quietly(self.path(digest))

    def entries(self) -> list[tuple[Path, int, int]]:
        """(path, size, last use) of every cached blob."""
        found: list[tuple[Path, int, int]] = []
        with contextlib.suppress(OSError), os.scandir(self.folder) as shards:
            for shard in shards:
                if len(shard.name) != 2 or not shard.is_dir():
                    continue
                with contextlib.suppress(OSError), os.scandir(shard.path) as files:
                    for f in files:
                        if Digest.is_valid(f.name) and f.is_file():
                            st = f.stat()
                            found.append((Path(f.path), st.st_size, st.st_mtime_ns))
        return found

    def evict(self, keep: Path | None = None) -> None:
        """Delete least-recently-used entries until the total fits ``max_bytes``."""
        with self._lock:
            entries = sorted(self.entries(), key=lambda e: e[2])
            total = sum(size for _, size, _ in entries)
            for path, size, _ in entries:
                if total <= self.max_bytes:
                    break
                if path != keep:
                    unlink_quietly(path)
                    total -= size

    def cleanup_temp(self) -> None:
        with contextlib.suppress(OSError), os.scandir(self.staging) as entries:
            for e in entries:
                if e.name.endswith(TEMP_SUFFIX):
                    unlink_quietly(Path(e.path))

    def touch(self, path: Path) -> None:
        now = time.time_ns()  # finer than the kernel's file clock, so order is exact
        with contextlib.suppress(OSError):
            os.utime(path, ns=(now, now))

    def _mkdir(self, folder: Path) -> None:
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise file_os_error(exc, "write to the cache folder", self.folder) from exc
