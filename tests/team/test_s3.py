"""Team mode with object storage: marketers write the bucket, sellers only read it.

SeaweedFS on loopback stands in for S3; its identities mirror the bucket
policy in docs/team.md: a read-write key for marketing, a read-only key for
sellers. Each client keeps its own verified download cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from content_store import StoreError
from enablement.ingest import ImportOptions
from tests.content_store.seaweed import SeaweedS3, seaweed_with_bucket

from .conftest import TAGS, Opener

pytestmark = [pytest.mark.postgres, pytest.mark.s3]
BUCKET = "enablement-team"


@pytest.fixture(scope="module")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedS3]:
    yield from seaweed_with_bucket(tmp_path_factory.mktemp("seaweed"), BUCKET)


def use_credentials(monkeypatch: pytest.MonkeyPatch, server: SeaweedS3, *, read_only: bool) -> None:
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    for name, value in server.env(read_only=read_only).items():
        monkeypatch.setenv(name, value)


def test_marketer_imports_to_the_bucket_and_seller_previews_and_exports(
    team_open: Opener, seaweed: SeaweedS3, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store_url = f"s3://{BUCKET}/library"
    use_credentials(monkeypatch, seaweed, read_only=False)
    maria = team_open("maria", store_url=store_url)
    source = tmp_path / "battlecard.txt"
    source.write_text("Battlecard against Contoso for enterprise discovery calls. s3word")
    [result] = maria.import_files([source], ImportOptions(tags=TAGS, publish=True))
    assert result.status == "imported", result.reason
    asset_id = result.asset_id or 0

    use_credentials(monkeypatch, seaweed, read_only=True)
    sam = team_open("sam", store_url=store_url)
    assert [h.asset_id for h in sam.search("s3word").hits] == [asset_id]
    preview = sam.assets.file_path(asset_id)
    assert preview.read_bytes() == source.read_bytes()
    assert sam.settings.cache_dir in preview.parents  # the seller's own cache
    (tmp_path / "out").mkdir()
    exported = sam.assets.export(asset_id, tmp_path / "out")
    assert exported.read_bytes() == source.read_bytes()
    with pytest.raises(StoreError, match=r"read-only|denied"):
        sam.store.put_bytes(b"a seller cannot upload")
