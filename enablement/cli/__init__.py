"""The `enablement` command: scripting access to the library.

`enablement [--library DIR] [--as USER] COMMAND`; exit 0 on success, 1 when
some items failed or an action was refused, 2 on a usage error. Every
listing command takes `--json`. The contract is documented in docs/cli.md.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..errors import EnablementError, InvalidInput, NotFound, UnknownUser
from . import catalogue, find, reports, team, workflow

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="enablement", description="Sales content library: import, search, report."
    )
    parser.add_argument("--library", type=Path, metavar="DIR", help="library home folder")
    parser.add_argument("--as", dest="user", metavar="USER", help="act as this existing user")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    catalogue.register(commands)
    find.register(commands)
    workflow.register(commands)
    reports.register(commands)
    team.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except (InvalidInput, NotFound, UnknownUser) as exc:
        print(f"enablement: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except EnablementError as exc:
        print(f"enablement: {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("enablement: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
