"""The `report` command: run one marketing report and print or export it.

`enablement report NAME [--since DATE] [--until DATE] [--segment TAG]
[--situation TAG] [--owner USER] [--type TYPE] [--days N] [--role ROLE]
[--bucket day|week] [--limit N] [--format table|csv|json|xlsx] [--out FILE]`.
A filter the chosen report cannot honour is refused rather than ignored, so
a number is never read as filtered when it is not.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any

from ..errors import InvalidInput
from ..reports import REPORTS, Report, ReportFilters, get_spec, run_report
from ..reports.export import plain, to_json, write_csv, write_xlsx
from .common import open_from_args, parse_date
from .output import emit_json, safe_text, table

OPTIONAL = ("segment", "situation", "owner", "type", "days", "roles", "bucket")


def register(commands: Any) -> None:
    p = commands.add_parser("report", help="run a marketing report")
    p.add_argument("name", choices=list(REPORTS), metavar="NAME", help=", ".join(REPORTS))
    p.add_argument("--since", metavar="DATE", help="first day (default: 90 days ago)")
    p.add_argument("--until", metavar="DATE", help="last day, inclusive (default: today)")
    p.add_argument("--segment", metavar="TAG")
    p.add_argument("--situation", metavar="TAG")
    p.add_argument("--owner", metavar="USER")
    p.add_argument("--type", metavar="TYPE", help="file type: pdf, docx, pptx, ...")
    p.add_argument("--days", type=int, metavar="N", help="unused: no use in N days (90)")
    p.add_argument(
        "--role",
        action="append",
        dest="roles",
        metavar="ROLE",
        help="count only events by this role (repeatable; default all)",
    )
    p.add_argument("--bucket", choices=["day", "week"], help="usage: time series step")
    p.add_argument("--limit", type=int, default=20, help="rows per top/bottom list; 0 = all")
    p.add_argument("--format", choices=["table", "csv", "json", "xlsx"], default="table")
    p.add_argument("--out", type=Path, metavar="FILE", help="write to FILE (needed for xlsx)")
    p.set_defaults(handler=cmd_report)


def filters_from_args(args: argparse.Namespace) -> ReportFilters:
    spec = get_spec(args.name)
    given = [n for n in OPTIONAL if getattr(args, n) is not None]
    refused = [n for n in given if n not in spec.filters]
    if refused:
        options = ", ".join("--role" if n == "roles" else f"--{n}" for n in refused)
        raise InvalidInput(f"the '{spec.name}' report does not take {options}")
    return ReportFilters(
        since=parse_date(args.since) if args.since else None,
        until=parse_date(args.until) if args.until else None,
        segment=args.segment,
        situation=args.situation,
        owner=args.owner,
        type=args.type,
        roles=tuple(args.roles or ()),
        days=args.days if args.days is not None else 90,
        bucket=args.bucket or "auto",
        limit=args.limit,
    )


def render_table(report: Report) -> str:
    kinds = [c.kind for c in report.columns]
    rows = [
        [plain(cell, kind) for cell, kind in zip(row, kinds, strict=True)] for row in report.rows
    ]
    lines = [safe_text(report.title)]
    if report.filters is not None:
        lines.append("  ".join(f"{k}={v}" for k, v in report.filters.describe().items()))
    lines += ["", table(rows, [c.label for c in report.columns])]
    if report.summary:
        lines.append("")
        lines += [f"{safe_text(k)}: {plain(v)}" for k, v in report.summary]
    return "\n".join(lines)


def cmd_report(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.out is None:
        raise InvalidInput("--format xlsx needs --out FILE")
    filters = filters_from_args(args)
    with open_from_args(args) as library:
        report = library.read(run_report, args.name, filters)
    if args.format == "xlsx":
        write_xlsx(report, args.out)
    elif args.format == "csv":
        buffer = io.StringIO()
        write_csv(report, buffer)
        _emit(buffer.getvalue(), args.out)
    elif args.format == "json":
        if args.out is None:
            emit_json(to_json(report))
        else:
            buffer = io.StringIO()
            emit_json(to_json(report), buffer)
            _emit(buffer.getvalue(), args.out)
    else:
        _emit(render_table(report) + "\n", args.out)
    if args.out is not None:
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8", newline="")
