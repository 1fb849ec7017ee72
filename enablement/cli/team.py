"""`enablement team ...`: IT's commands for a shared library on PostgreSQL.

They act on the database named by ENABLEMENT_DATABASE_URL (or the settings
file) and must run as an account that owns the library's tables and may
create roles. `init` is safe to repeat and should follow every upgrade.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from ..config import load_settings
from ..errors import InvalidInput
from ..models import ROLES
from ..team import DEFAULT_PREFIX, add_user, deactivate_user, init_team, set_role
from .output import emit_json


def register(commands: Any) -> None:
    sub = commands.add_parser(
        "team", help="set up a team library on PostgreSQL (IT)"
    ).add_subparsers(dest="team_command", required=True, metavar="COMMAND")

    p = sub.add_parser("init", help="create or upgrade the schema, roles, grants and policies")
    p.add_argument(
        "--role-prefix",
        default=DEFAULT_PREFIX,
        metavar="PREFIX",
        help=f"prefix of the group roles (default {DEFAULT_PREFIX}: {DEFAULT_PREFIX}seller, ...)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("add-user", help="create a person's database login and library user")
    p.add_argument("name", help="login name: lower-case letters, digits, . _ @ -")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--display-name", default="")
    p.add_argument("--segment", action="append", default=[], help="segments the person covers")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--password", action="store_true", help="ask for a password")
    how.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_add_user)

    p = sub.add_parser("set-role", help="move a person to another role")
    p.add_argument("name")
    p.add_argument("role", choices=ROLES)
    p.set_defaults(handler=cmd_set_role)

    p = sub.add_parser("remove-user", help="end a person's access, keeping their history")
    p.add_argument("name")
    p.set_defaults(handler=cmd_remove_user)


def _url(args: argparse.Namespace) -> str:
    return load_settings(home=getattr(args, "library", None)).database_url


def cmd_init(args: argparse.Namespace) -> int:
    report = init_team(_url(args), args.role_prefix)
    if args.json:
        emit_json(
            {
                "schema": report.schema,
                "groups": list(report.groups),
                "tables_without_rules": list(report.tables_without_rules),
            }
        )
    else:
        print(f"team library ready in schema {report.schema}; groups: {', '.join(report.groups)}")
    for table in report.tables_without_rules:
        print(f"warning: table {table} has no team rules; nobody but its owner can use it",
              file=sys.stderr)  # fmt: skip
    return 0


def _password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        value = sys.stdin.readline().rstrip("\r\n")
    elif args.password:
        value = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != value:
            raise InvalidInput("the two passwords differ")
    else:
        return None
    if not value:
        raise InvalidInput("an empty password is not allowed")
    return value


def cmd_add_user(args: argparse.Namespace) -> int:
    user = add_user(
        _url(args),
        args.name,
        args.role,
        password=_password(args),
        display_name=args.display_name,
        segments=tuple(args.segment),
    )
    if args.json:
        emit_json({"name": user.name, "role": user.role, "group": user.group})
    else:
        made = "created login" if user.created_login else "existing login"
        print(f"added {user.name} as {user.role} ({made}, member of {user.group})")
    return 0


def cmd_set_role(args: argparse.Namespace) -> int:
    user = set_role(_url(args), args.name, args.role)
    print(f"{user.name} is now {user.role} (member of {user.group})")
    return 0


def cmd_remove_user(args: argparse.Namespace) -> int:
    deactivate_user(_url(args), args.name)
    print(f"{args.name} can no longer log in; their ratings, requests and usage remain")
    return 0
