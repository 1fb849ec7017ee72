"""The content store's error tree, kept apart from bugs.

Every failure a user or an administrator can do something about is a
``StoreError``: a blob that is missing or damaged, a full disk, a store that
cannot be reached or written, a file outside the store that cannot be read or
written. Callers catch ``StoreError`` once and show its message, which is
written for people, not for developers. Anything else escaping this package is
a bug.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


class StoreError(Exception):
    """Base class of every error the content store raises on purpose."""


class BlobNotFound(StoreError):
    """No blob with this digest is stored."""

    def __init__(self, digest: str, where: str) -> None:
        super().__init__(f"File {digest} is not in the content store at {where}")
        self.digest = digest


class BlobCorrupt(StoreError):
    """The stored bytes no longer hash to the blob's digest (tampered or truncated)."""

    def __init__(self, digest: str, where: str, detail: str) -> None:
        super().__init__(f"File {digest} in the content store at {where} is damaged: {detail}")
        self.digest = digest
        self.detail = detail


class StorageFull(StoreError):
    """The disk or quota holding the store (or an export destination) is full."""


class StoreUnavailable(StoreError):
    """The store cannot be reached, read or written: network, permission or I/O trouble."""


class FileAccessError(StoreError):
    """A file outside the store (an import source or an export destination) failed."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


def store_os_error(exc: OSError, action: str, where: str) -> StoreError:
    """Translate an OSError raised inside the store into the matching StoreError.

    ``action`` is a short phrase such as "write to"; ``where`` names the store.
    """
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFull(f"No space left to {action} the content store at {where}")
    return StoreUnavailable(f"Cannot {action} the content store at {where}: {_reason(exc)}")


def file_os_error(exc: OSError, action: str, path: Path) -> StoreError:
    """Translate an OSError about a file outside the store (source or destination)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFull(f"No space left to {action} {path}")
    return FileAccessError(path, f"Cannot {action} {path}: {_reason(exc)}")


def _reason(exc: OSError) -> str:
    if exc.errno is not None:
        return os.strerror(exc.errno)
    return str(exc) or type(exc).__name__
