"""Tag synonyms: who may set them, how they are cleaned, and how they widen search."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from enablement.errors import PermissionDenied
from enablement.ingest import ImportOptions
from enablement.library import Library
from enablement.services import synonyms


def _import_text(
    lib: Library, folder: Path, name: str, text: str, tags: list[tuple[str, str]]
) -> int:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    [result] = lib.import_files([path], ImportOptions(tags=tuple(tags), publish=True))
    assert result.asset_id is not None, result
    return result.asset_id


@pytest.fixture
def remote_work(library: Library, tmp_path: Path) -> tuple[int, int]:
    library.taxonomy.add_tag("product", "Remote work")
    tagged = _import_text(
        library, tmp_path, "hybrid.txt", "Hybrid teams: a playbook for distributed offices.",
        [("situation", "Discovery"), ("segment", "SMB"), ("product", "Remote work")],
    )  # fmt: skip
    mentioned = _import_text(
        library, tmp_path, "faq.txt", "Questions about remote work policies answered.",
        [("situation", "Closing"), ("segment", "SMB")],
    )  # fmt: skip
    return tagged, mentioned


def test_set_synonyms_cleans_lines_and_needs_taxonomy_rights(
    library: Library, open_as: Callable[[str], Library], remote_work: tuple[int, int]
) -> None:
    detail = library.write(
        synonyms.set_synonyms, "product", "Remote work",
        ["  WFH ", "", "wfh", "remote  work", "Working from home"],
    )  # fmt: skip
    assert detail.synonyms == ("WFH", "Working from home")
    assert detail.usage == 1
    listed = {t.label: t for t in library.read(synonyms.list_tags)}
    assert listed["Remote work"].synonyms == ("WFH", "Working from home")
    with pytest.raises(PermissionDenied):
        open_as("sam").write(synonyms.set_synonyms, "product", "Remote work", ["x"])
    with pytest.raises(PermissionDenied):
        open_as("sam").read(synonyms.list_tags)


def test_expand_adds_label_and_synonyms_only_for_named_tags(
    library: Library, remote_work: tuple[int, int]
) -> None:
    library.write(synonyms.set_synonyms, "product", "Remote work", ["WFH", "home office"])

    def expand(text: str) -> str:
        return library.read(lambda session, _actor: synonyms.expand(session, text))

    assert expand("WFH deck") == "remote work home office WFH deck"
    assert expand("Home Office") == "remote work wfh Home Office"
    assert expand("pricing") == "pricing"
    assert expand("-WFH pricing") == "-WFH pricing"
    assert expand("product:WFH") == "product:WFH"
    assert expand("homeoffice") == "homeoffice"  # whole words only


def test_seller_typing_a_synonym_finds_tagged_and_mentioning_assets(
    library: Library, open_as: Callable[[str], Library], remote_work: tuple[int, int]
) -> None:
    tagged, mentioned = remote_work
    seller = open_as("sam")
    assert seller.search("WFH", log=False).total == 0
    library.write(synonyms.set_synonyms, "product", "Remote work", ["WFH"])
    found = seller.search("WFH", log=True)
    assert {h.asset_id for h in found.hits} == {tagged, mentioned}
    assert found.query == "WFH"
    typing = seller.search("WFH", as_you_type=True, log=False)
    assert {h.asset_id for h in typing.hits} == {tagged, mentioned}


def test_merged_tag_label_becomes_a_synonym(
    library: Library, open_as: Callable[[str], Library], remote_work: tuple[int, int]
) -> None:
    library.taxonomy.add_tag("product", "Telework")
    library.taxonomy.merge_tags("product", "Telework", "Remote work")
    found = open_as("sam").search("telework", log=False)
    assert remote_work[0] in {h.asset_id for h in found.hits}
