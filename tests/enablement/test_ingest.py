"""Importing files: outcomes, dedupe, versions, and nothing left by failures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from enablement.ingest import ImportOptions
from enablement.library import Library
from enablement.models import Asset, AssetVersion, PageText

from .conftest import OWNER
from .factories import write_docx, write_pdf, write_pptx

TAGS = (("situation", "Discovery"), ("segment", "Enterprise"))


def count(library: Library, model: type) -> int:
    with library.reader() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_each_file_ends_imported_duplicate_or_failed(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    (folder / "nested").mkdir(parents=True)
    write_pdf(folder / "pricing.pdf", ["Pricing overview", "Discount rules for enterprise"])
    write_docx(folder / "nested" / "case.docx", "Healthcare case study", ["Cut costs by 30%"])
    write_pptx(folder / "deck.pptx", "Pitch deck", ["Why now. Market shift", "Our approach"])
    (folder / "copy-of-pricing.pdf").write_bytes((folder / "pricing.pdf").read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage that is no PDF")

    results = library.import_files([folder])

    by_name = {r.name: r for r in results}
    assert {r.status for r in results} == {"imported", "duplicate", "failed"}
    assert by_name["case.docx"].status == "imported"
    assert by_name["case.docx"].title == "Healthcare case study"
    assert by_name["deck.pptx"].status == "imported"
    duplicate = (
        by_name["copy-of-pricing.pdf"]
        if by_name["copy-of-pricing.pdf"].status == "duplicate"
        else by_name["pricing.pdf"]
    )
    assert duplicate.status == "duplicate" and "pricing.pdf" in (duplicate.reason or "")
    failed = by_name["broken.pdf"]
    assert failed.status == "failed" and "broken.pdf" in (failed.reason or "")
    assert count(library, Asset) == 3
    assert count(library, AssetVersion) == 3
    assert len(list(library.store.iter_digests())) == 3


def test_pages_are_stored_per_page(library: Library, tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "p.pdf", ["first page words", "second page pricing", "third"])
    [result] = library.import_files([pdf])
    with library.reader() as session:
        pages = session.execute(
            select(PageText.page_number, PageText.text).order_by(PageText.page_number)
        ).all()
    assert [n for n, _ in pages] == [1, 2, 3]
    assert "pricing" in pages[1][1]
    assert result.asset_id is not None


def test_a_duplicate_of_a_stored_asset_names_it(library: Library, tmp_path: Path) -> None:
    original = write_docx(tmp_path / "a.docx", "Battlecard Contoso", ["win against Contoso"])
    [first] = library.import_files([original])
    copy = tmp_path / "renamed.docx"
    copy.write_bytes(original.read_bytes())
    [second] = library.import_files([copy])
    assert second.status == "duplicate"
    assert second.asset_id == first.asset_id
    assert "Battlecard Contoso" in (second.reason or "")


def test_failed_file_leaves_no_row_and_no_blob(library: Library, tmp_path: Path) -> None:
    bad = tmp_path / "locked.docx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    [result] = library.import_files([bad])
    assert result.status == "failed"
    assert "locked.docx" in (result.reason or "")
    assert count(library, Asset) == 0
    assert list(library.store.iter_digests()) == []
    assert library.index.indexed_ids() == set()


def test_replace_adds_a_version(library: Library, tmp_path: Path) -> None:
    v1 = write_docx(tmp_path / "v1.docx", "Price list", ["2025 prices"])
    v2 = write_docx(tmp_path / "v2.docx", "Price list", ["2026 prices, new tiers"])
    [first] = library.import_files([v1], ImportOptions(tags=TAGS, publish=True))
    assert first.asset_id is not None
    [second] = library.import_files([v2], ImportOptions(replace=first.asset_id, change_note="2026"))
    assert second.status == "imported" and second.asset_id == first.asset_id
    info = library.assets.get(first.asset_id)
    assert [v.number for v in info.versions] == [1, 2]
    assert info.versions[-1].change_note == "2026"
    assert library.search("tiers", log=False).hits[0].asset_id == first.asset_id


def test_publish_requires_situation_and_segment(library: Library, tmp_path: Path) -> None:
    doc = write_docx(tmp_path / "x.docx", "Untagged", ["some text"])
    [result] = library.import_files([doc], ImportOptions(publish=True))
    assert result.status == "imported"
    assert any("situation" in w and "segment" in w for w in result.warnings)
    assert result.asset_id is not None
    assert library.assets.get(result.asset_id).status == "draft"


def test_tags_apply_on_import(open_as: Callable[[str], Library], tmp_path: Path) -> None:
    library = open_as(OWNER)
    doc = write_docx(tmp_path / "x.docx", "ROI worksheet", ["payback in 7 months"])
    [result] = library.import_files([doc], ImportOptions(tags=TAGS, publish=True))
    assert result.asset_id is not None
    info = library.assets.get(result.asset_id)
    assert info.status == "published"
    assert info.tags == {"situation": ("Discovery",), "segment": ("Enterprise",)}
