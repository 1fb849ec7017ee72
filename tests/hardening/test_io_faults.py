"""The k-th write, fsync, rename or database statement of an import fails, for every k.

Each time the person gets one clear message (the import result's reason or an
EnablementError), never a traceback, and the library stays consistent: no
orphan rows, no blob without a row (temp files aside), verify clean, and the
same file imports afterwards. Writes are failed where the OS sees them (see
faults.py); the several hundred write() calls Whoosh makes into its buffers
("index-call") are failed at every fifth call here and at every one in
bench/reliability.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from enablement.library import Library

from .faults import ERRNOS, INDEX_CALL_STRIDE, KINDS, fault_campaign


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_every_failing_operation_of_an_import(kind: str, library: Library, tmp_path: Path) -> None:
    stride = INDEX_CALL_STRIDE if kind == "index-call" else 1
    stats = fault_campaign(library, tmp_path, kind, first=1000 * KINDS.index(kind), stride=stride)
    assert stats.problems == []
    assert stats.fired >= len(ERRNOS)  # every kind of operation happens in an import
    # Each errno's run stopped only at the first k beyond the import's last operation.
    assert stats.tried - stats.fired == len(ERRNOS)
