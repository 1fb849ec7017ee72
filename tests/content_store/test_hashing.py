from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from content_store import Digest, hash_file
from content_store.hashing import CHUNK_SIZE


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE, CHUNK_SIZE * 2 + 12345])
def test_hash_file_matches_hashlib(tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    assert hash_file(path) == (hashlib.sha256(data).hexdigest(), size)


def test_digest_parse_accepts_hex_and_lowercases() -> None:
    upper = "AB" * 32
    d = Digest.parse(upper)
    assert d == "ab" * 32
    assert isinstance(d, Digest)


@pytest.mark.parametrize(
    "bad", ["", "ab" * 31, "ab" * 33, "g" * 64, "ab" * 32 + "\n", " " + "ab" * 31 + "a", "../" * 21]
)
def test_digest_parse_rejects_non_digests(bad: str) -> None:
    with pytest.raises(ValueError):
        Digest.parse(bad)


def test_digest_constructor_validates_too() -> None:
    with pytest.raises(ValueError):
        Digest("AB" * 32)  # only parse() normalises case
    with pytest.raises(ValueError):
        Digest("not a digest")
