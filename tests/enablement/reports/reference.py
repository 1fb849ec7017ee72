"""Independent plain-Python versions of every report, for the tests and the bench.

Written from the report definitions, not from the SQL: loop over rows with
attributes named like the ORM columns (generated namespaces in the tests, ORM
objects in the bench's naive baseline) and aggregate with dicts and Counters.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

from enablement.reports import ReportFilters

VIEW, OPEN, EXPORT = {"view"}, {"open"}, {"export", "share", "drag-out", "kit-export"}
USE = {"click"} | VIEW | OPEN | EXPORT
FOLLOW = {"click", "view", "open", "export", "share", "drag-out"}
NONE = "(none)"


class World:
    """Lookups over the catalogue rows; events are passed separately."""

    def __init__(self, t: dict[str, list[Any]]) -> None:
        self.t = t
        self.users = {u.id: u for u in t["users"]}
        self.user_by_name = {u.name: u for u in t["users"]}
        cats = {c.id: c.slug for c in t["tag_categories"]}
        self.tags = {g.id: (cats[g.category_id], g.slug, g.position) for g in t["tags"]}
        self.asset_tags: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for at in t["asset_tags"]:
            cat, slug, _ = self.tags[at.tag_id]
            self.asset_tags[at.asset_id][cat].append(slug)
        newest: dict[int, Any] = {}
        for v in t["asset_versions"]:
            if v.asset_id not in newest or v.number > newest[v.asset_id].number:
                newest[v.asset_id] = v
        self.kind = {a: v.kind for a, v in newest.items()}
        self.assets = {a.id: a for a in t["assets"]}

    def grid(self, category: str) -> list[str]:
        tags = sorted((p, s) for c, s, p in self.tags.values() if c == category)
        return [s for _, s in tags] + [NONE]

    def slug(self, tag_id: int | None) -> str:
        return self.tags[tag_id][1] if tag_id is not None else NONE

    def in_scope(self, asset: Any, f: ReportFilters, tags: bool = True) -> bool:
        if f.owner and self.users[asset.owner_id].name != f.owner:
            return False
        if f.type and self.kind.get(asset.id) != f.type:
            return False
        mine = self.asset_tags[asset.id]
        if tags and f.segment and f.segment not in mine["segment"]:
            return False
        return not (tags and f.situation and f.situation not in mine["situation"])

    def head(self, a: Any) -> tuple[Any, ...]:
        return (a.id, a.title, self.users[a.owner_id].name, self.kind.get(a.id))


def in_window(when: Any, f: ReportFilters) -> bool:
    return f.start <= when < f.end


def role_ok(e: Any, f: ReportFilters) -> bool:
    return not f.roles or e.role in f.roles


def usage(w: World, events: list[Any], f: ReportFilters) -> dict[str, Any]:
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    series: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0])
    bucket = f.resolved_bucket()
    for e in events:
        if e.asset_id not in w.assets or not in_window(e.occurred_at, f) or not role_ok(e, f):
            continue
        slot = 0 if e.kind in VIEW else 1 if e.kind in OPEN else 2 if e.kind in EXPORT else None
        if slot is None or not w.in_scope(w.assets[e.asset_id], f):
            continue
        counts[e.asset_id][slot] += 1
        day = e.occurred_at.date()
        series[day - timedelta(days=day.weekday()) if bucket == "week" else day][slot] += 1

    def row(group: str, a: Any) -> tuple[Any, ...]:
        c = counts.get(a.id, [0, 0, 0])
        return (group, *w.head(a), *c, sum(c))

    top = sorted((w.assets[i] for i in counts), key=lambda a: (-sum(counts[a.id]), a.id))
    bottom = sorted(
        (a for a in w.assets.values() if a.status == "published" and w.in_scope(a, f)),
        key=lambda a: (sum(counts.get(a.id, [0])), a.id),
    )
    n = f.row_limit
    rows = [row("top", a) for a in top[:n]] + [row("bottom", a) for a in bottom[:n]]
    return {"rows": rows, "series": {k: tuple(v) for k, v in series.items()}}


def unused(w: World, events: list[Any], f: ReportFilters) -> dict[str, Any]:
    since = f.end - timedelta(days=f.days)
    recent, last = set(), {}
    for e in events:
        if e.kind in USE and e.asset_id is not None and e.occurred_at < f.end and role_ok(e, f):
            last[e.asset_id] = max(last.get(e.asset_id, e.occurred_at), e.occurred_at)
            if e.occurred_at >= since:
                recent.add(e.asset_id)
    rows, owners, bands = [], defaultdict(lambda: [0, 0]), Counter()
    for a in w.assets.values():
        published = a.published_at or a.created
        if a.status != "published" or published >= f.end or not w.in_scope(a, f):
            continue
        owner = w.users[a.owner_id].name
        owners[owner][0] += 1
        if a.id in recent:
            continue
        owners[owner][1] += 1
        age = f.end - published
        band = next(
            (
                label
                for d, label in (
                    (30, "< 30 days"),
                    (90, "30–89 days"),
                    (180, "90–179 days"),
                    (365, "180–364 days"),
                )
                if age < timedelta(days=d)
            ),
            "365+ days",
        )
        bands[band] += 1
        used = last.get(a.id)
        rows.append((*w.head(a), published.date(), age.days, band, used.date() if used else None))
    rows.sort(
        key=lambda r: (
            r[2],
            next(x for x in [w.assets[r[0]]]).published_at or w.assets[r[0]].created,
            r[0],
        )
    )
    return {
        "rows": rows,
        "owners": sorted((o, p, u) for o, (p, u) in owners.items()),
        "bands": bands,
        "published": sum(p for p, _ in owners.values()),
    }


def ratings(w: World, f: ReportFilters) -> dict[str, Any]:
    by_asset: dict[int, list[Any]] = defaultdict(list)
    for r in w.t["ratings"]:
        a = w.assets[r.asset_id]
        if not in_window(r.updated, f) or not w.in_scope(a, f, tags=False):
            continue
        if f.segment and f.segment not in w.asset_tags[a.id]["segment"]:
            continue
        if f.situation and (
            r.situation_tag_id is None or w.slug(r.situation_tag_id) != f.situation
        ):
            continue
        by_asset[a.id].append(r)
    rows = []
    for asset_id, rs in by_asset.items():
        stars = Counter(r.stars for r in rs)
        commented = [r for r in rs if r.comment]
        worst = min(commented, key=lambda r: (r.stars, -r.updated.timestamp(), -r.id), default=None)
        rows.append(
            (
                *w.head(w.assets[asset_id]),
                len(rs),
                round(sum(r.stars for r in rs) / len(rs), 2),
                *(stars[n] for n in range(1, 6)),
                sum(r.outcome == "helped" for r in rs),
                sum(r.outcome == "did-not-help" for r in rs),
                worst.comment if worst else "",
            )
        )
    exact = {a: sum(r.stars for r in rs) / len(rs) for a, rs in by_asset.items()}
    rows.sort(key=lambda r: (exact[r[0]], -r[4], r[0]))
    every = [r for rs in by_asset.values() for r in rs]
    spread = Counter(r.stars for r in every)
    return {
        "rows": rows[: f.row_limit],
        "spread": [(n, spread[n]) for n in range(1, 6)],
        "count": len(every),
    }


def _json_values(filters: str | None, key: str) -> list[str]:
    return list(json.loads(filters).get(key, [])) if filters else []


def search_gaps(events: list[Any], f: ReportFilters) -> dict[str, Any]:
    followed = {e.search_key for e in events if e.search_key and e.kind in FOLLOW}
    groups: dict[str, list[tuple[Any, str]]] = defaultdict(list)
    for e in events:
        if e.kind != "search" or not in_window(e.occurred_at, f) or not role_ok(e, f):
            continue
        if any(
            getattr(f, k) and getattr(f, k) not in _json_values(e.filters, k)
            for k in ("segment", "situation", "type")
        ):
            continue
        outcome = "zero" if e.result_count == 0 else "used" if e.event_key in followed else "no"
        groups[e.normalized_query or ""].append((e, outcome))
    rows = []
    for nq, items in groups.items():
        gaps = [e for e, o in items if o != "used"]
        if not gaps:
            continue

        def mode(values: list[str]) -> str:
            counts = Counter(values)
            return min(counts, key=lambda v: (-counts[v], v))

        filters = mode([e.filters or "" for e in gaps])
        data = json.loads(filters) if filters else {}
        rows.append(
            (
                mode([e.query or "" for e in gaps]),
                nq,
                len(items),
                sum(o == "zero" for _, o in items),
                sum(o == "no" for _, o in items),
                len(gaps),
                len({e.user_id for e, _ in items}),
                max(e.occurred_at for e, _ in items).date(),
                filters,
                (data.get("situation") or [""])[0],
                (data.get("segment") or [""])[0],
            )
        )
    rows.sort(key=lambda r: (-r[5], r[1]))
    return {"rows": rows[: f.row_limit]}


def adoption(w: World, events: list[Any], f: ReportFilters) -> dict[str, Any]:
    followed = {e.search_key for e in events if e.search_key and e.kind in FOLLOW}
    weeks: dict[Any, list[Any]] = defaultdict(lambda: [set(), 0, 0])
    for e in events:
        if e.role != "seller" or not in_window(e.occurred_at, f):
            continue
        if f.segment and f.segment not in w.users[e.user_id].segments.split(","):
            continue
        day = e.occurred_at.date()
        slot = weeks[day - timedelta(days=day.weekday())]
        slot[0].add(e.user_id)
        if e.kind == "search":
            slot[1] += 1
            slot[2] += e.event_key in followed
    return {"weeks": {k: (len(v[0]), v[1], v[2]) for k, v in weeks.items()}}


def requests(w: World, f: ReportFilters) -> dict[str, Any]:
    def tags_ok(r: Any) -> bool:
        return (
            not f.situation or (r.situation_tag_id and w.slug(r.situation_tag_id) == f.situation)
        ) and (not f.segment or (r.segment_tag_id and w.slug(r.segment_tag_id) == f.segment))

    scope = [r for r in w.t["material_requests"] if in_window(r.created, f) and tags_ok(r)]

    def ranked(counter: Counter[str]) -> list[tuple[str, int]]:
        return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))

    ages = Counter()
    for r in scope:
        if r.status in ("open", "in-progress"):
            age = f.end - r.created
            ages[
                next(
                    (
                        lbl
                        for d, lbl in ((7, "< 7 days"), (30, "7–29 days"), (90, "30–89 days"))
                        if age < timedelta(days=d)
                    ),
                    "90+ days",
                )
            ] += 1
    durations = sorted(
        (r.resolved_at - r.created).total_seconds() / 86400
        for r in w.t["material_requests"]
        if r.status == "fulfilled" and r.resolved_at and in_window(r.resolved_at, f) and tags_ok(r)
    )

    def pct(p: int) -> float | None:
        return round(durations[(len(durations) * p + 99) // 100 - 1], 2) if durations else None

    requests_by_id = {r.id: r for r in w.t["material_requests"]}
    votes = sum(
        1
        for v in w.t["request_votes"]
        if in_window(v.created, f) and tags_ok(requests_by_id[v.request_id])
    )
    return {
        "status": Counter(r.status for r in scope),
        "situation": ranked(Counter(w.slug(r.situation_tag_id) for r in scope)),
        "segment": ranked(Counter(w.slug(r.segment_tag_id) for r in scope)),
        "ages": ages,
        "requesters": ranked(Counter(w.users[r.requester_id].name for r in scope))[: f.row_limit],
        "median": pct(50),
        "p90": pct(90),
        "votes": votes,
        "new": len(scope),
    }


def coverage(w: World, events: list[Any], f: ReportFilters) -> dict[tuple[str, str], list[int]]:
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    uses = Counter(
        e.asset_id
        for e in events
        if e.kind in USE and in_window(e.occurred_at, f) and role_ok(e, f)
    )

    def pairs(sits: list[str], segs: list[str]) -> list[tuple[str, str]]:
        return [
            (a, b)
            for a in (sits or [NONE])
            for b in (segs or [NONE])
            if (not f.situation or a == f.situation) and (not f.segment or b == f.segment)
        ]

    for a in w.assets.values():
        if a.status == "published" and w.in_scope(a, f, tags=False):
            tags = w.asset_tags[a.id]
            for cell in pairs(tags["situation"], tags["segment"]):
                cells[cell][0] += 1
                cells[cell][1] += uses[a.id]
    for r in w.t["material_requests"]:
        if r.status in ("open", "in-progress") and r.created < f.end:
            for cell in pairs([w.slug(r.situation_tag_id)], [w.slug(r.segment_tag_id)]):
                cells[cell][2] += 1
    for e in events:
        if (
            e.kind == "search"
            and e.result_count == 0
            and in_window(e.occurred_at, f)
            and role_ok(e, f)
            and (not f.type or f.type in _json_values(e.filters, "type"))
        ):
            for cell in pairs(
                _json_values(e.filters, "situation"), _json_values(e.filters, "segment")
            ):
                cells[cell][3] += 1
    return cells
