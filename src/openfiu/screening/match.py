"""A screening result: one list entry that a query may be, with its score and the reasons."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, slots=True)
class Match:
    """One list entry matched by a query.

    ``score`` is in [0, 1]; ``explanation`` says in words which query name matched which
    list name and how, and which other attributes agreed or disagreed.
    """

    score: float
    reference: str
    entity_id: str
    source: str
    list_type: str | None
    kind: str
    primary_name: str
    matched_name: str
    query_name: str
    name_score: float
    explanation: str
    features: dict[str, float] = field(default_factory=dict)
    record_id: str | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-able dict of every field."""
        return asdict(self)
