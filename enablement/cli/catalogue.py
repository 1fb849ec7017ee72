"""Commands that build and maintain the catalogue: init, import, assets, users, verify, gc."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from ..errors import InvalidInput
from ..ingest import ImportOptions, ImportProgress
from ..services.assets import AssetInfo
from ..verification import DEFAULT_GRACE, delete_orphans
from .common import open_from_args, parse_assignments, parse_date
from .output import ProgressBar, emit_json, safe_text, table

Commands = Any  # argparse's private _SubParsersAction


def register(commands: Commands) -> None:
    p = commands.add_parser("init", help="create or upgrade the library")
    p.set_defaults(handler=cmd_init)

    p = commands.add_parser("import", help="import files and folders")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--tag", action="append", metavar="CATEGORY=TAG", default=[])
    p.add_argument("--publish", action="store_true", help="publish what imports (needs tags)")
    p.add_argument("--replace", type=int, metavar="ASSET", help="add a new version to ASSET")
    p.add_argument("--note", default="", help="change note for a new version")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser("assets", help="list assets")
    p.add_argument("--status", choices=["draft", "published", "archived"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_assets)

    p = commands.add_parser("show", help="show one asset")
    p.add_argument("asset", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)

    p = commands.add_parser("set", help="change an asset's fields")
    p.add_argument("asset", type=int)
    p.add_argument("--title")
    p.add_argument("--description")
    p.add_argument("--review-by", metavar="DATE")
    p.add_argument("--audience", choices=["internal", "customer-facing"])
    p.add_argument("--owner", metavar="USER")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_set)

    p = commands.add_parser("tag", help="add or remove tags on one asset or a search's hits")
    p.add_argument("asset", type=int, nargs="?")
    p.add_argument("--query", help="tag every asset this search finds (bulk)")
    p.add_argument("--add", action="append", metavar="CATEGORY=TAG", default=[])
    p.add_argument("--remove", action="append", metavar="CATEGORY=TAG", default=[])
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_tag)

    for name, status in (("publish", "published"), ("archive", "archived")):
        p = commands.add_parser(name, help=f"{name} an asset")
        p.add_argument("asset", type=int)
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=cmd_status, status=status)

    users = commands.add_parser("users", help="manage users").add_subparsers(
        dest="users_command", required=True
    )
    p = users.add_parser("add", help="add a user")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["seller", "marketer", "admin"])
    p.add_argument("--segment", action="append", default=[], help="segments the person covers")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_users_add)
    p = users.add_parser("list", help="list users")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_users_list)
    p = users.add_parser("role", help="change a user's role")
    p.add_argument("name")
    p.add_argument("role", choices=["seller", "marketer", "admin"])
    p.set_defaults(handler=cmd_users_role)

    p = commands.add_parser("verify", help="check database, files and index agree")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_verify)

    p = commands.add_parser("gc", help="delete stored files no asset uses (admin)")
    p.add_argument(
        "--grace-hours",
        type=float,
        default=DEFAULT_GRACE.total_seconds() / 3600,
        metavar="H",
        help="keep files stored within the last H hours (default %(default)g): "
        "they may belong to an import still in progress",
    )
    p.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_gc)

    p = commands.add_parser("reindex", help="rebuild the search index from the database")
    p.set_defaults(handler=cmd_reindex)
    register_backup(commands)


def cmd_init(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        print(
            f"library ready at {library.settings.home} (you are {library.actor.name}, "
            f"{library.actor.role})"
        )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    options = ImportOptions(
        tags=tuple(parse_assignments(args.tag)),
        publish=args.publish,
        replace=args.replace,
        change_note=args.note,
    )
    bar = ProgressBar("importing")

    def progress(p: ImportProgress) -> None:
        bar.update(p.done, p.total, p.current)

    with open_from_args(args) as library:
        results = library.import_files([Path(p) for p in args.paths], options, progress)
    bar.finish()
    summary = {s: sum(r.status == s for r in results) for s in ("imported", "duplicate", "failed")}
    if args.json:
        emit_json({"results": [r.as_json() for r in results], "summary": summary})
    else:
        for r in results:
            line = f"{r.status:9} {safe_text(r.name)}"
            if r.asset_id:
                line += f"  (asset {r.asset_id})"
            if r.reason and r.status != "imported":
                line += f"  — {safe_text(r.reason)}"
            print(line)
            for warning in r.warnings:
                print(f"          warning: {safe_text(warning)}")
        print(
            f"{summary['imported']} imported, {summary['duplicate']} duplicate, "
            f"{summary['failed']} failed"
        )
    return 1 if summary["failed"] else 0


def asset_json(info: AssetInfo, full: bool = False) -> dict[str, object]:
    data: dict[str, object] = {
        "id": info.id,
        "title": info.title,
        "status": info.status,
        "type": info.kind,
        "tags": {k: list(v) for k, v in info.tags.items()},
    }
    if full:
        data.update(
            description=info.description,
            owner=info.owner,
            audience=info.audience,
            review_by=info.review_by.isoformat() if info.review_by else None,
            created=info.created.isoformat(),
            updated=info.updated.isoformat(),
            rating=info.rating,
            rating_count=info.rating_count,
            versions=[
                {
                    "number": v.number,
                    "filename": v.filename,
                    "media_type": v.media_type,
                    "size": v.size,
                    "pages": v.page_count,
                    "sha256": v.digest,
                    "warnings": list(v.warnings),
                    "note": v.change_note,
                    "created": v.created.isoformat(),
                }
                for v in info.versions
            ],
        )
    return data


def _tags_text(info: AssetInfo) -> str:
    return "; ".join(f"{k}: {', '.join(v)}" for k, v in info.tags.items())


def cmd_assets(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        items = library.assets.list(args.status)
    if args.json:
        emit_json({"assets": [asset_json(i) for i in items]})
    else:
        rows = [(i.id, i.status, i.kind, i.title, _tags_text(i)) for i in items]
        print(table(rows, ["id", "status", "type", "title", "tags"]))
    return 0


def _print_asset(info: AssetInfo, as_json: bool) -> None:
    if as_json:
        emit_json(asset_json(info, full=True))
        return
    print(f"{info.id}  {safe_text(info.title)}  [{info.status}, {info.kind}]")
    if info.description:
        print(f"  {safe_text(info.description)}")
    print(f"  owner {info.owner}, audience {info.audience}, review by {info.review_by or '—'}")
    for category, tags in info.tags.items():
        print(f"  {category}: {', '.join(tags)}")
    if info.rating is not None:
        print(f"  rating {info.rating:.1f} from {info.rating_count}")
    for v in info.versions:
        print(f"  v{v.number} {safe_text(v.filename)} {v.size} bytes, {v.page_count} pages")
        for w in v.warnings:
            print(f"     warning: {safe_text(w)}")


def cmd_show(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        _print_asset(library.assets.get(args.asset), args.json)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        info = library.assets.update(
            args.asset,
            title=args.title,
            description=args.description,
            review_by=parse_date(args.review_by) if args.review_by else None,
            audience=args.audience,
            owner=args.owner,
        )
        _print_asset(info, args.json)
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    add, remove = parse_assignments(args.add), parse_assignments(args.remove)
    if (args.asset is None) == (args.query is None):
        raise InvalidInput("name one ASSET or give --query QUERY")
    with open_from_args(args) as library:
        if args.asset is not None:
            _print_asset(library.assets.tag(args.asset, add, remove), args.json)
            return 0
        changed = library.assets.bulk_tag_query(args.query, add, remove)
    if args.json:
        emit_json({"query": args.query, "assets": changed})
    else:
        print(f"tagged {len(changed)} assets: {', '.join(map(str, changed)) or 'none'}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        _print_asset(library.assets.set_status(args.asset, args.status), args.json)
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        user = library.users.add(args.name, args.role, segments=tuple(args.segment))
    if args.json:
        emit_json({"name": user.name, "role": user.role})
    else:
        print(f"added {user.name} as {user.role}")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        people = library.users.list()
    if args.json:
        emit_json(
            {
                "users": [
                    {"name": u.name, "role": u.role, "segments": list(u.segments)} for u in people
                ]
            }
        )
    else:
        print(
            table(
                [(u.name, u.role, ", ".join(u.segments)) for u in people],
                ["name", "role", "segments"],
            )
        )
    return 0


def cmd_users_role(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        user = library.users.set_role(args.name, args.role)
    print(f"{user.name} is now {user.role}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with open_from_args(args) as library:
        problems = library.verify()
    if args.json:
        emit_json({"ok": not problems, "problems": problems})
    else:
        for p in problems:
            print(f"{p['kind']:16} asset {p['asset_id']}: {safe_text(str(p['detail']))}")
        print("library verified: no problems" if not problems else f"{len(problems)} problems")
        orphans = sum(p["kind"] == "blob-orphaned" for p in problems)
        if orphans:
            print(
                f"{orphans} stored files no asset uses (left by an interrupted import); "
                "an admin can delete them with 'enablement gc'"
            )
    return 1 if problems else 0


def cmd_gc(args: argparse.Namespace) -> int:
    if not args.grace_hours >= 0:  # also refuses nan
        raise InvalidInput("--grace-hours must be a number of hours, 0 or more")
    with open_from_args(args) as library:
        sweep = delete_orphans(library, timedelta(hours=args.grace_hours), dry_run=args.dry_run)
    if args.json:
        emit_json(sweep.as_json())
        return 0
    verb = "would delete" if sweep.dry_run else "deleted"
    for digest in sweep.deleted:
        print(f"{verb:12} {digest}")
    for digest in sweep.kept:
        print(f"{'kept':12} {digest}  (stored within the last {args.grace_hours:g} hours)")
    done = "would be deleted" if sweep.dry_run else "deleted"
    summary = f"{len(sweep.deleted)} unused files {done}, {len(sweep.kept)} kept as too recent"
    if sweep.temp_files:
        summary += f", {sweep.temp_files} leftover temporary files removed"
    print(summary)
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    bar = ProgressBar("indexing")
    with open_from_args(args) as library:
        library.reindex(lambda done, total: bar.update(done, total))
    bar.finish()
    print("search index rebuilt", file=sys.stderr)
    return 0


def register_backup(commands: Commands) -> None:
    p = commands.add_parser("backup", help="back up the library into a new folder")
    p.add_argument("destination", type=Path, metavar="DEST")
    p.set_defaults(handler=cmd_backup)
    p = commands.add_parser("restore", help="restore a backup as the library in --library")
    p.add_argument("source", type=Path, metavar="SRC")
    p.add_argument("--force", action="store_true", help="replace an existing library")
    p.set_defaults(handler=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    from ..backup import backup

    with open_from_args(args) as library:
        summary = backup(library, args.destination)
    print(f"backed up the library ({summary.mode}, {summary.blobs} files) to {summary.folder}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ..backup import restore
    from ..config import load_settings

    settings = load_settings(home=args.library, user=args.user)
    summary = restore(args.source, settings.home, force=args.force)
    with open_from_args(args) as library:
        library.catch_up_index()
        problems = library.verify()
    print(f"restored {summary.blobs} files into {summary.folder}; "
          f"{'verified clean' if not problems else f'{len(problems)} problems, run verify'}")
    return 0 if not problems else 1
