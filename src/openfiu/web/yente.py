"""OpenSanctions yente's ``/match`` request and response shapes, and their translation to
and from openfiu's screening queries and matches.

A yente query is a FollowTheMoney example entity::

    {"schema": "Person", "properties": {"name": ["Jumakhon Halimov"],
     "birthDate": ["1971"], "nationality": ["tj"], "passportNumber": ["P123"]}}

:func:`to_openfiu_query` turns it into the mapping :func:`openfiu.screening.parse_query`
reads; :func:`scored_entity` turns a :class:`openfiu.screening.Match` into yente's
``ScoredEntityResponse`` (the entity as FtM, ``score``, ``match``, ``features``) with
openfiu's ``explanation`` and per-feature ``explanations`` added.

Example::

    >>> q = to_openfiu_query({"schema": "Person", "properties": {"name": ["A B", "C D"]}})
    >>> q["name"], q["aliases"], q["kind"]
    ('A B', ['C D'], 'person')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from openfiu.lists.ftm import entity_to_ftm
from openfiu.model import Entity
from openfiu.screening import Match, parse_query
from openfiu.screening.features import FEATURES

SCHEMA_KINDS: dict[str, str | None] = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "PublicBody": "organization",
    "Airplane": "organization",
    "Vessel": "vessel",
    "CryptoWallet": "wallet",
    "LegalEntity": None,
    "Thing": None,
}
"""FtM schemata a query may have, and the openfiu kind each is screened as (None: any)."""

NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
NAME_PART_PROPS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction")
ID_PROPS: dict[str, str] = {
    "idNumber": "id",
    "passportNumber": "passport",
    "nationalId": "national_id",
    "taxNumber": "tax",
    "innCode": "inn",
    "registrationNumber": "registration",
    "ogrnCode": "ogrn",
    "leiCode": "lei",
    "swiftBic": "swift",
    "imoNumber": "imo",
    "publicKey": "crypto",
}
"""FtM identifier properties read from a query, with the identifier type they become."""

MAX_NAMES = 20
"""Names beyond this many in one query are ignored (each costs a candidate search)."""

DATASET_NAMES = {"un-sc": "un_sc_sanctions", "ofac": "us_ofac_sdn"}
"""openfiu list sources and the OpenSanctions dataset names yente clients know them by."""

ALGORITHMS = frozenset(
    {"openfiu", "best", "logic-v1", "logic-v2", "name-based", "name-qualified", "regression-v1"}
)
"""Accepted ``algorithm`` values: openfiu's matcher answers all of them (yente's names are
accepted so that clients need no change)."""


class EntityExample(BaseModel):
    """One query: an example entity (yente ``EntityExample``)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: str | None = Field(default=None, examples=["customer-17"])
    schema_: str = Field(alias="schema", examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(
        examples=[{"name": ["Jumakhon Halimov"], "birthDate": ["1971"], "nationality": ["tj"]}]
    )


class EntityMatchQuery(BaseModel):
    """The ``/match`` request body (yente ``EntityMatchQuery``), plus ``justification``."""

    model_config = ConfigDict(extra="allow")

    weights: dict[str, float] = Field(default_factory=dict, description="Accepted, not used.")
    config: dict[str, Any] = Field(default_factory=dict, description="Accepted, not used.")
    queries: dict[str, EntityExample]
    justification: str | None = Field(
        default=None,
        description="Why these searches are made (needed for persons); else the "
        "X-Justification header or the API key's default.",
    )


class FtResult(BaseModel):
    score: float
    detail: str | None = None


class ScoredEntity(BaseModel):
    """One result (yente ``ScoredEntityResponse``) with openfiu's explanation."""

    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str]
    referents: list[str]
    target: bool
    first_seen: str | None
    last_seen: str | None
    last_change: str | None
    score: float
    match: bool
    features: dict[str, float]
    explanation: str
    explanations: dict[str, FtResult]


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class EntityMatches(BaseModel):
    """The answer to one query (yente ``EntityMatches``); ``detail`` when it failed."""

    status: int
    results: list[ScoredEntity]
    total: TotalSpec
    query: dict[str, Any]
    detail: str | None = None


class FeatureDoc(BaseModel):
    description: str | None
    coefficient: float
    url: str


class AlgorithmResponse(BaseModel):
    name: str
    description: str | None
    features: dict[str, FeatureDoc]


class EntityMatchResponse(BaseModel):
    """The ``/match`` response (yente ``EntityMatchResponse``)."""

    responses: dict[str, EntityMatches]
    matcher: AlgorithmResponse
    limit: int


def _values(value: str | Sequence[Any] | None) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [text for text in (str(v).strip() for v in items if v is not None) if text]


def to_openfiu_query(example: Mapping[str, Any]) -> dict[str, Any]:
    """The openfiu query mapping for one yente example (``schema`` and ``properties``).

    Raises ``KeyError`` naming an unknown schema.
    """
    schema = str(example.get("schema", example.get("schema_", "")) or "")
    if schema not in SCHEMA_KINDS:
        raise KeyError(schema)
    props: Mapping[str, Any] = example.get("properties") or {}
    names = [n for prop in NAME_PROPS for n in _values(props.get(prop))]
    if not names:
        parts = [p for prop in NAME_PART_PROPS for p in _values(props.get(prop))]
        if parts:
            names = [" ".join(parts)]
    names = list(dict.fromkeys(names))[:MAX_NAMES]
    countries = [c for prop in COUNTRY_PROPS for c in _values(props.get(prop))]
    genders = _values(props.get("gender"))
    identifiers = [
        {"number": number, "type": kind}
        for prop, kind in ID_PROPS.items()
        for number in _values(props.get(prop))
    ]
    query: dict[str, Any] = {
        "name": names[0] if names else "",
        "aliases": names[1:],
        "kind": SCHEMA_KINDS[schema],
        "birth_date": _values(props.get("birthDate")),
        "nationality": countries[0] if countries else None,
        "gender": genders[0] if genders and genders[0].lower() in ("male", "female") else None,
        "identifiers": identifiers,
    }
    if example.get("id"):
        query["id"] = str(example["id"])
    return query


def echo_query(example: EntityExample) -> dict[str, Any]:
    """The query as yente echoes it: id, schema and properties as lists."""
    return {
        "id": example.id,
        "schema": example.schema_,
        "properties": {k: _values(v) for k, v in example.properties.items()},
    }


def dataset_name(source: str) -> str:
    """The dataset name a list source is shown as (``un-sc`` → ``un_sc_sanctions``)."""
    return DATASET_NAMES.get(source, source)


def _day(value: dt.date | None) -> str | None:
    return f"{value.isoformat()}T00:00:00" if value is not None else None


class EntityView:
    """Entities as yente shows them, made once per entity and kept."""

    def __init__(self, entities: Sequence[Entity], loaded_at: Mapping[str, dt.datetime]) -> None:
        self.entities = {e.id: e for e in entities}
        self._loaded_at = loaded_at
        self._cache: dict[str, dict[str, Any]] = {}

    def base(self, entity: Entity) -> dict[str, Any]:
        """id, caption, schema, properties, datasets, referents, target and dates."""
        cached = self._cache.get(entity.id)
        if cached is None:
            ftm = entity_to_ftm(entity)[0]
            seen = self._loaded_at.get(entity.source)
            changed = max(entity.last_updated) if entity.last_updated else entity.listed_on
            cached = {
                "id": entity.id,
                "caption": entity.primary_name,
                "schema": ftm["schema"],
                "properties": ftm["properties"],
                "datasets": [dataset_name(entity.source)],
                "referents": [],
                "target": True,
                "first_seen": _day(entity.listed_on),
                "last_seen": seen.strftime("%Y-%m-%dT%H:%M:%S") if seen else None,
                "last_change": _day(changed),
            }
            self._cache[entity.id] = cached
        return cached

    def scored(self, match: Match, query: Mapping[str, Any], threshold: float) -> dict[str, Any]:
        """One yente result for ``match`` of ``query`` (the openfiu query mapping)."""
        entity = self.entities.get(match.entity_id)
        base = self.base(entity) if entity is not None else _bare(match)
        explanations = explain(match, query, entity)
        return {
            **base,
            "score": match.score,
            "match": match.score >= threshold,
            "features": {"name": match.name_score, **match.features},
            "explanation": match.explanation,
            "explanations": explanations,
        }


def _bare(match: Match) -> dict[str, Any]:
    return {
        "id": match.entity_id,
        "caption": match.primary_name,
        "schema": "Person" if match.kind == "person" else "Organization",
        "properties": {"name": [match.primary_name]},
        "datasets": [dataset_name(match.source)],
        "referents": [],
        "target": True,
        "first_seen": None,
        "last_seen": None,
        "last_change": None,
    }


def explain(
    match: Match, query: Mapping[str, Any], entity: Entity | None
) -> dict[str, dict[str, Any]]:
    """Per-feature score and sentence: the name comparison, then each other evidence."""
    details: dict[str, dict[str, Any]] = {}
    if entity is not None:
        parsed = parse_query(query)
        for feature in FEATURES:
            evidence = feature.func(parsed, entity)
            if evidence is not None:
                details[feature.name] = {"score": evidence.delta, "detail": evidence.detail}
    name_detail = match.explanation
    if details:
        text = "; ".join(f"{d['detail']} ({d['score']:+.2f})" for d in details.values())
        suffix = " " + text[:1].upper() + text[1:] + "."
        name_detail = name_detail.removesuffix(suffix)
    return {"name": {"score": match.name_score, "detail": name_detail}, **details}


def matcher_docs(name: str) -> dict[str, Any]:
    """yente's ``matcher`` block: the algorithm's name and its features."""
    features: dict[str, Any] = {
        "name": {
            "description": "best name similarity across scripts (query name against every list name)",
            "coefficient": 1.0,
            "url": "docs/web.md#matcher",
        }
    }
    for feature in FEATURES:
        features[feature.name] = {
            "description": feature.description,
            "coefficient": 1.0,
            "url": "docs/web.md#matcher",
        }
    description = (
        "openfiu cross-script name matcher; the score is the name similarity plus the "
        "adjustments of the other evidence (features hold each adjustment)"
    )
    if name != "openfiu":
        description += f"; answers requests for {name!r}"
    return {"name": "openfiu", "description": description, "features": features}


__all__ = [
    "ALGORITHMS",
    "DATASET_NAMES",
    "SCHEMA_KINDS",
    "AlgorithmResponse",
    "EntityExample",
    "EntityMatchQuery",
    "EntityMatchResponse",
    "EntityMatches",
    "EntityView",
    "ScoredEntity",
    "dataset_name",
    "echo_query",
    "explain",
    "matcher_docs",
    "to_openfiu_query",
]
