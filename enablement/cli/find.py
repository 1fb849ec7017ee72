"""The `search` command: one query, or a batch file of queries."""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path
from typing import Any

from ..library import Library
from ..services.searching import Outcome
from ..services.taxonomy import DEFAULT_TAXONOMY, slugify
from .common import open_from_args
from .output import emit_json, safe_text

CATEGORY_OPTIONS = [slugify(label) for label, _ in DEFAULT_TAXONOMY]


def register(commands: Any) -> None:
    p = commands.add_parser("search", help="search the library")
    p.add_argument("query", nargs="?", default="")
    for slug in CATEGORY_OPTIONS:
        p.add_argument(f"--{slug}", action="append", metavar="TAG", dest=f"f_{slug}")
    p.add_argument("--type", action="append", metavar="TYPE", dest="f_type")
    p.add_argument(
        "--sort", default="relevance", choices=["relevance", "newest", "rating", "usage"]
    )
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--batch", type=Path, metavar="FILE", help="one query per line")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_search)


def _filters(args: argparse.Namespace) -> dict[str, list[str]]:
    out = {}
    for slug in [*CATEGORY_OPTIONS, "type"]:
        values = getattr(args, f"f_{slug}", None)
        if values:
            out[slug] = values
    return out


def _run(library: Library, query: str, args: argparse.Namespace) -> Outcome:
    return library.search(query, filters=_filters(args), sort=args.sort, limit=args.limit)


def cmd_search(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        if args.batch:
            lines = args.batch.read_text(encoding="utf-8").splitlines()
            for line in (ln for ln in lines if ln.strip()):
                outcome = _run(library, line.strip(), args)
                if args.json:
                    emit_json(outcome.as_json())
                else:
                    _print(outcome)
            return 0
        outcome = _run(library, args.query, args)
    if args.json:
        emit_json(outcome.as_json())
    else:
        _print(outcome)
    return 0


def _print(outcome: Outcome) -> None:
    print(f"{outcome.total} results for '{safe_text(outcome.query)}'")
    if outcome.message:
        print(f"  note: {outcome.message}")
    if outcome.suggestion:
        print(f"  did you mean: {outcome.suggestion}")
    for rank, hit in enumerate(outcome.hits, start=1):
        pages = f" p. {', '.join(map(str, hit.pages[:8]))}" if hit.pages else ""
        print(f"{rank:2}. [{hit.asset_id}] {safe_text(hit.title)} ({hit.kind}){pages}")
        snippet = html.unescape(re.sub(r"</?b>", "", hit.snippet))
        if snippet:
            print(f"    {safe_text(snippet)[:160]}")
    sys.stdout.flush()
