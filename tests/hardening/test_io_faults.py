"""The k-th write, fsync, rename or database statement of an import fails, for every k.

Each time the person gets one clear message (the import result's reason or an
EnablementError), never a traceback, and the library stays consistent: no
orphan rows, no blob without a row (temp files aside), verify clean, and the
same file imports afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from enablement.library import Library

from .faults import ERRNOS, KINDS, fault_campaign


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_every_failing_operation_of_an_import(
    kind: str, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stats = fault_campaign(library, tmp_path, kind, monkeypatch, first=1000 * KINDS.index(kind))
    assert stats.problems == []
    assert stats.fired >= len(ERRNOS)  # every kind of operation happens in an import
