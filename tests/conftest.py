"""Shared test set-up: headless Qt, shared corpus location."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS}")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The demo library, built once per run; tests copy it before changing it."""
    from resources.demo.build import build_demo

    home = tmp_path_factory.mktemp("demo-template") / "library"
    return home, build_demo(home)


@pytest.fixture(scope="module")
def demo_copy(demo_template: tuple[Path, object], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the demo library for one test module."""
    import shutil

    home = tmp_path_factory.mktemp("demo") / "library"
    shutil.copytree(demo_template[0], home)
    return home
