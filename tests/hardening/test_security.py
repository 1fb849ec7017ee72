"""Service-layer security: what a seller's search may reveal, hidden fields, hostile names."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from enablement.errors import NotFound
from enablement.ingest import ImportOptions
from enablement.library import Library
from enablement.models import AssetVersion
from tests.enablement.factories import write_docx

from .helpers import make_file, marker

TAGS = (("situation", "Discovery"), ("segment", "Enterprise"))
PUBLISHED, DRAFT, ARCHIVED = 0, 5, 10  # file numbers; the markers tell them apart


@pytest.fixture
def shelves(open_as: Callable[[str], Library], tmp_path: Path) -> dict[str, object]:
    """A published, a draft and an archived asset sharing words, and two personal kits."""
    owner = open_as("olivia")
    ids = {}
    for n, options in ((PUBLISHED, ImportOptions(TAGS, True)), (DRAFT, ImportOptions(TAGS)),
                       (ARCHIVED, ImportOptions(TAGS, True))):
        [result] = owner.import_files([make_file(tmp_path, n)], options)
        ids[n] = result.asset_id
    owner.assets.archive(ids[ARCHIVED])
    owner.assets.update(ids[DRAFT], description="secret roadmap draftonlyword")
    kit = open_as("maria").collections.create("maria private kit zqkitword")
    return {"ids": ids, "kit": kit.id, "seller": open_as("sam"), "marketer": open_as("maria")}


HIDDEN_WORDS = (marker(DRAFT), marker(ARCHIVED), "draftonlyword")
QUERIES = st.one_of(
    st.sampled_from([*HIDDEN_WORDS, marker(PUBLISHED), "discovery", "docx", "pricing", "",
                     "status:draft", "status:archived", "owner:olivia", "id:2", "-status:published",
                     f"title:{marker(DRAFT)}", "zqkitword", "kit"]),
    st.lists(st.sampled_from([*HIDDEN_WORDS, "status:draft", "OR", "discovery", '"', "-"]),
             max_size=5).map(" ".join),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES, as_you_type=st.booleans())
def test_seller_search_never_reveals_hidden_assets(
    shelves: dict[str, object], query: str, as_you_type: bool
) -> None:
    seller = shelves["seller"]
    assert isinstance(seller, Library)
    visible = shelves["ids"][PUBLISHED]  # type: ignore[index]
    found = seller.search(query, as_you_type=as_you_type, log=False, limit=50)
    assert {h.asset_id for h in found.hits} <= {visible}
    assert found.total == len(found.hits)  # the total counts only what may be shown
    for counts in found.facets.values():
        assert all(n <= 1 for n in counts.values()), found.facets
    shown = " ".join([h.snippet + h.title for h in found.hits] + [found.suggestion or ""])
    assert not any(w in shown.lower() for w in HIDDEN_WORDS), shown


def test_query_syntax_cannot_target_hidden_fields(shelves: dict[str, object]) -> None:
    marketer = shelves["marketer"]
    assert isinstance(marketer, Library)
    ids = shelves["ids"]
    for field, value in (("status", "draft"), ("status", "archived"), ("owner", "olivia"),
                         ("id", str(ids[DRAFT]))):  # type: ignore[index]
        as_field = marketer.search(f"{field}:{value}", log=False)
        as_words = marketer.search(f"{field} {value}", log=False)
        # searched as plain words: no hits for these (nothing contains them), not a filter
        assert [h.asset_id for h in as_field.hits] == [h.asset_id for h in as_words.hits]
        assert as_field.total == 0, (field, value, as_field.hits)


def test_personal_kits_stay_personal(shelves: dict[str, object]) -> None:
    seller = shelves["seller"]
    assert isinstance(seller, Library)
    kit = shelves["kit"]
    assert all(k.id != kit for k in seller.collections.list())
    with pytest.raises(NotFound):
        seller.collections.get(kit)  # type: ignore[arg-type]
    assert seller.search("zqkitword", log=False).total == 0


HOSTILE_NAMES = ["../../escape.pdf", "/etc/passwd", "..\\..\\win.pdf", "a/b/../../c.pdf", "..",
                 ".", "", "-rf", "CON", "nul.txt", "\u202eexe.pdf", "x" * 400 + ".pdf",
                 "line\nbreak.pdf", ".bashrc"]


def test_hostile_stored_names_export_inside_the_folder(library: Library, tmp_path: Path) -> None:
    [result] = library.import_files([make_file(tmp_path, 3)])
    target = tmp_path / "deep" / "out"
    target.mkdir(parents=True)
    expected = (tmp_path / "f3.pdf").read_bytes()
    for name in HOSTILE_NAMES:
        with library.writer.begin() as session:
            session.execute(update(AssetVersion).values(filename=name))
        exported = library.assets.export(result.asset_id, target)  # type: ignore[arg-type]
        assert exported.resolve().parent == target.resolve(), name
        assert exported.read_bytes() == expected
    outside = {p for p in tmp_path.rglob("*") if target not in p.parents and p != target}
    assert not [p for p in outside if p.name in ("escape.pdf", "passwd", "win.pdf", "c.pdf")]
    assert len(list(target.iterdir())) == len(HOSTILE_NAMES)  # never overwritten


def test_zip_member_names_never_become_paths(library: Library, tmp_path: Path) -> None:
    source = write_docx(tmp_path / "base.docx", "Zip names", ["member names are data"])
    hostile = tmp_path / "hostile.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(hostile, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for name in ("../../zipescape.txt", "/tmp/zipescape-abs.txt", "word/../../../z.txt"):
            dst.writestr(name, b"escaped")
    [result] = library.import_files([hostile])
    assert result.status in ("imported", "failed")
    if result.status == "failed":
        assert "hostile.docx" in (result.reason or "")
    assert not list(tmp_path.parent.rglob("zipescape*"))
    assert not Path("/tmp/zipescape-abs.txt").exists()
    assert not list(library.settings.home.rglob("z.txt"))
