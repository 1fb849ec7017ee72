"""Durable file writing shared by the backends: temp file, fsync, rename, fsync folder.

A file becomes visible under its final name only once its bytes are on disk
and checked, so a crash or a failure at any point leaves either the old state
or the complete new file, plus at most a temporary ``*.part`` file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from content_store.errors import BlobCorrupt, file_os_error
from content_store.hashing import CHUNK_SIZE, Digest

TEMP_SUFFIX = ".part"

Reader = Callable[[int], bytes]
"""Reads up to n bytes from a blob; raises StoreError (never OSError) on failure."""


def temp_name(hint: str = "") -> str:
    """A hidden, unique ``.part`` name that can never be mistaken for a 64-hex blob name."""
    return f".{hint}{'.' if hint else ''}{secrets.token_hex(8)}{TEMP_SUFFIX}"


def fsync_dir(folder: Path) -> None:
    """Make a rename or create inside ``folder`` durable. A no-op where folders can't be opened."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def write_verified(read: Reader, digest: Digest, dest: Path, *, where: str) -> int:
    """Copy a blob to ``dest`` through a sibling temp file, checking it hashes to ``digest``.

    Returns the size. On any failure (including BlobCorrupt) the temp file is
    removed and ``dest`` is untouched. Errors writing ``dest`` name ``dest``;
    ``where`` names the store for BlobCorrupt.
    """
    tmp = dest.parent / temp_name(dest.name)
    try:
        h = hashlib.sha256()
        size = 0
        try:
            out = open(tmp, "xb")  # noqa: SIM115 - closed by the with below, after a check
        except OSError as exc:
            raise file_os_error(exc, "write", dest) from exc
        with out:
            while chunk := read(CHUNK_SIZE):
                h.update(chunk)
                size += len(chunk)
                try:
                    out.write(chunk)
                except OSError as exc:
                    raise file_os_error(exc, "write", dest) from exc
            try:
                out.flush()
                os.fsync(out.fileno())
            except OSError as exc:
                raise file_os_error(exc, "write", dest) from exc
        actual = h.hexdigest()
        if actual != digest:
            raise BlobCorrupt(digest, where, f"its {size} bytes hash to {actual}")
        try:
            os.replace(tmp, dest)
            fsync_dir(dest.parent)
        except OSError as exc:
            raise file_os_error(exc, "write", dest) from exc
    except BaseException:
        unlink_quietly(tmp)
        raise
    return size
