"""Integrity check of a store against the list of blobs the catalogue expects.

The catalogue (the database) is the source of truth, so the store is checked
against it: every expected blob is re-hashed (``missing`` or ``corrupt`` when
it fails), and every stored blob nobody expects is ``orphaned`` (safe to
delete after a backup). A store that cannot be reached raises
StoreUnavailable instead of reporting everything missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from content_store.errors import BlobCorrupt, BlobNotFound
from content_store.hashing import Digest
from content_store.protocol import ContentStore

ProblemKind = Literal["missing", "corrupt", "orphaned"]


@dataclass(frozen=True)
class VerifyProblem:
    kind: ProblemKind
    digest: Digest
    detail: str


def verify(
    store: ContentStore,
    expected: Iterable[Digest],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> list[VerifyProblem]:
    """Re-hash every expected blob and list what is missing, corrupt or orphaned.

    ``progress(done, total)`` is called after each expected blob; raise from it
    to cancel. Problems come in the order of ``expected``, orphans last, sorted.
    """
    wanted = list(dict.fromkeys(Digest.parse(d) for d in expected))
    problems: list[VerifyProblem] = []
    for done, digest in enumerate(wanted, start=1):
        problem = _check(store, digest)
        if problem is not None:
            problems.append(problem)
        if progress is not None:
            progress(done, len(wanted))
    known = set(wanted)
    for digest in sorted(set(store.iter_digests()) - known):
        problems.append(VerifyProblem("orphaned", digest, "stored but not expected"))
    return problems


def _check(store: ContentStore, digest: Digest) -> VerifyProblem | None:
    try:
        with store.open_verified(digest):
            return None
    except BlobNotFound:
        return VerifyProblem("missing", digest, f"not in {store.url}")
    except BlobCorrupt as exc:
        return VerifyProblem("corrupt", digest, exc.detail)
