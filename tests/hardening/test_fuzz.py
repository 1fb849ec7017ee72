"""Fuzzing: the query parser, the importer's entry points and mutated PDF/DOCX/PPTX files."""

from __future__ import annotations

import io
import os
import random
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enablement.extraction import ExtractionPool
from enablement.ingest import ImportOptions
from enablement.library import Library

from .helpers import make_file, problems_in, sha256

TAGS = (("situation", "Discovery"), ("segment", "Enterprise"))
MUTANTS_PER_FORMAT = 60
TIME_LIMIT = 10.0
SYNTAX = st.sampled_from(
    ['"', "'", "-", "+", ":", "(", ")", "*", "?", "~", "^", "\\", "OR", "AND", "NOT", "status:",
     "owner:", "id:", "title:", "type:pdf", "situation:", "“", "»", "\x00", "\u202e", " ", "\t"]
)
QUERY = st.one_of(st.text(max_size=80), st.lists(st.one_of(SYNTAX, st.text(max_size=6)),
                                                    max_size=12).map("".join))
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def stocked(library: Library, tmp_path: Path) -> Library:
    files = [make_file(tmp_path, n) for n in range(6)]
    library.import_files(files[:4], ImportOptions(TAGS, publish=True))
    library.import_files(files[4:])
    return library


@FUZZ
@given(text=QUERY, as_you_type=st.booleans(), offset=st.integers(-5, 50),
       limit=st.integers(-1, 60))
def test_search_never_raises(
    stocked: Library, text: str, as_you_type: bool, offset: int, limit: int
) -> None:
    found = stocked.search(text, as_you_type=as_you_type, offset=max(0, offset),
                           limit=max(1, limit), log=False)
    assert found.total >= len(found.hits)
    assert all(h.asset_id > 0 for h in found.hits)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
                 min_size=1, max_size=60).filter(lambda n: n not in (".", "..")),
    content=st.one_of(st.binary(max_size=3000), st.text(max_size=500).map(str.encode)),
)
def test_importer_names_every_outcome(
    library: Library, tmp_path_factory: pytest.TempPathFactory, name: str, content: bytes
) -> None:
    # Hypothesis seeds the global `random` identically for every example, and
    # Whoosh names new segments with it: unseeded, the second commit would pick
    # the first one's segment name. A real process never replays its seed.
    random.seed(os.urandom(16))
    folder = tmp_path_factory.mktemp("in")
    path = folder / name
    try:
        path.write_bytes(content)
    except OSError:  # a name this file system refuses (too long in bytes)
        return
    missing = folder / "missing.pdf"
    results = library.import_files([path, missing, folder / "nested-does-not-exist"])
    assert [r.status in ("imported", "duplicate", "failed") for r in results] == [True] * 3
    for result in results:
        if result.status == "failed":
            assert result.reason and result.name in result.reason, result
            assert "Traceback" not in result.reason


# -- mutation fuzzing of real files ---------------------------------------------------


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 24)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def splice(data: bytes, rng: random.Random) -> bytes:
    """Duplicate or drop a chunk (object tables and offsets stop matching)."""
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 400))
    return data[:a] + data[a:b] * rng.randint(0, 40) + data[b:]


def zip_mutation(data: bytes, rng: random.Random) -> bytes:
    """Swap, drop, rename (to hostile paths) or duplicate zip members."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    how = rng.choice(["swap", "drop", "rename", "duplicate", "garble"])
    i, j = rng.randrange(len(members)), rng.randrange(len(members))
    if how == "swap":
        members[i], members[j] = (members[i][0], members[j][1]), (members[j][0], members[i][1])
    elif how == "drop":
        del members[i]
    elif how == "rename":
        members[i] = (rng.choice(["../../evil.xml", "/tmp/evil.xml", "a/../../b.xml",
                                  "word/../../../x.xml", "C:\\evil.xml"]), members[i][1])
    elif how == "duplicate":
        members.append(members[i])
    else:
        members[i] = (members[i][0], flip_bits(members[i][1] or b"x", rng))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, body in members:
            with _quiet():
                dst.writestr(name, body)
    return out.getvalue()


class _quiet:  # zipfile warns about duplicate names; that is the point here
    def __enter__(self) -> None:
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc: object) -> None:
        self._ctx.__exit__(*exc)


def mutants(seed_file: Path, count: int, rng: random.Random, out: Path) -> list[Path]:
    data = seed_file.read_bytes()
    ops: list[Callable[[bytes, random.Random], bytes]] = [flip_bits, truncate, splice]
    if seed_file.suffix in (".docx", ".pptx"):
        ops += [zip_mutation, zip_mutation]
    made = []
    for n in range(count):
        body = rng.choice(ops)(data, rng)
        path = out / f"mutant-{n:03d}-{seed_file.stem}{seed_file.suffix}"
        path.write_bytes(body)
        made.append(path)
    return made


def mutation_campaign(library: Library, work: Path, per_format: int, seed: int,
                      pool: ExtractionPool) -> dict[str, int]:
    """Import mutants of one valid file per format; return figures for the bench too."""
    rng = random.Random(seed)
    seeds = [make_file(work, n) for n in (0, 1, 3)]  # docx, pptx, pdf
    files = [m for s in seeds for m in mutants(s, per_format, rng, work)]
    started = time.monotonic()
    results = library.import_files(files)
    elapsed = time.monotonic() - started
    unnamed = [r for r in results if r.status == "failed"
               and not (r.reason and r.name in r.reason and "Traceback" not in r.reason)]
    return {
        "inputs": len(files),
        "results": len(results),
        "failed": sum(r.status == "failed" for r in results),
        "imported": sum(r.status == "imported" for r in results),
        "hangs": sum("longer than" in (r.reason or "") for r in results),
        "unnamed": len(unnamed),
        "seconds": int(elapsed),
        "known": len({sha256(f) for f in files}),
    }


@pytest.mark.slow
def test_mutated_files_fail_by_name_and_never_hang(
    open_as: Callable[[str], Library], tmp_path: Path
) -> None:
    with ExtractionPool(workers=2, time_limit=TIME_LIMIT) as pool:
        library = open_as("olivia")
        library._pool = pool  # this run's own, shorter time limit
        figures = mutation_campaign(library, tmp_path, MUTANTS_PER_FORMAT, 1234, pool)
        library._pool = None
    assert figures["results"] == figures["inputs"] == 3 * MUTANTS_PER_FORMAT
    assert figures["failed"] > 20 and figures["imported"] > 0  # the mutants do bite
    assert figures["unnamed"] == 0
    assert figures["hangs"] == 0
    assert not list(tmp_path.rglob("evil*")) and not Path("/tmp/evil.xml").exists()
    assert problems_in(library) == []
