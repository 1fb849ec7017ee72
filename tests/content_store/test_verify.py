from __future__ import annotations

from pathlib import Path

import pytest

from content_store import LocalStore, StoreUnavailable, VerifyProblem, verify


def test_verify_reports_missing_corrupt_and_orphaned(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s")
    good = store.put_bytes(b"good").digest
    bad = store.put_bytes(b"will rot").digest
    orphan = store.put_bytes(b"nobody wants me").digest
    gone = store.put_bytes(b"will vanish").digest
    store.blob_path(bad).write_bytes(b"will rut")
    store.blob_path(gone).unlink()
    seen: list[tuple[int, int]] = []

    problems = verify(store, [good, bad, gone, good], progress=lambda *a: seen.append(a))

    assert [(p.kind, p.digest) for p in problems] == [
        ("corrupt", bad),
        ("missing", gone),
        ("orphaned", orphan),
    ]
    assert all(isinstance(p, VerifyProblem) and p.detail for p in problems)
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_verify_clean_store(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s")
    digests = [store.put_bytes(bytes([i]) * 100).digest for i in range(5)]
    assert verify(store, digests) == []


def test_verify_unreachable_store_raises(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s")
    d = store.put_bytes(b"x").digest
    (tmp_path / "s").rename(tmp_path / "elsewhere")
    with pytest.raises(StoreUnavailable):
        verify(store, [d])
