"""A real disk-full run: the library lives on a tiny tmpfs that fills up mid-import."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from enablement.extraction import ExtractionPool
from enablement.library import open_library
from tests.enablement.conftest import settings_for

SIZE = "8m"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"a real disk-full run needs permission to mount a tmpfs: {mounted.stderr}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_filling_the_disk_fails_files_clearly_and_keeps_the_library(
    small_disk: Path, tmp_path: Path, template_home: Path, extraction_pool: ExtractionPool
) -> None:
    home = small_disk / "library"
    shutil.copytree(template_home, home)
    sources = tmp_path / "sources"
    sources.mkdir()
    rng = random.Random(7)
    for n in range(24):
        (sources / f"brochure-{n:02}.bin").write_bytes(rng.randbytes(600_000))

    library = open_library(settings_for(home), pool=extraction_pool)
    try:
        results = library.import_files([sources])
        statuses = [r.status for r in results]
        assert len(results) == 24
        assert "imported" in statuses and "failed" in statuses
        for result in results:
            if result.status == "failed":
                reason = (result.reason or "").lower()
                assert result.name in (result.reason or "")
                assert "full" in reason or "space" in reason, result.reason
        imported = [r for r in results if r.status == "imported"]
    finally:
        library.close()
        library.index.close()
        library.engine.dispose()

    reopened = open_library(settings_for(home), pool=extraction_pool)
    try:
        assert reopened.verify() == []
        assert len(reopened.assets.list()) == len(imported)
        for result in imported:
            assert result.asset_id is not None
            assert os.path.getsize(reopened.assets.file_path(result.asset_id)) == 600_000
    finally:
        reopened.close()
        reopened.index.close()
        reopened.engine.dispose()
