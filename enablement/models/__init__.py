"""The catalogue's ORM models; importing this package registers every table."""

from .assets import AUDIENCES, STATUSES, Asset, AssetVersion, PageText, asset_tags
from .base import Base, utcnow
from .collections import Collection, CollectionItem
from .feedback import Rating
from .requests import REQUEST_STATUSES, MaterialRequest, RequestVote
from .suggestions import SuggestionRejection
from .taxonomy import Tag, TagCategory
from .usage import EVENT_KINDS, IndexOutbox, UsageEvent
from .users import ROLES, User

__all__ = [
    "AUDIENCES",
    "EVENT_KINDS",
    "REQUEST_STATUSES",
    "ROLES",
    "STATUSES",
    "Asset",
    "AssetVersion",
    "Base",
    "Collection",
    "CollectionItem",
    "IndexOutbox",
    "MaterialRequest",
    "PageText",
    "Rating",
    "RequestVote",
    "SuggestionRejection",
    "Tag",
    "TagCategory",
    "UsageEvent",
    "User",
    "asset_tags",
    "utcnow",
]
