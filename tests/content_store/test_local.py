from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from content_store import (
    BlobCorrupt,
    BlobNotFound,
    Digest,
    FileAccessError,
    LocalStore,
    StorageFull,
    StoreUnavailable,
)


def sha(data: bytes) -> Digest:
    return Digest(hashlib.sha256(data).hexdigest())


def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.fixture
def store(tmp_path: Path) -> LocalStore:
    return LocalStore(tmp_path / "store")


def test_put_file_round_trip(store: LocalStore, tmp_path: Path) -> None:
    data = os.urandom(3 * 1024 * 1024 + 7)
    src = tmp_path / "deck.pptx"
    src.write_bytes(data)
    blob = store.put_file(src)
    assert (blob.digest, blob.size, blob.created) == (sha(data), len(data), True)
    assert store.exists(blob.digest)
    assert store.size(blob.digest) == len(data)
    with store.open_verified(blob.digest) as f:
        assert f.read() == data
    assert store.local_path(blob.digest).read_bytes() == data
    assert list(store.iter_digests()) == [blob.digest]


def test_identical_content_is_stored_once(store: LocalStore, tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"same bytes")
    (tmp_path / "b.pdf").write_bytes(b"same bytes")
    first = store.put_file(tmp_path / "a.pdf")
    second = store.put_file(tmp_path / "b.pdf")
    third = store.put_bytes(b"same bytes")
    assert first.created and not second.created and not third.created
    assert first.digest == second.digest == third.digest
    assert all_files(store.root) == [store.blob_path(first.digest)]  # temp files removed too


def test_blob_path_comes_from_the_hash_never_the_name(store: LocalStore, tmp_path: Path) -> None:
    src = tmp_path / "Q3 pricing ..%2F evil;name.pdf"
    src.write_bytes(b"pricing")
    blob = store.put_file(src)
    d = blob.digest
    assert store.local_path(d) == store.root / d[:2] / d[2:4] / d
    for path in store.root.rglob("*"):
        assert "pricing" not in path.name and "evil" not in path.name and ".pdf" not in path.name


def test_missing_blob(store: LocalStore, tmp_path: Path) -> None:
    d = sha(b"never stored")
    assert not store.exists(d)
    for call in (store.size, store.open_verified, store.local_path):
        with pytest.raises(BlobNotFound):
            call(d)
    with pytest.raises(BlobNotFound):
        store.export(d, tmp_path / "out.bin")
    store.delete(d)  # absent: no error


def test_delete(store: LocalStore) -> None:
    d = store.put_bytes(b"to delete").digest
    store.delete(d)
    assert not store.exists(d)
    assert list(store.iter_digests()) == []


def test_export_round_trip_and_overwrite(store: LocalStore, tmp_path: Path) -> None:
    d = store.put_bytes(b"fresh content").digest
    dest = tmp_path / "out" / "copy.pdf"
    dest.parent.mkdir()
    dest.write_bytes(b"old")
    store.export(d, dest)
    assert dest.read_bytes() == b"fresh content"
    assert os.listdir(dest.parent) == ["copy.pdf"]


@pytest.mark.parametrize("damage", ["flip", "truncate", "append"])
def test_damaged_blob_is_never_served(store: LocalStore, tmp_path: Path, damage: str) -> None:
    data = os.urandom(200_000)
    d = store.put_bytes(data).digest
    path = store.blob_path(d)
    if damage == "flip":
        path.write_bytes(data[:1000] + bytes([data[1000] ^ 1]) + data[1001:])
    elif damage == "truncate":
        path.write_bytes(data[:-1])
    else:
        path.write_bytes(data + b"x")
    with pytest.raises(BlobCorrupt):
        store.open_verified(d)
    with pytest.raises(BlobCorrupt):
        store.local_path(d)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(BlobCorrupt):
        store.export(d, out / "new.bin")
    assert os.listdir(out) == []  # no dest, no temp
    (out / "kept.bin").write_bytes(b"previous export")
    with pytest.raises(BlobCorrupt):
        store.export(d, out / "kept.bin")
    assert (out / "kept.bin").read_bytes() == b"previous export"
    assert os.listdir(out) == ["kept.bin"]


@pytest.mark.parametrize("target", ["replace", "fsync"])
def test_disk_full_during_put_leaves_nothing(
    store: LocalStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    def fail(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, target, fail)
    with pytest.raises(StorageFull):
        store.put_bytes(b"will not fit")
    monkeypatch.undo()
    assert not store.exists(sha(b"will not fit"))
    assert list(store.iter_digests()) == []
    assert all_files(store.root) == []  # not even a temp file


def test_other_os_errors_become_store_unavailable(
    store: LocalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(StoreUnavailable, match="Input/output error") as info:
        store.put_bytes(b"x")
    assert str(store.root) in str(info.value)
    monkeypatch.undo()
    assert all_files(store.root) == []


def test_unreadable_source_names_the_file(store: LocalStore, tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match=r"nope\.pdf"):
        store.put_file(tmp_path / "nope.pdf")


def test_vanished_root_is_unavailable_not_missing(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "mnt" / "store")
    d = store.put_bytes(b"x").digest
    (tmp_path / "mnt").rename(tmp_path / "unmounted")
    with pytest.raises(StoreUnavailable, match="missing"):
        store.exists(d)
    with pytest.raises(StoreUnavailable):
        store.open_verified(d)
    with pytest.raises(StoreUnavailable):
        store.put_bytes(b"y")
    assert not (tmp_path / "mnt").exists()  # the store never re-creates a vanished root


CRASH_SCRIPT = """
import os, sys
from pathlib import Path
from content_store import LocalStore
store = LocalStore(Path(sys.argv[1]))
os.replace = lambda *a: os._exit(9)   # die like kill -9 just before the rename
store.put_bytes(b"half-written" * 1000)
"""


def test_crash_mid_write_leaves_only_a_temp_file(store: LocalStore) -> None:
    result = subprocess.run([sys.executable, "-c", CRASH_SCRIPT, str(store.root)], check=False)
    assert result.returncode == 9
    leftovers = all_files(store.root)
    assert len(leftovers) == 1 and leftovers[0].name.endswith(".part")
    assert not Digest.is_valid(leftovers[0].name)
    assert list(store.iter_digests()) == []
    assert store.cleanup_temp(older_than=3600) == 0  # fresh: maybe another writer's
    assert store.cleanup_temp() == 1
    assert all_files(store.root) == []
    assert store.put_bytes(b"half-written" * 1000).created


def test_iter_digests_ignores_foreign_files(store: LocalStore) -> None:
    d = store.put_bytes(b"real").digest
    (store.root / "README.txt").write_text("hi")
    (store.blob_path(d).parent / "notes.txt").write_text("x")
    other = sha(b"misfiled")
    (store.blob_path(d).parent / other).write_bytes(b"misfiled")  # wrong shard folder
    (store.root / ".tmp" / ("0" * 64)).write_bytes(b"")
    assert list(store.iter_digests()) == [d]
