"""The index is derived: a damaged or missing one is rebuilt, in the background too."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from enablement.cli import main
from enablement.ingest import ImportOptions
from enablement.library import Library

from .conftest import OWNER
from .factories import write_docx

TAGS = (("situation", "Discovery"), ("segment", "SMB"))


def damage_index(library: Library) -> Path:
    index_dir = library.settings.index_dir
    library.index.close()
    library.engine.dispose()
    shutil.rmtree(index_dir)
    return index_dir


def test_background_catch_up_rebuilds_a_lost_index(
    open_as: Callable[[str], Library], tmp_path: Path
) -> None:
    first = open_as(OWNER)
    docs = [
        write_docx(tmp_path / f"d{n}.docx", f"Battlecard {n}", [f"rival{n} pricing"])
        for n in range(5)
    ]
    first.import_files(docs, ImportOptions(tags=TAGS, publish=True))
    damage_index(first)

    library = open_as(OWNER)
    assert library.index.needs_rebuild
    waiting = library.search("pricing", log=False)
    assert waiting.message and "rebuild" in waiting.message
    seen: list[tuple[int, int]] = []
    thread = library.catch_up_in_background(lambda done, total: seen.append((done, total)))
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert seen and seen[-1][0] == seen[-1][1] == 5
    after = library.search("rival3", log=False)
    assert after.message is None
    assert [h.title for h in after.hits] == ["Battlecard 3"]


def test_every_command_reconciles_the_index_first(
    library_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = write_docx(tmp_path / "a.docx", "Objection guide", ["too expensive answers"])
    assert main(["--library", str(library_home), "--as", OWNER, "import", str(doc)]) == 0
    shutil.rmtree(library_home / "index")
    capsys.readouterr()
    assert (
        main(["--library", str(library_home), "--as", OWNER, "search", "expensive", "--json"]) == 0
    )
    out = capsys.readouterr().out
    assert '"total": 1' in out and "rebuilding" not in out


def test_a_change_made_during_a_rebuild_does_not_wait_for_it(
    open_as: Callable[[str], Library], tmp_path: Path
) -> None:
    import threading

    first = open_as(OWNER)
    docs = [write_docx(tmp_path / f"g{n}.docx", f"Guide {n}", ["renewal terms"]) for n in range(3)]
    ids = [r.asset_id for r in first.import_files(docs, ImportOptions(tags=TAGS, publish=True))]
    damage_index(first)
    library = open_as(OWNER)
    held, release = threading.Event(), threading.Event()

    def hold(done: int, total: int) -> None:
        held.set()
        release.wait(60)

    rebuild = library.catch_up_in_background(hold)
    try:
        assert held.wait(60)
        rating = threading.Thread(target=lambda: library.ratings.rate(ids[0], 5))
        rating.start()
        rating.join(30)
        assert not rating.is_alive()  # saved while the rebuild is still held
    finally:
        release.set()
        rebuild.join(60)
    assert not rebuild.is_alive()
    hit = next(h for h in library.search("renewal", log=False).hits if h.asset_id == ids[0])
    assert hit.rating == 5  # the rebuild's closing sync read the rating
