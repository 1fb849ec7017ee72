"""The whole role × action matrix, exercised through the real services."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from enablement.backup import backup
from enablement.errors import NotFound, PermissionDenied
from enablement.extraction import ExtractionPool
from enablement.ingest import ImportOptions
from enablement.library import Library, open_library
from enablement.permissions import ALLOWED, Action
from enablement.reports import ReportFilters
from enablement.verification import delete_orphans

from .conftest import MARKETER, OWNER, SELLER, settings_for
from .factories import write_docx

TAGS = (("situation", "Discovery"), ("segment", "Enterprise"))


@pytest.fixture(scope="module")
def world_template(
    template_home: Path, tmp_path_factory: pytest.TempPathFactory, extraction_pool: ExtractionPool
) -> tuple[Path, dict[str, int]]:
    """One library with the assets and request the scenarios act on, built once."""
    home = tmp_path_factory.mktemp("world") / "library"
    shutil.copytree(template_home, home)
    files_dir = home.parent / "files"
    files_dir.mkdir()
    owner = open_library(settings_for(home, OWNER), pool=extraction_pool)
    owner.users.add("sid", "seller")
    files = [
        write_docx(files_dir / f"{name}.docx", name, [f"{name} text about pricing"])
        for name in ("published", "draft", "to-archive", "to-publish")
    ]
    results = owner.import_files(files[:1] + files[2:3], ImportOptions(tags=TAGS, publish=True))
    drafts = owner.import_files(files[1:2] + files[3:], ImportOptions(tags=TAGS))
    request = owner.as_user("sid").requests.create("A battlecard against Contoso")
    owner.close()
    owner.index.close()
    owner.engine.dispose()
    return home, {
        "published": results[0].asset_id or 0,
        "to_archive": results[1].asset_id or 0,
        "draft": drafts[0].asset_id or 0,
        "to_publish": drafts[1].asset_id or 0,
        "request": request.id,
    }


@pytest.fixture
def world(world_template: tuple[Path, dict[str, int]], library_home: Path) -> dict[str, int]:
    """Each test acts on its own copy of the world library."""
    source, ids = world_template
    shutil.rmtree(library_home)
    shutil.copytree(source, library_home)
    return ids


Scenario = Callable[[Library, dict[str, int], Path], object]

SCENARIOS: dict[Action, Scenario] = {
    Action.SEARCH: lambda lib, w, tmp: lib.search("pricing"),
    Action.VIEW_ASSET: lambda lib, w, tmp: lib.assets.get(w["published"]),
    Action.SEE_UNPUBLISHED: lambda lib, w, tmp: lib.assets.get(w["draft"]),
    Action.RATE: lambda lib, w, tmp: lib.ratings.rate(w["published"], 4),
    Action.REQUEST_MATERIAL: lambda lib, w, tmp: lib.requests.create("ROI worksheet"),
    Action.VOTE_REQUEST: lambda lib, w, tmp: lib.requests.vote(w["request"]),
    Action.MANAGE_OWN_COLLECTIONS: lambda lib, w, tmp: lib.collections.create("My kit"),
    Action.IMPORT: lambda lib, w, tmp: lib.import_files(
        [write_docx(tmp / "new.docx", "New", ["fresh text"])]
    ),
    Action.EDIT_ASSET: lambda lib, w, tmp: lib.assets.update(w["published"], description="x"),
    Action.PUBLISH: lambda lib, w, tmp: lib.assets.publish(w["to_publish"]),
    Action.ARCHIVE: lambda lib, w, tmp: lib.assets.archive(w["to_archive"]),
    Action.MANAGE_TAXONOMY: lambda lib, w, tmp: lib.taxonomy.add_tag("product", "Flow"),
    Action.WORK_REQUESTS: lambda lib, w, tmp: lib.requests.assign(w["request"]),
    Action.MANAGE_USERS: lambda lib, w, tmp: lib.users.add("newcomer", "seller"),
    Action.VERIFY: lambda lib, w, tmp: lib.verify(),
    Action.REINDEX: lambda lib, w, tmp: lib.reindex(),
    Action.BACKUP: lambda lib, w, tmp: backup(lib, tmp / "backup"),
    Action.CLEAN_STORE: lambda lib, w, tmp: delete_orphans(lib),
    Action.VIEW_REPORTS: lambda lib, w, tmp: lib.reports.run("usage", ReportFilters()),
}


def test_every_action_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(Action)


@pytest.mark.parametrize("role_user", [SELLER, MARKETER, OWNER])
@pytest.mark.parametrize("action", sorted(SCENARIOS, key=str))
def test_role_action_matrix(
    action: Action,
    role_user: str,
    world: dict[str, int],
    open_as: Callable[[str], Library],
    tmp_path: Path,
) -> None:
    lib = open_as(role_user)
    allowed = action in ALLOWED[lib.actor.role]
    if allowed:
        SCENARIOS[action](lib, world, tmp_path)
    else:
        # Hidden things are reported as absent rather than forbidden, so a
        # seller cannot even learn that a draft exists.
        with pytest.raises((PermissionDenied, NotFound)):
            SCENARIOS[action](lib, world, tmp_path)
