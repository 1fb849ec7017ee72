"""S3Store: blobs as objects in an S3-compatible bucket, with a local verified cache.

Objects are keyed ``PREFIX/ab/abcd…`` and carry their SHA-256 as metadata too,
so a bucket listing is self-describing. A put first copies the source into the
cache's staging folder while hashing (one read of the source; the upload then
comes from our private copy, which nobody can change mid-upload), skips the
upload when ``head_object`` shows the content is already there (it copies the
object onto itself instead, so its LastModified says it was just put, which
``delete_unused`` relies on), and keeps the copy as a cache entry. Reads go
through the bounded LRU cache and are verified by re-hashing. boto3 is
imported only when an S3Store is built, so solo installs never need it.
Endpoint and credentials come from the standard AWS environment variables and
config files; ``AWS_ENDPOINT_URL`` selects a non-AWS server such as SeaweedFS
or MinIO.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from content_store.cache import BlobCache
from content_store.errors import (
    BlobCorrupt,
    BlobNotFound,
    StorageFull,
    StoreError,
    StoreUnavailable,
    file_os_error,
)
from content_store.files import Reader, temp_name, unlink_quietly, write_verified
from content_store.hashing import Digest, copy_hashed
from content_store.protocol import StoredBlob

MAX_SINGLE_COPY = 5 * 1024**3  # bytes S3's CopyObject accepts

T = TypeVar("T")

_NOT_FOUND = {"404", "NoSuchKey", "NotFound"}
_DENIED = {"403", "AccessDenied", "Forbidden", "AllAccessDisabled"}
_BAD_CREDENTIALS = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken"}
_FULL = {"QuotaExceeded", "XMinioStorageFull", "InsufficientStorage", "StorageFull"}
_MULTIPART_THRESHOLD = 64 << 20


class S3Store:
    """A content store in ``s3://bucket/prefix``. Thread-safe (boto3 clients are)."""

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        *,
        cache_dir: Path,
        cache_bytes: int = 2 << 30,
        client: Any = None,
    ) -> None:
        # boto3 ships no type stubs; every call on it goes through _call.
        import boto3.exceptions  # type: ignore[import-untyped]
        import boto3.s3.transfer  # type: ignore[import-untyped]
        import botocore.exceptions  # type: ignore[import-untyped]

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.cache = BlobCache(cache_dir, cache_bytes)
        self._client = client if client is not None else _make_client()
        self._client_error: type[Exception] = botocore.exceptions.ClientError
        self._boto_error: type[Exception] = botocore.exceptions.BotoCoreError
        self._upload_error: type[Exception] = boto3.exceptions.S3UploadFailedError
        self._transfer = boto3.s3.transfer.TransferConfig(
            multipart_threshold=_MULTIPART_THRESHOLD, multipart_chunksize=16 << 20
        )

    def __repr__(self) -> str:
        return f"S3Store({self.url!r})"

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"

    def key(self, digest: Digest) -> str:
        d = Digest.parse(digest)
        return f"{self.prefix}/{d[:2]}/{d}" if self.prefix else f"{d[:2]}/{d}"

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
        staged = self.cache.staging / temp_name()
        try:
            digest, size = self._stage(src, staged, source)
            head = self._head(digest)
            created = head is None or head.get("ContentLength") != size
            # S3 copies at most 5 GB in one request; a larger object keeps its
            # time (gc may then take it, and the importer stores it again).
            if not created and size <= MAX_SINGLE_COPY and not self._refresh(digest):
                created = True  # deleted as unused since the head: upload it again
            if created:
                extra = {"Metadata": {"sha256": digest}, "ContentType": "application/octet-stream"}
                self._call(
                    "write to",
                    None,
                    lambda: self._client.upload_file(
                        str(staged),
                        self.bucket,
                        self.key(digest),
                        ExtraArgs=extra,
                        Config=self._transfer,
                    ),
                )
        except BaseException:
            unlink_quietly(staged)
            raise
        self.cache.adopt(digest, staged)
        return StoredBlob(digest, size, created)

    def _refresh(self, digest: Digest) -> bool:
        """Copy the object onto itself so it counts as just put; False if it is gone."""
        key = self.key(digest)
        try:
            self._call(
                "write to",
                digest,
                lambda: self._client.copy_object(
                    Bucket=self.bucket,
                    Key=key,
                    CopySource={"Bucket": self.bucket, "Key": key},
                    Metadata={"sha256": digest},
                    MetadataDirective="REPLACE",
                    ContentType="application/octet-stream",
                ),
            )
        except BlobNotFound:
            return False
        return True

    def stored_at(self, digest: Digest) -> float:
        head = self._head(digest)
        if head is None:
            raise BlobNotFound(digest, self.url)
        return float(head["LastModified"].timestamp())

    def delete_unused(self, digest: Digest, older_than: float) -> bool:
        """Delete the object unless it was put at or after ``older_than``.

        S3 offers no rename, so a put whose refreshing copy lands between the
        head and the delete below (the time of one request) is not seen. Only
        content unused for longer than the caller's cutoff is exposed to that,
        and only if an import of that very content runs at that moment.
        """
        head = self._head(digest)
        # LastModified is truncated to whole seconds: read it as late as it may be.
        if head is None or head["LastModified"].timestamp() + 1 >= older_than:
            return False
        self.delete(digest)
        return True

    def delete(self, digest: Digest) -> None:
        key = self.key(digest)
        self._call(
            "delete from", None, lambda: self._client.delete_object(Bucket=self.bucket, Key=key)
        )
        self.cache.discard(digest)

    # -- reading ---------------------------------------------------------------

    def exists(self, digest: Digest) -> bool:
        return self._head(digest) is not None

    def size(self, digest: Digest) -> int:
        head = self._head(digest)
        if head is None:
            raise BlobNotFound(digest, self.url)
        return int(head["ContentLength"])

    def open_verified(self, digest: Digest) -> BinaryIO:
        digest = Digest.parse(digest)
        for _ in range(3):  # another thread may evict the fresh copy before we open it
            cached = self.cache.open(digest)
            if cached is not None:
                return cached
            self._download(digest)
        raise StoreUnavailable(f"The cache folder {self.cache.folder} cannot keep {digest}")

    def local_path(self, digest: Digest) -> Path:
        with self.open_verified(digest):
            return self.cache.path(digest)

    def export(self, digest: Digest, dest: Path) -> None:
        digest = Digest.parse(digest)
        cached = self.cache.path(digest)
        try:
            f = open(cached, "rb")  # noqa: SIM115 - closed by the with below
        except OSError:
            pass  # not cached: stream from the bucket
        else:
            try:
                with f:
                    write_verified(_file_reader(f, cached), digest, Path(dest), where=str(cached))
                self.cache.touch(cached)
                return
            except BlobCorrupt:
                self.cache.discard(digest)  # a damaged cache copy; the bucket may be fine
        with self._get(digest) as read:
            write_verified(read, digest, Path(dest), where=self.url)

    def iter_digests(self) -> Iterator[Digest]:
        start = f"{self.prefix}/" if self.prefix else ""
        paginator = self._client.get_paginator("list_objects_v2")
        pages = self._call(
            "list", None, lambda: iter(paginator.paginate(Bucket=self.bucket, Prefix=start))
        )
        while (page := self._call("list", None, lambda: next(pages, None))) is not None:
            for obj in page.get("Contents", []):
                shard, _, name = obj["Key"][len(start) :].partition("/")
                if Digest.is_valid(name) and shard == name[:2]:
                    yield Digest(name)

    # -- plumbing ----------------------------------------------------------------

    def _head(self, digest: Digest) -> dict[str, Any] | None:
        key = self.key(digest)
        try:
            head: dict[str, Any] = self._call(
                "read from", digest, lambda: self._client.head_object(Bucket=self.bucket, Key=key)
            )
        except BlobNotFound:
            return None
        return head

    def _stage(self, src: BinaryIO, staged: Path, source: Path | None) -> tuple[Digest, int]:
        """Copy the source into the cache's staging folder while hashing it."""
        try:
            with open(staged, "xb") as out:
                return copy_hashed(src, out, source)
        except OSError as exc:
            raise file_os_error(exc, "write to the cache folder", self.cache.folder) from exc

    def _download(self, digest: Digest) -> None:
        with self._get(digest) as read:
            self.cache.add(digest, read, where=self.url)

    def _get(self, digest: Digest) -> _Download:
        key = self.key(digest)
        response = self._call(
            "read from", digest, lambda: self._client.get_object(Bucket=self.bucket, Key=key)
        )
        return _Download(self, response["Body"])

    def _call(self, action: str, digest: Digest | None, fn: Callable[[], T]) -> T:
        """Run one boto3 call, turning its exceptions into StoreErrors with plain messages."""
        try:
            return fn()
        except self._upload_error as exc:
            cause = exc.__context__
            if isinstance(cause, self._client_error):
                raise self._translate(cause, action, digest) from exc
            raise StoreUnavailable(
                f"Cannot {action} the content store at {self.url}: {exc}"
            ) from exc
        except self._client_error as exc:
            raise self._translate(exc, action, digest) from exc
        except self._boto_error as exc:
            raise StoreUnavailable(
                f"Cannot {action} the content store at {self.url}: {exc}"
            ) from exc

    def _translate(self, exc: Exception, action: str, digest: Digest | None) -> StoreError:
        error = getattr(exc, "response", {}).get("Error", {})
        code = str(error.get("Code", ""))
        where = self.url
        if code in _NOT_FOUND and digest is not None:
            return BlobNotFound(digest, where)
        if code == "NoSuchBucket":
            return StoreUnavailable(
                f"The bucket {self.bucket!r} of the content store {where} does not exist"
            )
        if code in _DENIED and action == "write to":
            return StoreUnavailable(
                f"Write access to the content store at {where} is denied; "
                "these credentials are read-only or lack permission"
            )
        if code in _DENIED:
            return StoreUnavailable(f"Access to the content store at {where} is denied ({action})")
        if code in _BAD_CREDENTIALS:
            return StoreUnavailable(
                f"The content store at {where} rejected the credentials ({code})"
            )
        if code in _FULL:
            return StorageFull(f"The content store at {where} is full ({code})")
        message = error.get("Message") or code or str(exc)
        return StoreUnavailable(f"Cannot {action} the content store at {where}: {message}")


class _Download:
    """A streaming object body as a Reader, closed by ``with``; errors become StoreUnavailable."""

    def __init__(self, store: S3Store, body: Any) -> None:
        self._store = store
        self._body = body

    def __enter__(self) -> Reader:
        def read(n: int) -> bytes:
            data: bytes = self._store._call("read from", None, lambda: self._body.read(n))
            return data

        return read

    def __exit__(self, *exc: object) -> None:
        self._body.close()


def _file_reader(f: BinaryIO, where: Path) -> Reader:
    def read(n: int) -> bytes:
        try:
            return f.read(n)
        except OSError as exc:
            raise file_os_error(exc, "read", where) from exc

    return read


def _make_client() -> Any:
    import boto3.session  # type: ignore[import-untyped]
    import botocore.config  # type: ignore[import-untyped]

    session = boto3.session.Session()
    endpoint = os.environ.get("AWS_ENDPOINT_URL") or None
    config = botocore.config.Config(
        connect_timeout=5,
        read_timeout=60,
        retries={"mode": "standard", "max_attempts": 3},
        s3={"addressing_style": "path"} if endpoint else {},
        # We verify SHA-256 ourselves; extra CRC trailers trip some S3-compatible servers.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    return session.client(
        "s3", endpoint_url=endpoint, region_name=session.region_name or "us-east-1", config=config
    )
