"""Seeded, realistic-looking report data written with Core bulk inserts.

Used by the report tests (a few hundred assets) and by `bench/reports.py`
(a million events). The same rows are kept as plain dicts so the tests'
independent plain-Python reference can compute every report from them.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, insert

from enablement.models import (
    Asset,
    AssetVersion,
    MaterialRequest,
    Rating,
    RequestVote,
    Tag,
    TagCategory,
    UsageEvent,
    User,
    asset_tags,
)
from enablement.models.usage import FOLLOW_UP_KINDS
from enablement.services.usage import normalize_query

SITUATIONS = ("prospecting", "discovery", "demo", "negotiation", "renewal")
SEGMENTS = ("smb", "mid-market", "enterprise")
KINDS = ("pdf", "docx", "pptx", "xlsx")
HOSTILE = ("=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@import", "\tTabbed", "\rReturn")
QUERIES = (
    "pricing sheet",
    "Pricing  Sheet",
    "ROI calculator",
    "security whitepaper",
    "case study healthcare",
    "competitor battlecard",
    "onboarding plan",
    "=HYPERLINK(1)",
    "gdpr",
    "api docs",
    "discount policy",
    "",
)
FOLLOW = ("click", "view", "open", "export")
OTHER = (
    "view",
    "view",
    "view",
    "open",
    "open",
    "export",
    "share",
    "drag-out",
    "kit-export",
    "click",
    "rate",
)


@dataclass
class Dataset:
    today: date
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def ns(self, table: str) -> list[SimpleNamespace]:
        return [SimpleNamespace(**row) for row in self.tables[table]]


def _at(today: date, rng: random.Random, span_days: int) -> datetime:
    start = datetime.combine(today, time(), tzinfo=UTC) - timedelta(days=span_days)
    return start + timedelta(seconds=rng.randrange(span_days * 86400))


def generate(
    *,
    assets: int = 300,
    users: int = 30,
    events: int = 4000,
    seed: int = 7,
    today: date = date(2024, 6, 30),
    span_days: int = 200,
) -> Dataset:
    rng = random.Random(seed)
    data = Dataset(today)
    t = data.tables
    t["tag_categories"] = [
        {"id": 1, "slug": "situation", "label": "Situation", "position": 0},
        {"id": 2, "slug": "segment", "label": "Segment", "position": 1},
    ]
    t["tags"] = [
        {"id": i + 1, "category_id": 1, "slug": s, "label": s, "position": i}
        for i, s in enumerate(SITUATIONS)
    ]
    t["tags"] += [
        {"id": 10 + i, "category_id": 2, "slug": s, "label": s, "position": i}
        for i, s in enumerate(SEGMENTS)
    ]
    sit_ids, seg_ids = list(range(1, 1 + len(SITUATIONS))), [10, 11, 12]
    roles = ["marketer"] * 3 + ["admin"] + ["seller"] * (users - 4)
    t["users"] = [
        {
            "id": i + 1,
            "name": f"user{i + 1:03d}",
            "display_name": "",
            "role": r,
            "segments": ",".join(rng.sample(SEGMENTS, rng.randint(0, 2))),
            "active": True,
            "created": _at(today, rng, 400),
        }
        for i, r in enumerate(roles)
    ]
    sellers = [u for u in t["users"] if u["role"] == "seller"]
    marketers = [u["id"] for u in t["users"] if u["role"] != "seller"]
    _assets(data, rng, assets, marketers, sit_ids, seg_ids, span_days)
    _feedback(data, rng, sellers, sit_ids, seg_ids, span_days)
    _events(data, rng, events, span_days)
    return data


def _assets(
    data: Dataset,
    rng: random.Random,
    n: int,
    owners: list[int],
    sit_ids: list[int],
    seg_ids: list[int],
    span: int,
) -> None:
    t, today = data.tables, data.today
    t["assets"], t["asset_versions"], t["asset_tags"] = [], [], []
    for a in range(1, n + 1):
        created = _at(today, rng, span + 400)
        status = rng.choices(("published", "draft", "archived"), (8, 1, 1))[0]
        published = created + timedelta(days=rng.randint(0, 30)) if status != "draft" else None
        if published is not None and rng.random() < 0.1:
            published = None  # legacy rows published before the column existed
        title = rng.choice(HOSTILE) if a % 37 == 0 else f"Asset {a} {rng.choice(QUERIES)}"
        t["assets"].append(
            {
                "id": a,
                "title": title,
                "description": "",
                "owner_id": rng.choice(owners),
                "status": status,
                "audience": "internal",
                "created": created,
                "updated": created,
                "published_at": published,
                "row_version": 1,
            }
        )
        for number in range(1, rng.randint(1, 3) + 1):
            t["asset_versions"].append(
                {
                    "id": len(t["asset_versions"]) + 1,
                    "asset_id": a,
                    "number": number,
                    "blob_digest": f"{a:032x}{number:032x}",
                    "filename": f"a{a}.{number}",
                    "media_type": "application/octet-stream",
                    "kind": rng.choice(KINDS),
                    "size": 1,
                    "created": created,
                    "created_by_id": 1,
                }
            )
        for tag in rng.sample(sit_ids, rng.choice((0, 1, 1, 2))) + rng.sample(
            seg_ids, rng.choice((0, 1, 1, 2))
        ):
            t["asset_tags"].append({"asset_id": a, "tag_id": tag})


def _feedback(
    data: Dataset,
    rng: random.Random,
    sellers: list[dict[str, Any]],
    sit_ids: list[int],
    seg_ids: list[int],
    span: int,
) -> None:
    t, today = data.tables, data.today
    t["ratings"], t["material_requests"], t["request_votes"] = [], [], []
    asset_ids = [a["id"] for a in t["assets"]]
    pairs = {(rng.choice(sellers)["id"], rng.choice(asset_ids)) for _ in range(len(asset_ids))}
    for user_id, asset_id in sorted(pairs):
        when = _at(today, rng, span)
        t["ratings"].append(
            {
                "id": len(t["ratings"]) + 1,
                "user_id": user_id,
                "asset_id": asset_id,
                "stars": rng.randint(1, 5),
                "comment": rng.choice(("", "", "too long", "=1+1", "great")),
                "situation_tag_id": rng.choice([None, *sit_ids]),
                "outcome": rng.choice(("", "helped", "did-not-help")),
                "created": when,
                "updated": when,
            }
        )
    for r in range(1, max(10, len(asset_ids) // 4) + 1):
        created = _at(today, rng, span)
        status = rng.choice(("open", "in-progress", "fulfilled", "fulfilled", "declined", "merged"))
        resolved = (
            created + timedelta(hours=6 * rng.randint(1, 80))
            if status in ("fulfilled", "declined", "merged")
            else None
        )
        t["material_requests"].append(
            {
                "id": r,
                "requester_id": rng.choice(sellers)["id"],
                "title": f"Need {r}",
                "details": "",
                "situation_tag_id": rng.choice([None, *sit_ids]),
                "segment_tag_id": rng.choice([None, *seg_ids]),
                "status": status,
                "created": created,
                "updated": created,
                "resolved_at": resolved,
                "resolution_note": "",
            }
        )
        for voter in rng.sample(sellers, rng.randint(0, 3)):
            t["request_votes"].append(
                {
                    "request_id": r,
                    "user_id": voter["id"],
                    "created": created + timedelta(hours=rng.randint(1, 500)),
                }
            )


def _events(data: Dataset, rng: random.Random, n: int, span: int) -> None:
    t, today = data.tables, data.today
    users = t["users"]
    asset_ids = [a["id"] for a in t["assets"]]
    events: list[dict[str, Any]] = []
    while len(events) < n:
        user = rng.choice(users)
        when = _at(today, rng, span)
        base = {
            "user_id": user["id"],
            "role": user["role"],
            "client": "bench",
            "asset_id": None,
            "query": None,
            "normalized_query": None,
            "filters": None,
            "result_count": None,
            "search_key": None,
            "event_key": str(uuid.UUID(int=rng.getrandbits(128))),
        }
        if rng.random() < 0.35:
            query = rng.choice(QUERIES)
            filters = {}
            if rng.random() < 0.5:
                filters["situation"] = rng.sample((*SITUATIONS, "unknown"), rng.randint(1, 2))
            if rng.random() < 0.4:
                filters["segment"] = [rng.choice(SEGMENTS)]
            if rng.random() < 0.2:
                filters["type"] = [rng.choice(KINDS)]
            search = {
                **base,
                "kind": "search",
                "occurred_at": when,
                "query": query,
                "normalized_query": normalize_query(query),
                "result_count": rng.choice((0, 0, 3, 12, 40)),
                "filters": json.dumps(filters, sort_keys=True) if filters else None,
            }
            events.append(search)
            for _ in range(rng.choice((0, 0, 1, 2))):
                events.append(
                    {
                        **base,
                        "kind": rng.choice(FOLLOW),
                        "asset_id": rng.choice(asset_ids),
                        "occurred_at": when + timedelta(seconds=rng.randint(1, 600)),
                        "search_key": search["event_key"],
                        "event_key": str(uuid.UUID(int=rng.getrandbits(128))),
                    }
                )
        else:
            events.append(
                {
                    **base,
                    "kind": rng.choice(OTHER),
                    "occurred_at": when,
                    "asset_id": rng.choice(asset_ids),
                }
            )
    events = events[:n]
    # What `services.usage.record` keeps on a search: did a follow-up come of it?
    followed = {e["search_key"] for e in events if e["search_key"] and e["kind"] in FOLLOW_UP_KINDS}
    for i, event in enumerate(events, start=1):
        event["id"] = i
        event["search_used"] = event["kind"] == "search" and event["event_key"] in followed
    t["usage_events"] = events


ORDER = (
    (TagCategory, "tag_categories"),
    (Tag, "tags"),
    (User, "users"),
    (Asset, "assets"),
    (AssetVersion, "asset_versions"),
    (asset_tags, "asset_tags"),
    (Rating, "ratings"),
    (MaterialRequest, "material_requests"),
    (RequestVote, "request_votes"),
    (UsageEvent, "usage_events"),
)


def write(engine: Engine, data: Dataset, chunk: int = 50_000) -> None:
    """Bulk insert every table with executemany, in foreign-key order."""
    with engine.begin() as connection:
        for target, name in ORDER:
            rows = data.tables[name]
            for start in range(0, len(rows), chunk):
                connection.execute(insert(target), rows[start : start + chunk])
