"""S3Store against a real SeaweedFS on loopback (see seaweed.py)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest

from content_store import (
    BlobCorrupt,
    BlobNotFound,
    Digest,
    StoreUnavailable,
    open_store,
    verify,
)
from content_store.s3 import S3Store
from tests.content_store.conftest import BUCKET
from tests.content_store.seaweed import SeaweedS3

pytestmark = pytest.mark.s3


def sha(data: bytes) -> Digest:
    return Digest(hashlib.sha256(data).hexdigest())


def raw_client(server: SeaweedS3) -> Any:
    env = server.env()
    return boto3.session.Session().client(
        "s3",
        endpoint_url=server.endpoint,
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )


def s3_store(url: str, cache_dir: Path, cache_bytes: int = 1 << 30) -> S3Store:
    store = open_store(url, cache_dir=cache_dir, cache_bytes=cache_bytes)
    assert isinstance(store, S3Store)
    return store


def test_put_and_read_back(s3_url: str, cache_dir: Path, tmp_path: Path, s3_env: SeaweedS3) -> None:
    store = s3_store(s3_url, cache_dir)
    data = os.urandom(1_500_000)
    src = tmp_path / "Pricing Deck.pptx"
    src.write_bytes(data)
    blob = store.put_file(src)
    assert (blob.digest, blob.size, blob.created) == (sha(data), len(data), True)

    head = raw_client(s3_env).head_object(Bucket=BUCKET, Key=store.key(blob.digest))
    assert store.key(blob.digest) == f"{store.prefix}/{blob.digest[:2]}/{blob.digest}"
    assert head["Metadata"]["sha256"] == blob.digest
    assert store.exists(blob.digest) and store.size(blob.digest) == len(data)
    assert list(store.iter_digests()) == [blob.digest]

    fresh = s3_store(s3_url, tmp_path / "other-cache")  # nothing cached: must download
    with fresh.open_verified(blob.digest) as f:
        assert f.read() == data
    assert fresh.local_path(blob.digest).read_bytes() == data
    assert fresh.local_path(blob.digest).is_relative_to(tmp_path / "other-cache")
    fresh.export(blob.digest, tmp_path / "out.pptx")
    assert (tmp_path / "out.pptx").read_bytes() == data


def test_identical_content_skips_upload(s3_url: str, cache_dir: Path) -> None:
    store = s3_store(s3_url, cache_dir)
    puts: list[str] = []
    store._client.meta.events.register("before-call.s3.PutObject", lambda **kw: puts.append("x"))
    first = store.put_bytes(b"same")
    second = store.put_bytes(b"same")
    assert first.created and not second.created
    assert len(puts) == 1


def test_missing_and_delete(s3_url: str, cache_dir: Path, tmp_path: Path) -> None:
    store = s3_store(s3_url, cache_dir)
    d = sha(b"absent")
    assert not store.exists(d)
    with pytest.raises(BlobNotFound):
        store.open_verified(d)
    with pytest.raises(BlobNotFound):
        store.size(d)
    with pytest.raises(BlobNotFound):
        store.export(d, tmp_path / "x")
    store.delete(d)
    kept = store.put_bytes(b"kept").digest
    gone = store.put_bytes(b"gone").digest
    store.delete(gone)
    assert not store.exists(gone) and not store.cache.path(gone).exists()
    assert list(store.iter_digests()) == [kept]


def test_tampered_object_is_corrupt(
    s3_url: str, cache_dir: Path, tmp_path: Path, s3_env: SeaweedS3
) -> None:
    writer = s3_store(s3_url, cache_dir)
    d = writer.put_bytes(b"original content").digest
    raw_client(s3_env).put_object(Bucket=BUCKET, Key=writer.key(d), Body=b"original c0ntent")
    reader = s3_store(s3_url, tmp_path / "reader-cache")
    with pytest.raises(BlobCorrupt):
        reader.open_verified(d)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(BlobCorrupt):
        reader.export(d, out / "x.pdf")
    assert os.listdir(out) == []
    assert not reader.cache.path(d).exists()
    assert [(p.kind, p.digest) for p in verify(reader, [d])] == [("corrupt", d)]


def test_damaged_cache_copy_is_fetched_again(s3_url: str, cache_dir: Path, tmp_path: Path) -> None:
    store = s3_store(s3_url, cache_dir)
    d = store.put_bytes(b"cached content").digest
    path = store.local_path(d)
    path.write_bytes(b"cached c0ntent")
    assert store.local_path(d).read_bytes() == b"cached content"
    path.write_bytes(b"cached")
    store.export(d, tmp_path / "e.bin")
    assert (tmp_path / "e.bin").read_bytes() == b"cached content"


def test_cache_is_bounded_least_recently_used(s3_url: str, cache_dir: Path) -> None:
    writer = s3_store(s3_url, cache_dir / "w")
    blobs = [writer.put_bytes(bytes([i]) * 1000).digest for i in range(4)]
    store = s3_store(s3_url, cache_dir / "r", cache_bytes=2500)
    store.local_path(blobs[0])
    store.local_path(blobs[1])
    store.local_path(blobs[0])  # now blobs[1] is the least recently used
    store.local_path(blobs[2])
    cached = {p.name for p, _, _ in store.cache.entries()}
    assert cached == {blobs[0], blobs[2]}
    store.local_path(blobs[3])
    assert {p.name for p, _, _ in store.cache.entries()} == {blobs[2], blobs[3]}
    assert sum(size for _, size, _ in store.cache.entries()) <= 2500


def test_iter_digests_ignores_foreign_keys(s3_url: str, cache_dir: Path, s3_env: SeaweedS3) -> None:
    store = s3_store(s3_url, cache_dir)
    d = store.put_bytes(b"real").digest
    client = raw_client(s3_env)
    client.put_object(Bucket=BUCKET, Key=f"{store.prefix}/README.txt", Body=b"x")
    client.put_object(Bucket=BUCKET, Key=f"{store.prefix}/cd/{d}", Body=b"x")  # wrong shard
    client.put_object(Bucket=BUCKET, Key=f"{store.prefix}-other/{d[:2]}/{d}", Body=b"x")
    assert list(store.iter_digests()) == [d]


def test_read_only_credentials(
    s3_url: str, cache_dir: Path, tmp_path: Path, s3_env: SeaweedS3, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = s3_store(s3_url, cache_dir).put_bytes(b"published").digest
    for name, value in s3_env.env(read_only=True).items():
        monkeypatch.setenv(name, value)
    reader = s3_store(s3_url, tmp_path / "ro-cache")
    with reader.open_verified(d) as f:
        assert f.read() == b"published"
    with pytest.raises(StoreUnavailable, match=r"Write access .* denied"):
        reader.put_bytes(b"new content")
    assert not s3_store(s3_url, tmp_path / "c2").exists(sha(b"new content"))


def test_unreachable_endpoint(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, s3_env: SeaweedS3
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # discard port: refused
    store = s3_store(f"s3://{BUCKET}/x", cache_dir)
    with pytest.raises(StoreUnavailable):
        store.exists(sha(b"x"))
    with pytest.raises(StoreUnavailable):
        store.put_bytes(b"x")


def test_wrong_secret_and_missing_bucket(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, s3_env: SeaweedS3
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wrong")
    with pytest.raises(StoreUnavailable):
        s3_store(f"s3://{BUCKET}/x", cache_dir).put_bytes(b"x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", s3_env.env()["AWS_SECRET_ACCESS_KEY"])
    with pytest.raises(StoreUnavailable, match="does not exist"):
        list(s3_store("s3://no-such-bucket-here/x", cache_dir).iter_digests())
