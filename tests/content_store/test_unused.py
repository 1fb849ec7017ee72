"""Deleting unused blobs safely: ``stored_at`` and ``delete_unused`` on both backends.

A put of content already stored refreshes its time, so an unused blob that an
import is about to reuse counts as young and is kept; a put racing with the
delete either is seen (the blob stays) or stores the blob again.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from content_store import LocalStore
from content_store.s3 import S3Store
from tests.content_store.test_s3 import s3_store

DAY = 86400.0


def backdate(store: LocalStore, digest: str, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(store.blob_path(digest), (then, then))  # type: ignore[arg-type]


def leftovers(store: LocalStore) -> list[str]:
    return sorted(os.listdir(store.root / ".tmp"))


def test_local_old_unused_blob_goes_young_one_stays(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "blobs")
    old = store.put_bytes(b"left by a crash").digest
    young = store.put_bytes(b"import in flight").digest
    backdate(store, old, 2 * DAY)
    cutoff = time.time() - DAY
    assert store.stored_at(old) < cutoff <= store.stored_at(young)
    assert store.delete_unused(old, cutoff) is True
    assert store.delete_unused(young, cutoff) is False
    assert store.delete_unused(old, cutoff) is False  # already gone: nothing to do
    assert list(store.iter_digests()) == [young]
    assert leftovers(store) == []


def test_local_putting_stored_content_again_makes_it_young(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "blobs")
    digest = store.put_bytes(b"orphan about to be reused").digest
    backdate(store, digest, 2 * DAY)
    cutoff = time.time() - DAY
    again = store.put_bytes(b"orphan about to be reused")
    assert not again.created
    assert store.stored_at(digest) >= cutoff
    assert store.delete_unused(digest, cutoff) is False
    with store.open_verified(digest) as f:
        assert f.read() == b"orphan about to be reused"


def _racing_rename(
    monkeypatch: pytest.MonkeyPatch, put: Callable[[], Any], before: bool
) -> list[Any]:
    """Run ``put`` once, just before (or just after) delete_unused renames the blob aside."""
    real = os.replace
    puts: list[Any] = []

    def replace(src: Any, dst: Any) -> None:
        aside = "unused-" in os.fspath(dst)
        if aside and before and not puts:
            puts.append(put())
        real(src, dst)
        if aside and not before and not puts:
            puts.append(put())

    monkeypatch.setattr(os, "replace", replace)
    return puts


@pytest.mark.parametrize("before", [True, False], ids=["put-before-rename", "put-after-rename"])
def test_local_put_racing_with_the_delete_keeps_the_blob(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: bool
) -> None:
    store = LocalStore(tmp_path / "blobs")
    data = b"content an import stores right now"
    digest = store.put_bytes(data).digest
    backdate(store, digest, 2 * DAY)
    puts = _racing_rename(monkeypatch, lambda: store.put_bytes(data), before)
    deleted = store.delete_unused(digest, time.time() - DAY)
    monkeypatch.undo()
    assert len(puts) == 1
    # Before the rename the put touched the blob (kept); after it, the put found
    # nothing and stored its own copy. Either way the blob the import needs is there.
    assert deleted is (not before)
    assert puts[0].created is (not before)
    with store.open_verified(digest) as f:
        assert f.read() == data
    assert leftovers(store) == []


def test_local_delete_unused_of_a_missing_store_is_an_error(tmp_path: Path) -> None:
    from content_store import StoreUnavailable

    store = LocalStore(tmp_path / "blobs")
    digest = store.put_bytes(b"x").digest
    os.rename(store.root, tmp_path / "unplugged")
    with pytest.raises(StoreUnavailable):
        store.delete_unused(digest, time.time())


def _s3_cutoff_after(store: S3Store, digest: str) -> float:
    """A cutoff safely after the object's LastModified (whole seconds on S3)."""
    time.sleep(1.1)
    cutoff = time.time() + 1.0
    time.sleep(1.1)
    assert store.stored_at(digest) < cutoff  # type: ignore[arg-type]
    return cutoff


def test_s3_old_unused_object_goes_young_one_stays(s3_url: str, cache_dir: Path) -> None:
    store = s3_store(s3_url, cache_dir)
    old = store.put_bytes(b"left by a crash in team mode").digest
    cutoff = _s3_cutoff_after(store, old)
    young = store.put_bytes(b"an import in flight").digest
    assert store.delete_unused(young, cutoff) is False
    assert store.delete_unused(old, cutoff) is True
    assert store.delete_unused(old, cutoff) is False
    assert list(store.iter_digests()) == [young]
    assert not store.cache.path(old).exists()


def test_s3_putting_stored_content_again_makes_it_young(
    s3_url: str, cache_dir: Path, tmp_path: Path
) -> None:
    store = s3_store(s3_url, cache_dir)
    data = b"orphan object about to be reused"
    digest = store.put_bytes(data).digest
    cutoff = _s3_cutoff_after(store, digest)
    uploads: list[str] = []
    store._client.meta.events.register("before-call.s3.PutObject", lambda **kw: uploads.append("x"))
    again = store.put_bytes(data)
    assert not again.created and uploads == []  # refreshed by a copy, not uploaded again
    assert store.delete_unused(digest, cutoff) is False
    fresh = s3_store(s3_url, tmp_path / "other-cache")
    with fresh.open_verified(digest) as f:
        assert f.read() == data


def test_s3_put_after_the_delete_uploads_again(s3_url: str, cache_dir: Path) -> None:
    store = s3_store(s3_url, cache_dir)
    data = b"deleted between the head and the refresh"
    digest = store.put_bytes(data).digest
    real_head = store._head

    def head_then_delete(d: Any) -> Any:
        found = real_head(d)
        store.delete(d)  # the clean-up wins the race right after the put looked
        return found

    store._head = head_then_delete  # type: ignore[method-assign]
    again = store.put_bytes(data)
    store._head = real_head  # type: ignore[method-assign]
    assert again.created
    assert store.exists(digest)


def test_local_blob_that_cannot_be_touched_is_replaced_by_a_fresh_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another user's blob on a shared folder: its time cannot be set, so the put installs
    its own identical copy, which is young all the same."""
    store = LocalStore(tmp_path / "blobs")
    data = b"stored earlier by a colleague"
    digest = store.put_bytes(data).digest
    backdate(store, digest, 2 * DAY)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "utime", refuse)
    again = store.put_bytes(data)
    monkeypatch.undo()
    assert again.created
    assert store.delete_unused(digest, time.time() - DAY) is False
    with store.open_verified(digest) as f:
        assert f.read() == data
