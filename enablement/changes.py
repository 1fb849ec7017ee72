"""What a mutation changed, so each screen refreshes only what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    assets: frozenset[int] = field(default_factory=frozenset)
    taxonomy: bool = False
    requests: frozenset[int] = field(default_factory=frozenset)
    ratings: bool = False
    collections: bool = False
    users: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            assets=self.assets | other.assets,
            taxonomy=self.taxonomy or other.taxonomy,
            requests=self.requests | other.requests,
            ratings=self.ratings or other.ratings,
            collections=self.collections or other.collections,
            users=self.users or other.users,
        )
