"""LocalStore: blobs in a local (or mounted) folder, named only by their SHA-256.

Layout: ``ROOT/ab/cd/abcd…`` (two levels of two hex characters keep folders
small). The original file name is never used, so hostile names cannot reach
the file system and identical files are stored once. A put copies into
``ROOT/.tmp/`` while hashing — the destination is only known once the hash is
— then fsyncs and renames into place and fsyncs the folder. ``.tmp`` lives in
the root, so the rename stays on one file system and is atomic; a crash leaves
only a ``*.part`` file there, which ``iter_digests`` never sees and
``cleanup_temp`` removes. Reads re-hash, so damaged bytes are never served.

A blob's modification time is when it was last put: a put of content already
stored touches it. ``delete_unused`` relies on that to delete an orphan only if
nobody put it since a cutoff, without a lock: it first renames the blob aside,
then looks at the time again, so a put that touched it just before the rename
is seen and the blob goes back; a put just after the rename finds no blob and
stores its own copy.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from content_store.errors import (
    BlobCorrupt,
    BlobNotFound,
    StoreError,
    StoreUnavailable,
    file_os_error,
    store_os_error,
)
from content_store.files import TEMP_SUFFIX, fsync_dir, temp_name, unlink_quietly, write_verified
from content_store.hashing import Digest, copy_hashed, hash_stream
from content_store.protocol import StoredBlob

TEMP_DIR = ".tmp"


class LocalStore:
    """A content-addressed folder. Thread- and multi-process-safe: writes only rename."""

    def __init__(self, root: Path, *, create: bool = True) -> None:
        self.root = Path(root).expanduser().absolute()
        self._tmp = self.root / TEMP_DIR
        if create:
            try:
                self._tmp.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise store_os_error(exc, "create", str(self.root)) from exc

    def __repr__(self) -> str:
        return f"LocalStore({str(self.root)!r})"

    @property
    def url(self) -> str:
        return self.root.as_uri()

    def blob_path(self, digest: Digest) -> Path:
        """Where the blob lives (whether or not it exists); derived from the hash alone."""
        d = Digest.parse(digest)
        return self.root / d[:2] / d[2:4] / d

    # -- writing ---------------------------------------------------------------

    def put_file(self, path: Path) -> StoredBlob:
        try:
            src = open(path, "rb")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            raise file_os_error(exc, "read", Path(path)) from exc
        with src:
            return self._put_stream(src, Path(path))

    def put_bytes(self, data: bytes) -> StoredBlob:
        return self._put_stream(io.BytesIO(data), None)

    def _put_stream(self, src: BinaryIO, source: Path | None) -> StoredBlob:
        tmp = self._tmp / temp_name()
        try:
            try:
                self._ensure_dir(self._tmp)
                with open(tmp, "xb") as out:
                    digest, size = copy_hashed(src, out, source)
                    dest = self.blob_path(digest)
                    created = not self._already_stored(dest, size)
                    if created:  # a duplicate needs no fsync: it is about to be dropped
                        out.flush()
                        os.fsync(out.fileno())
                if created:
                    self._install(tmp, dest)
                else:
                    os.unlink(tmp)
            except OSError as exc:
                raise store_os_error(exc, "write to", str(self.root)) from exc
        except BaseException:
            unlink_quietly(tmp)
            raise
        return StoredBlob(digest, size, created)

    def _already_stored(self, dest: Path, size: int) -> bool:
        """Same digest and size: the same content (``verify`` is what finds damage).

        The blob is touched, so it counts as just stored for ``delete_unused``;
        if it vanished meanwhile (deleted as unused), it is not stored after all.
        """
        try:
            if os.stat(dest).st_size != size:
                return False
            os.utime(dest)
        except FileNotFoundError:
            return False
        except PermissionError:
            # Another user's blob on a shared folder: our identical copy replaces it.
            return False
        return True

    def _install(self, tmp: Path, dest: Path) -> None:
        """Rename the fsynced ``tmp`` to ``dest`` and make the rename durable."""
        self._ensure_dir(dest.parent.parent)
        self._ensure_dir(dest.parent)
        os.replace(tmp, dest)
        try:
            fsync_dir(dest.parent)
        except OSError:
            unlink_quietly(dest)  # the put fails, so leave no blob behind it
            raise

    def _ensure_dir(self, folder: Path) -> None:
        """Create one folder level below an existing one; never re-creates a vanished root."""
        try:
            os.mkdir(folder)
        except FileExistsError:
            return
        fsync_dir(folder.parent)

    def delete(self, digest: Digest) -> None:
        try:
            os.unlink(self.blob_path(digest))
        except FileNotFoundError:
            self._check_root()
        except OSError as exc:
            raise store_os_error(exc, "delete from", str(self.root)) from exc

    def stored_at(self, digest: Digest) -> float:
        """When the blob was last put (seconds since the epoch); raises BlobNotFound."""
        try:
            return os.stat(self.blob_path(digest)).st_mtime
        except FileNotFoundError:
            raise self._not_found(digest) from None
        except OSError as exc:
            raise store_os_error(exc, "read from", str(self.root)) from exc

    def delete_unused(self, digest: Digest, older_than: float) -> bool:
        """Delete the blob unless it was put at or after ``older_than``; True if deleted.

        A put racing with this either touched the blob before the rename aside
        (seen below: the blob goes back) or finds it gone and stores it again.
        """
        path = self.blob_path(digest)
        aside = self._tmp / temp_name(f"unused-{digest[:16]}")
        try:
            if os.stat(path).st_mtime >= older_than:
                return False
            os.replace(path, aside)
        except FileNotFoundError:
            self._check_root()
            return False
        except OSError as exc:
            raise store_os_error(exc, "delete from", str(self.root)) from exc
        try:
            if os.stat(aside).st_mtime >= older_than:
                if os.path.exists(path):  # a put stored it again: same bytes either way
                    os.unlink(aside)
                else:
                    os.replace(aside, path)
                return False
            os.unlink(aside)
        except OSError as exc:
            raise store_os_error(exc, "delete from", str(self.root)) from exc
        return True

    def cleanup_temp(self, older_than: float = 0.0) -> int:
        """Remove temp files left by crashed writes, if older than ``older_than`` seconds.

        Pass a margin (say 3600) when other processes may be writing right now.
        Returns how many files were removed.
        """
        cutoff = time.time() - older_than
        removed = 0
        try:
            with os.scandir(self._tmp) as entries:
                for entry in entries:
                    if entry.name.endswith(TEMP_SUFFIX) and entry.stat().st_mtime <= cutoff:
                        unlink_quietly(Path(entry.path))
                        removed += 1
        except FileNotFoundError:
            self._check_root()
        except OSError as exc:
            raise store_os_error(exc, "clean up", str(self.root)) from exc
        return removed

    # -- reading ---------------------------------------------------------------

    def exists(self, digest: Digest) -> bool:
        try:
            os.stat(self.blob_path(digest))
        except FileNotFoundError:
            self._check_root()
            return False
        except OSError as exc:
            raise store_os_error(exc, "read from", str(self.root)) from exc
        return True

    def size(self, digest: Digest) -> int:
        try:
            return os.stat(self.blob_path(digest)).st_size
        except FileNotFoundError:
            raise self._not_found(digest) from None
        except OSError as exc:
            raise store_os_error(exc, "read from", str(self.root)) from exc

    def open_verified(self, digest: Digest) -> BinaryIO:
        f = self._open_blob(digest)
        try:
            try:
                actual, size = hash_stream(f)
                f.seek(0)
            except OSError as exc:
                raise store_os_error(exc, "read from", str(self.root)) from exc
            if actual != digest:
                raise BlobCorrupt(digest, self.url, f"its {size} bytes hash to {actual}")
        except BaseException:
            f.close()
            raise
        return f

    def export(self, digest: Digest, dest: Path) -> None:
        with self._open_blob(digest) as f:

            def read(n: int) -> bytes:
                try:
                    return f.read(n)
                except OSError as exc:
                    raise store_os_error(exc, "read from", str(self.root)) from exc

            write_verified(read, Digest.parse(digest), Path(dest), where=self.url)

    def local_path(self, digest: Digest) -> Path:
        with self.open_verified(digest):
            return self.blob_path(digest)

    def iter_digests(self) -> Iterator[Digest]:
        try:
            top = sorted(e.name for e in os.scandir(self.root) if _is_shard(e))
        except OSError as exc:
            raise store_os_error(exc, "list", str(self.root)) from exc
        for a in top:
            for b in _scan(self.root / a, _is_shard):
                for name in _scan(self.root / a / b, _is_file):
                    if Digest.is_valid(name) and name[:2] == a and name[2:4] == b:
                        yield Digest(name)

    def _open_blob(self, digest: Digest) -> BinaryIO:
        try:
            return open(self.blob_path(digest), "rb")
        except FileNotFoundError:
            raise self._not_found(digest) from None
        except OSError as exc:
            raise store_os_error(exc, "read from", str(self.root)) from exc

    def _not_found(self, digest: Digest) -> StoreError:
        self._check_root()
        return BlobNotFound(digest, self.url)

    def _check_root(self) -> None:
        """A missing root means an unmounted drive, not a missing blob."""
        if not self.root.is_dir():
            raise StoreUnavailable(
                f"The content store folder {self.root} is missing (is the drive connected?)"
            )


def _is_shard(entry: os.DirEntry[str]) -> bool:
    name = entry.name
    return len(name) == 2 and all(c in "0123456789abcdef" for c in name) and entry.is_dir()


def _is_file(entry: os.DirEntry[str]) -> bool:
    return entry.is_file()


def _scan(folder: Path, keep: Callable[[os.DirEntry[str]], bool]) -> list[str]:
    """Names in ``folder`` accepted by ``keep``; a folder removed meanwhile is just empty."""
    try:
        with os.scandir(folder) as entries:
            return sorted(e.name for e in entries if keep(e))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise store_os_error(exc, "list", str(folder)) from exc
