"""Fixtures for content_store tests: a real SeaweedFS S3 server for the session."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.content_store.seaweed import SeaweedS3, seaweed_with_bucket

BUCKET = "content-store-tests"
_prefixes = itertools.count()


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedS3]:
    yield from seaweed_with_bucket(tmp_path_factory.mktemp("seaweed"), BUCKET)


@pytest.fixture
def s3_env(seaweed: SeaweedS3, monkeypatch: pytest.MonkeyPatch) -> SeaweedS3:
    """Point boto3 at the test server with read-write credentials."""
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    for name, value in seaweed.env().items():
        monkeypatch.setenv(name, value)
    return seaweed


@pytest.fixture
def s3_url(s3_env: SeaweedS3) -> str:
    """A fresh, empty store location (its own prefix) in the test bucket."""
    return f"s3://{BUCKET}/test-{next(_prefixes)}/blobs"


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"
