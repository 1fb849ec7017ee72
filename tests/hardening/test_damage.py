"""Damaged index and damaged blobs: the library opens, heals what is derived, reports the rest."""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from enablement.errors import StorageProblem
from enablement.ingest import ImportOptions
from enablement.library import Library

from .helpers import make_file, marker

TAGS = (("situation", "Discovery"), ("segment", "Enterprise"))
QUERIES = ("discovery", "pricing", "closing steps", "page", "zxbaq OR zxcaq", "")


def fill(library: Library, folder: Path, count: int = 8) -> list[int]:
    files = [make_file(folder, n) for n in range(count)]
    results = library.import_files(files, ImportOptions(TAGS, publish=True))
    assert all(r.status == "imported" for r in results)
    return [r.asset_id for r in results if r.asset_id]


def answers(library: Library) -> dict[str, tuple[int, list[int]]]:
    out = {}
    for query in QUERIES:
        found = library.search(query, log=False, limit=50)
        out[query] = (found.total, [h.asset_id for h in found.hits])
    return out


def close(library: Library) -> None:
    library.close()
    library.index.close()


def whoosh_files(home: Path) -> list[Path]:
    return sorted(p for p in (home / "index" / "whoosh").iterdir() if p.is_file())


def truncate_segments(home: Path) -> None:
    for path in whoosh_files(home):
        if path.suffix in (".seg", ".trm", ".pst", ".dcz", ".fdt", ".vps"):
            os.truncate(path, path.stat().st_size // 2)


def garble(home: Path, pick: Callable[[list[Path]], list[Path]]) -> None:
    rng = random.Random(7)
    for path in pick(whoosh_files(home)):
        if path.stat().st_size == 0:
            continue
        data = bytearray(path.read_bytes())
        for _ in range(max(1, len(data) // 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "deleted": lambda home: shutil.rmtree(home / "index"),
    "emptied": lambda home: [p.unlink() for p in whoosh_files(home)] and None,
    "truncated": truncate_segments,
    "garbled-segments": lambda home: garble(
        home, lambda fs: [f for f in fs if ".toc" not in f.name]
    ),
    "garbled-toc": lambda home: garble(home, lambda fs: [f for f in fs if ".toc" in f.name]),
    "stale-lock": lambda home: (home / "index" / "whoosh" / "enablement_WRITELOCK").write_text(
        "12345"
    ),
    "garbled-cursor": lambda home: (home / "index" / "catalogue-seq").write_text("\x00garbage"),
    "cursor-ahead": lambda home: (home / "index" / "catalogue-seq").write_text("999999"),
    "sentinel-gone": lambda home: (home / "index" / "whoosh" / "enablement-search.json").unlink(),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_index_is_rebuilt_with_the_same_answers(
    damage: str, open_as: Callable[[str], Library], library_home: Path, tmp_path: Path
) -> None:
    library = open_as("olivia")
    fill(library, tmp_path)
    before = answers(library)
    assert before["discovery"][0] > 0
    close(library)

    DAMAGE[damage](library_home)
    reopened = open_as("olivia")  # must open, whatever the index looks like
    reopened.catch_up_index()
    assert answers(reopened) == before
    assert reopened.verify() == []
    # and it keeps working: a new file is found right after its import
    [result] = reopened.import_files([make_file(tmp_path, 99)])
    assert [h.asset_id for h in reopened.search(marker(99), log=False).hits] == [result.asset_id]
    assert reopened.verify() == []


def test_every_blob_problem_is_reported_and_never_exported(
    library: Library, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    ids = fill(library, tmp_path / "in", count=5)
    digests = {a: library.assets.get(a).current.digest for a in ids}  # type: ignore[union-attr]
    tampered, truncated, deleted, healthy = ids[0], ids[1], ids[2], ids[3]
    path = library.store.blob_path(digests[tampered])  # type: ignore[attr-defined]
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    path = library.store.blob_path(digests[truncated])  # type: ignore[attr-defined]
    os.truncate(path, path.stat().st_size - 1)
    library.store.blob_path(digests[deleted]).unlink()  # type: ignore[attr-defined]
    stray = library.store.put_bytes(b"nobody imported this").digest

    problems = {(p["kind"], p["asset_id"]) for p in library.verify()}
    assert problems == {
        ("blob-corrupt", tampered),
        ("blob-corrupt", truncated),
        ("blob-missing", deleted),
        ("blob-orphaned", None),
    }
    [orphan] = [p for p in library.verify() if p["kind"] == "blob-orphaned"]
    assert stray in str(orphan["detail"])  # named, so it can be found and removed

    target = tmp_path / "out"
    target.mkdir()
    for asset_id in (tampered, truncated, deleted):
        title = library.assets.get(asset_id).title
        with pytest.raises(StorageProblem, match="could not be exported") as raised:
            library.assets.export(asset_id, target)
        assert title in raised.value.message
        with pytest.raises(StorageProblem):
            library.assets.file_path(asset_id)
        assert list(target.iterdir()) == []  # nothing damaged, nothing half-written
    exported = library.assets.export(healthy, target)
    assert exported.parent == target and exported.stat().st_size > 0
    assert library.search("discovery", log=False).total > 0  # the library still works
