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


def test_after_a_cancelled_rebuild_a_change_does_not_rebuild_on_the_spot(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [write_docx(tmp_path / f"c{n}.docx", f"Card {n}", ["churn signals"]) for n in range(3)]
    ids = [r.asset_id for r in library.import_files(docs, ImportOptions(tags=TAGS, publish=True))]
    library.reindex(cancelled=lambda: True)
    assert library.index.needs_rebuild and library.indexer.interrupted
    rebuilds: list[object] = []
    real = library.indexer.rebuild
    monkeypatch.setattr(
        library.indexer, "rebuild", lambda *a, **k: rebuilds.append(a) or real(*a, **k)
    )

    library.ratings.rate(ids[0], 4)  # the desktop's worker must not rebuild for this

    assert rebuilds == []
    assert "rebuild" in (library.search("churn", log=False).message or "")
    library.catch_up_index()  # what the next start does
    assert len(rebuilds) == 1 and not library.indexer.interrupted
    hit = next(h for h in library.search("churn", log=False).hits if h.asset_id == ids[0])
    assert hit.rating == 4


def test_a_catch_up_that_waited_for_a_rebuild_does_not_rebuild_again(
    open_as: Callable[[str], Library], tmp_path: Path
) -> None:
    import threading

    first = open_as(OWNER)
    docs = [write_docx(tmp_path / f"w{n}.docx", f"Sheet {n}", ["uptime terms"]) for n in range(3)]
    first.import_files(docs, ImportOptions(tags=TAGS, publish=True))
    damage_index(first)
    library = open_as(OWNER)
    held, release = threading.Event(), threading.Event()
    builds: list[int] = []
    real = library.index.rebuild

    def counted(*args: object, **kwargs: object) -> object:
        builds.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    library.index.rebuild = counted  # type: ignore[method-assign]

    def hold_once() -> bool:  # the first rebuild stops mid-way, the index still part-built
        if not held.is_set():
            held.set()
            release.wait(60)
        return False

    library.catch_up_cancelled = hold_once
    first_rebuild = library.catch_up_in_background()
    assert held.wait(60)
    waiting = threading.Thread(target=library.catch_up_index)  # a sync round meanwhile
    waiting.start()
    waiting.join(0.5)
    assert waiting.is_alive() and library.index.needs_rebuild  # it waits for the index lock
    release.set()
    first_rebuild.join(60)
    waiting.join(60)
    assert not waiting.is_alive()
    assert builds == [1]
    assert library.search("uptime", log=False).total == 3


def test_verify_during_a_rebuild_says_so_instead_of_waiting(
    open_as: Callable[[str], Library], tmp_path: Path
) -> None:
    import threading

    first = open_as(OWNER)
    doc = write_docx(tmp_path / "v.docx", "Sheet", ["uptime terms"])
    first.import_files([doc], ImportOptions(tags=TAGS, publish=True))
    damage_index(first)
    library = open_as(OWNER)
    held, release = threading.Event(), threading.Event()

    def hold(done: int, total: int) -> None:
        held.set()
        release.wait(60)

    rebuild = library.catch_up_in_background(hold)
    try:
        assert held.wait(60)
        answers: list[list[dict[str, object]]] = []
        check = threading.Thread(target=lambda: answers.append(library.verify()))
        check.start()
        check.join(30)
        assert not check.is_alive()  # answered while the rebuild is still held
        assert [p["kind"] for p in answers[0]] == ["index-rebuilding"]
    finally:
        release.set()
        rebuild.join(60)
    assert library.verify() == []
