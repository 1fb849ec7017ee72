from __future__ import annotations

from pathlib import Path

import pytest

from content_store import Digest, LocalStore, open_store
from content_store.s3 import S3Store

AB = Digest("ab" * 32)


def test_plain_path(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "lib"))
    assert isinstance(store, LocalStore)
    assert store.root == tmp_path / "lib"
    assert (tmp_path / "lib").is_dir()


def test_relative_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = open_store("rel/store")
    assert isinstance(store, LocalStore)
    assert store.root == tmp_path / "rel" / "store"


def test_file_url_with_escapes_round_trips(tmp_path: Path) -> None:
    folder = tmp_path / "my store %20 #1"
    store = open_store(folder.as_uri())
    assert isinstance(store, LocalStore)
    assert store.root == folder
    again = open_store(store.url)
    assert isinstance(again, LocalStore) and again.root == folder


def test_s3_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "k")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
    store = open_store("s3://my-bucket/team/blobs/", cache_dir=tmp_path / "c", cache_bytes=10)
    assert isinstance(store, S3Store)
    assert (store.bucket, store.prefix, store.url) == (
        "my-bucket",
        "team/blobs",
        "s3://my-bucket/team/blobs",
    )
    assert store.key(AB) == "team/blobs/ab/" + "ab" * 32
    assert store.cache.max_bytes == 10 and store.cache.folder == tmp_path / "c"
    bare = open_store("s3://my-bucket", cache_dir=tmp_path / "c")
    assert isinstance(bare, S3Store)
    assert bare.key(AB) == "ab/" + "ab" * 32


@pytest.mark.parametrize(
    "url",
    ["", "   ", "http://example.com/x", "s3:///prefix", "file://otherhost/x", "file://x/y?q=1",
     "s3://b/p?region=x"],
)  # fmt: skip
def test_bad_urls(url: str) -> None:
    with pytest.raises(ValueError):
        open_store(url)
