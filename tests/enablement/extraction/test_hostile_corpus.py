"""Every file of the shared hostile corpus ends the way its MANIFEST expects.

Expected codes are read from the MANIFEST table rows exactly as the corpus's own
check_import_results.py reads them (fifth cell, upper-cased).
"""

from __future__ import annotations

import re
from concurrent.futures import Future
from pathlib import Path

import pytest

from enablement.extraction import Extracted, ExtractionError, ExtractionPool
from enablement.extraction.registry import WARN_NO_TEXT

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def manifest_expectations(root: Path) -> dict[Path, str]:
    """File -> expected code; "as above" / "as docx XXE" resolve to the row they name."""
    expect: dict[Path, str] = {}
    previous = ""
    for line in (root / "MANIFEST.md").read_text().splitlines():
        if not line.startswith(("| `real/", "| `gen/")):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        code = cells[4].upper()
        if code == "AS ABOVE":
            code = previous
        elif code.startswith("AS "):
            words = code.lower().split()[1:]
            code = next(v for k, v in expect.items() if all(w in k.name for w in words))
        expect[root / cells[0].strip("`")] = previous = code
    return expect


def check(path: Path, expected: str, outcome: Extracted | ExtractionError) -> str | None:
    """None when the outcome matches the expectation, else what went wrong."""
    may_import = expected.startswith(("IMPORT", "EMPTY", "SANITIZE")) or any(
        s in expected for s in ("OR IMPORT", "OR ROUTE"))
    may_fail = expected.startswith(("REJECT", "PASSWORD", "LIMIT")) or "OR REJECT" in expected
    if isinstance(outcome, ExtractionError):
        message = outcome.message(path.name)
        if not may_fail:
            return f"failed ({message}), expected {expected}"
        if not message.startswith(f"'{path.name}' ") or not outcome.reason:
            return f"message does not name file and reason: {message}"
        if expected.startswith("PASSWORD") and outcome.code != "password":
            return f"expected a password error, got {outcome.code}: {message}"
        if expected.startswith("LIMIT") and outcome.code not in ("limit", "invalid"):
            return f"expected a limit error, got {outcome.code}"
        return None
    if not may_import:
        return f"imported, expected {expected}"
    text = "".join(outcome.pages)
    if expected.startswith("EMPTY-WARN") and (text.strip() or WARN_NO_TEXT not in outcome.warnings):
        return f"expected empty text with a warning, got {len(text)} chars {outcome.warnings}"
    if expected.startswith("IMPORT-WARN") and "OR REJECT" not in expected and not outcome.warnings:
        return "expected a warning"
    if _CONTROL.search(text):
        return "control characters left in the text"
    return None


@pytest.mark.slow
def test_whole_hostile_corpus_through_the_pool(shared_corpus: Path) -> None:
    root = shared_corpus / "hostile"
    expect = manifest_expectations(root)
    files = sorted(p for d in ("real", "gen") for p in (root / d).iterdir() if p.is_file())
    assert len(files) >= 70 and set(expect) <= set(files)
    with ExtractionPool(workers=2, time_limit=30, memory_limit=512 << 20) as pool:
        futures: list[tuple[Path, Future[Extracted]]] = [(p, pool.submit(p)) for p in files]
        outcomes: dict[Path, Extracted | ExtractionError] = {}
        for path, future in futures:
            try:
                outcomes[path] = future.result()
            except ExtractionError as exc:
                outcomes[path] = exc
    problems = [
        f"{path.name}: {problem}"
        for path in files
        if (problem := check(path, expect.get(path, "IMPORT"), outcomes[path])) is not None
    ]
    assert problems == []
    hostname = Path("/etc/hostname")
    secret = hostname.read_text().strip() if hostname.is_file() else ""
    for name in ("gen/docx_xxe_external_entity.docx", "gen/pptx_xxe_external_entity.pptx"):
        leaked = outcomes[root / name]
        assert isinstance(leaked, Extracted)
        assert not secret or secret not in "".join(leaked.pages)
    nul = outcomes[root / "gen/pdf_nul_in_text.pdf"]
    assert isinstance(nul, Extracted) and "Pricelist" in "".join(nul.pages)
