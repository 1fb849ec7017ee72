"""Collections ("pitch kits"): personal or shared, ordered lists of assets.

Each mutation returns the kit as it now stands, its `changes` naming the kit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..changes import NO_CHANGES, Changes
from ..errors import InvalidInput, NotFound, PermissionDenied
from ..models import Collection, CollectionItem, User
from ..permissions import Action, Actor
from . import assets


@dataclass(frozen=True)
class CollectionInfo:
    id: int
    name: str
    owner: str
    shared: bool
    asset_ids: tuple[int, ...]
    mine: bool
    changes: Changes = field(default=NO_CHANGES, compare=False, repr=False)


def create(session: Session, actor: Actor, name: str, *, shared: bool = False) -> CollectionInfo:
    actor.require(Action.MANAGE_OWN_COLLECTIONS)
    if not name.strip():
        raise InvalidInput("a kit needs a name")
    kit = Collection(name=name.strip()[:200], owner_id=actor.user_id, shared=shared)
    session.add(kit)
    session.flush()
    return _changed(_info(session, actor, kit))


def list_visible(session: Session, actor: Actor) -> list[CollectionInfo]:
    actor.require(Action.SEARCH)
    kits = session.scalars(
        select(Collection)
        .where(or_(Collection.owner_id == actor.user_id, Collection.shared.is_(True)))
        .order_by(Collection.name)
    ).all()
    return [_info(session, actor, k) for k in kits]


def get(session: Session, actor: Actor, kit_id: int) -> CollectionInfo:
    return _info(session, actor, _visible(session, actor, kit_id))


def add(session: Session, actor: Actor, kit_id: int, asset_id: int) -> CollectionInfo:
    kit = _own(session, actor, kit_id)
    assets.load(session, actor, asset_id)
    if any(item.asset_id == asset_id for item in kit.items):
        return _info(session, actor, kit)  # already in the kit: nothing changes
    kit.items.append(CollectionItem(asset_id=asset_id, position=len(kit.items)))
    session.flush()
    return _changed(_info(session, actor, kit))


def remove(session: Session, actor: Actor, kit_id: int, asset_id: int) -> CollectionInfo:
    kit = _own(session, actor, kit_id)
    if all(i.asset_id != asset_id for i in kit.items):
        return _info(session, actor, kit)  # not in the kit: nothing changes
    kit.items = [i for i in kit.items if i.asset_id != asset_id]
    _renumber(kit)
    session.flush()
    return _changed(_info(session, actor, kit))


def reorder(session: Session, actor: Actor, kit_id: int, asset_ids: list[int]) -> CollectionInfo:
    kit = _own(session, actor, kit_id)
    current = {i.asset_id: i for i in kit.items}
    if sorted(asset_ids) != sorted(current):
        raise InvalidInput("the new order must list exactly the assets in the kit")
    for position, asset_id in enumerate(asset_ids):
        current[asset_id].position = position
    kit.items.sort(key=lambda i: i.position)
    session.flush()
    return _changed(_info(session, actor, kit))


def _changed(info: CollectionInfo) -> CollectionInfo:
    return replace(info, changes=Changes(collections=frozenset({info.id})))


def _renumber(kit: Collection) -> None:
    for position, item in enumerate(kit.items):
        item.position = position


def _visible(session: Session, actor: Actor, kit_id: int) -> Collection:
    actor.require(Action.SEARCH)
    kit = session.get(Collection, kit_id)
    if kit is None or (kit.owner_id != actor.user_id and not kit.shared):
        raise NotFound(f"there is no kit {kit_id}")
    return kit


def _own(session: Session, actor: Actor, kit_id: int) -> Collection:
    actor.require(Action.MANAGE_OWN_COLLECTIONS)
    kit = _visible(session, actor, kit_id)
    if kit.owner_id != actor.user_id and not actor.may(Action.EDIT_ASSET):
        raise PermissionDenied(f"the kit '{kit.name}' belongs to someone else")
    return kit


def _info(session: Session, actor: Actor, kit: Collection) -> CollectionInfo:
    owner = session.get(User, kit.owner_id)
    visible = [
        i.asset_id
        for i in sorted(kit.items, key=lambda i: i.position)
        if _asset_visible(session, actor, i.asset_id)
    ]
    return CollectionInfo(
        kit.id,
        kit.name,
        owner.name if owner else "",
        kit.shared,
        tuple(visible),
        kit.owner_id == actor.user_id,
    )


def _asset_visible(session: Session, actor: Actor, asset_id: int) -> bool:
    from ..models import Asset

    asset = session.get(Asset, asset_id)
    return asset is not None and assets.is_visible_to(asset, actor)
