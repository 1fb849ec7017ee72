"""What every store backend promises: the ``ContentStore`` protocol and ``StoredBlob``.

Kept in its own module so the backends and ``verify`` can name the contract
without importing the package ``__init__`` (which imports them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

from content_store.hashing import Digest


@dataclass(frozen=True)
class StoredBlob:
    """The result of a put. ``created`` is False when identical content already existed."""

    digest: Digest
    size: int
    created: bool


@runtime_checkable
class ContentStore(Protocol):
    """Content-addressed blob storage. All methods raise only ``StoreError`` subclasses.

    Implementations are safe to call from several threads at once.
    """

    @property
    def url(self) -> str:
        """The URL ``open_store`` accepts to open this same store again."""
        ...

    def put_file(self, path: Path) -> StoredBlob:
        """Store the file's bytes, hashing while copying; the file name is not kept."""
        ...

    def put_bytes(self, data: bytes) -> StoredBlob: ...

    def exists(self, digest: Digest) -> bool: ...

    def size(self, digest: Digest) -> int:
        """Size in bytes; raises BlobNotFound."""
        ...

    def open_verified(self, digest: Digest) -> BinaryIO:
        """A readable file at position 0 whose bytes were checked against the digest.

        Raises BlobNotFound or BlobCorrupt. The caller closes it.
        """
        ...

    def export(self, digest: Digest, dest: Path) -> None:
        """Copy the blob to ``dest`` via a temporary file and a rename, verifying the hash.

        On any failure ``dest`` is left as it was: never partial, never corrupt.
        """
        ...

    def local_path(self, digest: Digest) -> Path:
        """A verified local file with the blob's bytes, for preview. Do not modify it."""
        ...

    def delete(self, digest: Digest) -> None:
        """Remove the blob; no error if it is absent."""
        ...

    def stored_at(self, digest: Digest) -> float:
        """When the blob was last put, in seconds since the epoch; raises BlobNotFound.

        A put of content already stored counts as putting it again.
        """
        ...

    def delete_unused(self, digest: Digest, older_than: float) -> bool:
        """Delete the blob unless it was put at or after ``older_than``; True if deleted.

        For clean-ups of blobs nothing references: a put that races with it is
        either seen (the blob stays) or stores the blob again.
        """
        ...

    def iter_digests(self) -> Iterator[Digest]:
        """Every stored blob's digest, in no particular order; temp files are never listed."""
        ...
