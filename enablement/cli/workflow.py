"""Commands for the request workflow, the taxonomy and the demo library."""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import Any

from ..errors import InvalidInput
from ..services.requests import RequestInfo
from ..services.taxonomy import TagInfo
from .common import open_from_args, parse_date
from .output import emit_json, safe_text, table


def register(commands: Any) -> None:
    _register_requests(commands)
    _register_taxonomy(commands)
    p = commands.add_parser("demo", help="fill an empty library with demo collateral")
    p.add_argument("--force", action="store_true", help="add the demo even if not empty")
    p.set_defaults(handler=cmd_demo)


def _register_requests(commands: Any) -> None:
    sub = commands.add_parser("request", help="material requests").add_subparsers(
        dest="request_command", required=True
    )
    p = sub.add_parser("new", help="request missing material")
    p.add_argument("--title", required=True)
    p.add_argument("--details", default="")
    p.add_argument("--situation")
    p.add_argument("--segment")
    p.add_argument("--needed-by", metavar="DATE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_request_new)

    p = sub.add_parser("list", help="list requests")
    p.add_argument("--mine", action="store_true")
    p.add_argument("--status", choices=["open", "in-progress", "fulfilled", "declined", "merged"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_request_list)

    for name, extra in (
        ("assign", [("--to", {"metavar": "USER"})]),
        ("fulfil", [("--asset", {"type": int, "required": True}), ("--note", {"default": ""})]),
        ("decline", [("--reason", {"required": True})]),
        ("merge", [("--into", {"type": int, "required": True})]),
        ("vote", []),
    ):
        p = sub.add_parser(name, help=f"{name} a request")
        p.add_argument("id", type=int)
        for flag, kwargs in extra:
            p.add_argument(flag, **kwargs)  # type: ignore[arg-type]
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=cmd_request_action, action=name)


def _register_taxonomy(commands: Any) -> None:
    sub = commands.add_parser("taxonomy", help="tag categories and tags").add_subparsers(
        dest="taxonomy_command", required=True
    )
    p = sub.add_parser("list", help="list categories and tags")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_taxonomy_list)
    p = sub.add_parser("add", help="add a tag: add CATEGORY TAG")
    p.add_argument("category")
    p.add_argument("tag")
    p.set_defaults(handler=cmd_taxonomy_change, change="add")
    p = sub.add_parser("rename", help="rename a tag: rename CATEGORY TAG NEW")
    p.add_argument("category")
    p.add_argument("tag")
    p.add_argument("new")
    p.set_defaults(handler=cmd_taxonomy_change, change="rename")
    p = sub.add_parser("merge", help="merge a tag into another: merge CATEGORY TAG INTO")
    p.add_argument("category")
    p.add_argument("tag")
    p.add_argument("into")
    p.set_defaults(handler=cmd_taxonomy_change, change="merge")
    p = sub.add_parser("retire", help="retire a tag: retire CATEGORY TAG")
    p.add_argument("category")
    p.add_argument("tag")
    p.set_defaults(handler=cmd_taxonomy_change, change="retire")


def _print_request(info: RequestInfo, as_json: bool) -> None:
    if as_json:
        emit_json(info.as_json())
        return
    print(f"request {info.id}: {safe_text(info.title)} [{info.status}] +{info.votes}")
    if info.fulfilling_asset_id:
        print(
            f"  fulfilled by asset {info.fulfilling_asset_id}: "
            f"{safe_text(info.fulfilling_asset_title or '')}"
        )
    if info.resolution_note:
        print(f"  note: {safe_text(info.resolution_note)}")


def cmd_request_new(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        info = library.requests.create(
            args.title,
            details=args.details,
            situation=args.situation,
            segment=args.segment,
            needed_by=parse_date(args.needed_by) if args.needed_by else None,
        )
    _print_request(info, args.json)
    return 0


def cmd_request_list(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        items = library.requests.list(mine=args.mine, status=args.status)
    if args.json:
        emit_json({"requests": [i.as_json() for i in items]})
    else:
        rows = [
            (
                i.id,
                i.status,
                i.votes,
                i.requester,
                i.situation or "",
                i.segment or "",
                i.needed_by or "",
                i.title,
            )
            for i in items
        ]
        print(
            table(
                rows,
                ["id", "status", "+1", "requester", "situation", "segment", "needed by", "title"],
            )
        )
    return 0


def cmd_request_action(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        api = library.requests
        if args.action == "assign":
            info = api.assign(args.id, args.to)
        elif args.action == "fulfil":
            info = api.fulfil(args.id, args.asset, args.note)
        elif args.action == "decline":
            info = api.decline(args.id, args.reason)
        elif args.action == "merge":
            info = api.merge(args.id, args.into)
        else:
            info = api.vote(args.id)
    _print_request(info, args.json)
    return 0


def cmd_taxonomy_list(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        categories = library.taxonomy.list()
        counts = library.taxonomy.usage_counts()
    if args.json:
        emit_json(
            {
                "categories": [
                    {
                        "slug": c.slug,
                        "label": c.label,
                        "tags": [
                            {
                                "slug": t.slug,
                                "label": t.label,
                                "retired": t.retired,
                                "assets": counts.get(t.id, 0),
                            }
                            for t in c.tags
                        ],
                    }
                    for c in categories
                ]
            }
        )
        return 0
    for c in categories:
        tags = ", ".join(
            f"{t.label} ({counts.get(t.id, 0)}){' [retired]' if t.retired else ''}" for t in c.tags
        )
        print(f"{c.label} [{c.slug}]: {tags or '—'}")
    return 0


def cmd_taxonomy_change(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        api = library.taxonomy
        info: TagInfo
        if args.change == "add":
            info = api.add_tag(args.category, args.tag)
        elif args.change == "rename":
            info = api.rename_tag(args.category, args.tag, args.new)
        elif args.change == "merge":
            info = api.merge_tags(args.category, args.tag, args.into)
        else:
            info = api.retire_tag(args.category, args.tag)
    print(f"{args.change}: {info.category}={info.label}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    # The demo renders its PDFs with Qt; the domain library never imports Qt,
    # so the generator runs as its own process.
    with open_from_args(args) as library:
        home = library.settings.home
        user = library.actor.name
    command = [sys.executable, "-m", "resources.demo", "--library", str(home), "--owner", user]
    if args.force:
        command.append("--force")
    completed = subprocess.run(command, check=False)
    if completed.returncode not in (0, 1):
        raise InvalidInput("the demo library could not be built")
    return completed.returncode
