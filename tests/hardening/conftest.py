"""Fixtures for the hardening suite: the library fixtures of tests/enablement, reused."""

from __future__ import annotations

from tests.enablement.conftest import (  # noqa: F401 - fixtures are found by name
    extraction_pool,
    library,
    library_home,
    open_as,
    template_home,
)
