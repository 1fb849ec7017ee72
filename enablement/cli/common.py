"""Helpers shared by the command modules: opening the library, parsing values."""

from __future__ import annotations

import argparse
from datetime import date

from ..config import load_settings
from ..errors import InvalidInput
from ..library import Library, open_library


def open_from_args(args: argparse.Namespace) -> Library:
    """Open the library and reconcile its search index with the catalogue."""
    from .output import ProgressBar

    settings = load_settings(home=args.library, user=args.user, client="cli")
    library = open_library(settings)
    bar = ProgressBar("rebuilding the search index")
    library.catch_up_index(lambda done, total: bar.update(done, total))
    bar.finish()
    return library


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def parse_assignments(values: list[str] | None) -> list[tuple[str, str]]:
    from ..services.taxonomy import parse_assignment

    return [parse_assignment(v) for v in values or []]
