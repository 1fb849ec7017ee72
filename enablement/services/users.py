"""Users and roles; in solo mode the OS user becomes the first admin."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import InvalidInput, UnknownUser
from ..models import ROLES, User
from ..permissions import Action, Actor

_NAME = re.compile(r"^[A-Za-z0-9_.@-][A-Za-z0-9_.@ -]{0,99}$")


@dataclass(frozen=True)
class UserInfo:
    id: int
    name: str
    display_name: str
    role: str
    segments: tuple[str, ...]


def to_info(user: User) -> UserInfo:
    segments = tuple(s for s in user.segments.split(",") if s)
    return UserInfo(user.id, user.name, user.display_name or user.name, user.role, segments)


def ensure_first_user(session: Session, name: str) -> None:
    """An empty library belongs to whoever opens it first, as admin."""
    if session.scalar(select(func.count()).select_from(User)) == 0:
        session.add(User(name=name, display_name=name, role="admin"))
        session.flush()


def actor_for(session: Session, name: str, client: str) -> Actor:
    user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
    if user is None:
        raise UnknownUser(
            f"there is no user '{name}' in this library; an admin can add one with "
            f"'enablement users add {name} --role seller'"
        )
    return Actor(user.id, user.name, user.role, client)


def add_user(
    session: Session,
    actor: Actor,
    name: str,
    role: str,
    *,
    display_name: str = "",
    segments: tuple[str, ...] = (),
) -> UserInfo:
    actor.require(Action.MANAGE_USERS)
    if role not in ROLES:
        raise InvalidInput(f"unknown role '{role}'; choose one of {', '.join(ROLES)}")
    if not _NAME.match(name):
        raise InvalidInput(
            f"'{name}' is not a usable user name (letters, digits, . _ @ - and spaces)"
        )
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise InvalidInput(f"a user named '{name}' already exists")
    user = User(
        name=name, display_name=display_name or name, role=role, segments=",".join(segments)
    )
    session.add(user)
    session.flush()
    return to_info(user)


def set_role(session: Session, actor: Actor, name: str, role: str) -> UserInfo:
    actor.require(Action.MANAGE_USERS)
    if role not in ROLES:
        raise InvalidInput(f"unknown role '{role}'; choose one of {', '.join(ROLES)}")
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise UnknownUser(f"there is no user '{name}'")
    if user.role == "admin" and role != "admin" and _admin_count(session) == 1:
        raise InvalidInput("the library needs at least one admin; make someone else admin first")
    user.role = role
    session.flush()
    return to_info(user)


def list_users(session: Session, actor: Actor) -> list[UserInfo]:
    actor.require(Action.SEARCH)
    return [to_info(u) for u in session.scalars(select(User).order_by(User.name))]


def _admin_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(User.role == "admin")) or 0


def me(session: Session, actor: Actor) -> UserInfo:
    user = session.get(User, actor.user_id)
    if user is None:
        raise UnknownUser(f"there is no user '{actor.name}'")
    return to_info(user)


def count(session: Session, actor: Actor) -> int:
    actor.require(Action.SEARCH)
    return session.scalar(select(func.count()).select_from(User)) or 0
