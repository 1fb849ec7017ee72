"""SHA-256 content addressing: the ``Digest`` type and streamed hashing.

A blob's name is the SHA-256 of its bytes, so the name proves the content.
Everything here streams in 1 MiB chunks, so hashing a 2 GB video costs 1 MiB
of memory, and ``copy_hashed`` hashes while it copies so importing a file reads
it once.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import BinaryIO

from content_store.errors import file_os_error

CHUNK_SIZE = 1 << 20  # 1 MiB: large enough for full disk speed, small enough for memory.

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX64_ANY_CASE = re.compile(r"[0-9a-fA-F]{64}")


class Digest(str):
    """A lowercase 64-character hex SHA-256. Every instance is valid by construction."""

    __slots__ = ()

    def __new__(cls, value: str) -> Digest:
        if not isinstance(value, str) or not _HEX64.fullmatch(value):
            raise ValueError(f"not a SHA-256 digest (64 lowercase hex characters): {value!r}")
        return super().__new__(cls, value)

    @classmethod
    def parse(cls, value: str) -> Digest:
        """Validate text from outside (database, CLI, object key); accepts upper case."""
        if not isinstance(value, str) or not _HEX64_ANY_CASE.fullmatch(value):
            raise ValueError(f"not a SHA-256 digest (64 hex characters): {value!r}")
        return cls(value.lower())

    @classmethod
    def is_valid(cls, value: str) -> bool:
        """True if ``value`` is already a canonical lowercase digest (used to spot blob names)."""
        return _HEX64.fullmatch(value) is not None


def hash_stream(src: BinaryIO) -> tuple[Digest, int]:
    """Hash a readable binary stream from its current position to the end."""
    h = hashlib.sha256()
    size = 0
    while chunk := src.read(CHUNK_SIZE):
        h.update(chunk)
        size += len(chunk)
    return Digest(h.hexdigest()), size


def hash_file(path: Path) -> tuple[Digest, int]:
    """Return the SHA-256 and size of the file at ``path``, read in 1 MiB chunks."""
    with open(path, "rb") as src:
        return hash_stream(src)


def hash_bytes(data: bytes) -> Digest:
    return Digest(hashlib.sha256(data).hexdigest())


def copy_hashed(src: BinaryIO, dst: BinaryIO, source: Path | None = None) -> tuple[Digest, int]:
    """Copy ``src`` to ``dst`` chunk by chunk, hashing on the way; return digest and size.

    A read error becomes a FileAccessError naming ``source`` when it is given;
    write errors stay OSError, for the caller to blame on its own destination.
    """
    h = hashlib.sha256()
    size = 0
    while True:
        try:
            chunk = src.read(CHUNK_SIZE)
        except OSError as exc:
            if source is None:
                raise
            raise file_os_error(exc, "read", source) from exc
        if not chunk:
            return Digest(h.hexdigest()), size
        h.update(chunk)
        dst.write(chunk)
        size += len(chunk)
