"""What a mutation changed, so each screen refreshes only what it shows.

Every mutation of the library hands back a `Changes` record (Anki's
`OpChanges`): a mutation with a result carries it as the result's `changes`
(`RequestInfo.changes`, `CollectionInfo.changes`, ...), one with nothing
else to report returns the `Changes` itself, which answers to `.changes`
too. The desktop forwards the record in its one `changes_applied` signal
instead of guessing what an action touched. Results of reads carry
`NO_CHANGES`. The field is left out of equality and repr, so a mutation's
result still equals the same object read back.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    assets: frozenset[int] = field(default_factory=frozenset)
    taxonomy: bool = False
    requests: frozenset[int] = field(default_factory=frozenset)
    ratings: bool = False
    collections: frozenset[int] = field(default_factory=frozenset)  # kit ids
    users: bool = False
    # Assets whose open tag suggestions changed (a suggestion rejected).
    suggestions: frozenset[int] = field(default_factory=frozenset)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            assets=self.assets | other.assets,
            taxonomy=self.taxonomy or other.taxonomy,
            requests=self.requests | other.requests,
            ratings=self.ratings or other.ratings,
            collections=self.collections | other.collections,
            users=self.users or other.users,
            suggestions=self.suggestions | other.suggestions,
        )

    def __bool__(self) -> bool:
        return any(
            (self.assets, self.taxonomy, self.requests, self.ratings, self.collections,
             self.users, self.suggestions)
        )  # fmt: skip

    @property
    def changes(self) -> Changes:
        """The record itself: callers read `result.changes` whatever the mutation."""
        return self


NO_CHANGES = Changes()


__all__ = ["NO_CHANGES", "Changes"]
