"""Command line: ``python -m resources.demo --library DIR [--force]``.

Builds the demo library and prints a short summary. `enablement demo` runs
this in a subprocess so the Qt used for PDF rendering never enters the
`enablement` process. Exit status: 0 built, 1 refused or interrupted (the
folder is then left as it was).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m resources.demo",
        description="Build a demo Enablement library with collateral, users, feedback and usage.",
    )
    parser.add_argument("--library", type=Path, required=True, help="folder for the new library")
    parser.add_argument(
        "--force", action="store_true", help="replace a library already in the folder"
    )
    parser.add_argument(
        "--owner", default="olivia", help="admin user who owns the library (default: olivia)"
    )
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    # Imported here, not at the top: extraction workers start by re-importing this
    # module, and they must not pay for Qt, python-docx and python-pptx.
    from .build import build_demo
    from .place import LibraryNotEmpty

    args = parse(argv)
    last_stage = ""

    def progress(stage: str, done: int, total: int) -> None:
        nonlocal last_stage
        if not args.quiet and stage != last_stage:
            print(f"{stage}…", file=sys.stderr, flush=True)
            last_stage = stage

    try:
        summary = build_demo(args.library, progress, force=args.force, owner=args.owner)
    except LibraryNotEmpty as exc:
        print(f"enablement demo: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"enablement demo: cancelled; {args.library} was left as it was", file=sys.stderr)
        return 1
    print("\n".join(summary.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
