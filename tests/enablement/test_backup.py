"""Backup and restore round trip, verified clean afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from enablement.backup import backup, restore
from enablement.errors import InvalidInput
from enablement.ingest import ImportOptions
from enablement.library import Library, open_library

from .conftest import settings_for
from .factories import write_docx, write_pdf

TAGS = (("situation", "Closing"), ("segment", "SMB"))


def test_round_trip(library: Library, tmp_path: Path) -> None:
    files = [
        write_pdf(tmp_path / "a.pdf", ["closing checklist", "signature steps"]),
        write_docx(tmp_path / "b.docx", "Mutual action plan", ["dates and owners"]),
    ]
    library.import_files(files, ImportOptions(tags=TAGS, publish=True))
    library.ratings.rate(1, 5, comment="closed a deal with it")
    summary = backup(library, tmp_path / "backup")
    assert summary.blobs == 2

    home = tmp_path / "restored"
    restore(tmp_path / "backup", home)
    restored = open_library(settings_for(home), pool=library.pool)
    try:
        assert restored.verify() == []
        titles = sorted(a.title for a in restored.assets.list())
        assert titles == ["Mutual action plan", "a"]
        assert restored.search("signature", log=False).hits[0].pages == (2,)
        assert restored.assets.get(1).rating == 5.0
    finally:
        restored.close()
        restored.index.close()
        restored.engine.dispose()


def test_restore_refuses_to_overwrite(library: Library, tmp_path: Path) -> None:
    backup(library, tmp_path / "backup")
    with pytest.raises(InvalidInput, match="already holds a library"):
        restore(tmp_path / "backup", library.settings.home)
    with pytest.raises(InvalidInput, match="not empty"):
        backup(library, tmp_path / "backup")
