"""Content-addressed storage of file blobs, with integrity checks.

A blob is named by the SHA-256 of its bytes, so a name proves its content,
identical files are stored once and a damaged file is caught on every read.
Two backends share one protocol: ``LocalStore`` (a folder) and ``S3Store``
(an S3-compatible bucket plus a local cache). This package knows nothing
about what the files mean; callers keep names and metadata elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from content_store.errors import (
    BlobCorrupt,
    BlobNotFound,
    FileAccessError,
    StorageFull,
    StoreError,
    StoreUnavailable,
)
from content_store.hashing import Digest, hash_file
from content_store.local import LocalStore
from content_store.protocol import ContentStore, StoredBlob
from content_store.verify import VerifyProblem, verify

__all__ = [
    "BlobCorrupt",
    "BlobNotFound",
    "ContentStore",
    "Digest",
    "FileAccessError",
    "LocalStore",
    "StorageFull",
    "StoreError",
    "StoreUnavailable",
    "StoredBlob",
    "VerifyProblem",
    "hash_file",
    "open_store",
    "verify",
]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def open_store(
    url: str, *, cache_dir: Path | None = None, cache_bytes: int = 2 << 30
) -> ContentStore:
    """Open the store named by ``url``.

    - a plain path, or ``file:///abs/path``: a LocalStore in that folder (created if needed);
    - ``s3://BUCKET/PREFIX``: an S3Store; endpoint and credentials come from the
      standard AWS environment/config (``AWS_ENDPOINT_URL`` for non-AWS servers).
      Downloads are cached in ``cache_dir`` (default: the user cache folder),
      kept under ``cache_bytes``.

    Raises ValueError for a URL it cannot use.
    """
    if not url or not url.strip():
        raise ValueError("empty content store URL")
    match = _SCHEME.match(url)
    if match is None:
        return LocalStore(Path(url))
    scheme = match.group(1).lower()
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise ValueError(f"content store URL must not have a query or fragment: {url!r}")
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise ValueError(f"file URL must name a local folder, not host {parts.netloc!r}")
        path = Path(url2pathname(parts.path))  # url2pathname also unquotes
        if not path.is_absolute():
            raise ValueError(f"file URL must hold an absolute path: {url!r}")
        return LocalStore(path)
    if scheme == "s3":
        return _open_s3(parts.netloc, unquote(parts.path), cache_dir, cache_bytes)
    raise ValueError(
        f"unsupported content store URL scheme {scheme!r} (use a path, file:// or s3://)"
    )


def _open_s3(bucket: str, prefix: str, cache_dir: Path | None, cache_bytes: int) -> ContentStore:
    from content_store.s3 import S3Store

    if not bucket:
        raise ValueError("s3:// URL needs a bucket name: s3://BUCKET/PREFIX")
    if cache_dir is None:
        import platformdirs

        cache_dir = platformdirs.user_cache_path("content_store", appauthor=False) / "s3"
    return S3Store(bucket, prefix, cache_dir=cache_dir, cache_bytes=cache_bytes)
