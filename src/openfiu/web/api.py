"""The REST API: yente-compatible ``/match``, explained ``/api/search``, list versions,
health.

``POST /api/match/{dataset}`` (also ``/match/{dataset}``, where yente serves it) takes
yente's request and answers yente's response shape, so yente clients work unchanged. Every
query is a ``screening.search`` audit event of the API client's user; a person search
needs a justification: the body's ``justification``, the ``X-Justification`` header, or the
API key's configured default (how unchanged yente clients give one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from openfiu.audit import SearchRecord, check_justification
from openfiu.errors import QueryError
from openfiu.lists.update import current_list_path, list_versions
from openfiu.screening import Match, Screener
from openfiu.store import JustificationRequiredError
from openfiu.store.models.lists import ListVersionRecord
from openfiu.web.auth import Principal, allow
from openfiu.web.state import WebState, get_state
from openfiu.web.yente import (
    ALGORITHMS,
    EntityMatchQuery,
    EntityMatchResponse,
    dataset_name,
    echo_query,
    matcher_docs,
    to_openfiu_query,
)

router = APIRouter()

JUSTIFICATION_HELP = (
    'send it as the X-Justification header or the body\'s "justification" field, or ask '
    "the administrator to configure a default justification for this API key"
)
INLINE_QUERIES = 4
"""Requests with more queries than this are screened off the event loop."""

Justification = Annotated[
    str | None,
    Header(alias="X-Justification", description="Why this search is made (needed for persons)."),
]


def _sources(state: WebState, dataset: str) -> set[str] | None:
    """The list sources a dataset name stands for (None: all), or 404."""
    if dataset in ("default", "sanctions", "openfiu", "all"):
        return None
    loaded = {item.source for item in state.lists}
    chosen = {s for s in loaded if dataset in (s, dataset_name(s))}
    if not chosen:
        known = ", ".join(sorted({"default", *loaded, *(dataset_name(s) for s in loaded)}))
        raise HTTPException(404, f"no such dataset {dataset!r}; known: {known}")
    return chosen


def _justify(queries: Sequence[dict[str, Any]], *given: str | None) -> str | None:
    justification = next((g.strip() for g in given if g and g.strip()), None)
    try:
        for query in queries:
            check_justification(query, justification)
    except JustificationRequiredError as exc:
        raise HTTPException(400, f"{exc}; {JUSTIFICATION_HELP}") from None
    return justification


def _screen_all(
    screener: Screener, queries: Sequence[dict[str, Any]], limit: int, sources: set[str] | None
) -> list[list[Match] | str]:
    """Matches per query, or the query's problem as text."""
    depth = limit if sources is None else limit + 50
    out: list[list[Match] | str] = []
    for query in queries:
        try:
            matches = screener.screen(query, limit=depth)
        except QueryError as exc:
            out.append(str(exc))
            continue
        if sources is not None:
            matches = [m for m in matches if m.source in sources]
        out.append(matches[:limit])
    return out


async def _audit(state: WebState, records: list[SearchRecord]) -> None:
    try:
        await state.audit.write(records)
    except Exception as exc:
        raise HTTPException(
            503, f"the search could not be written to the audit log, so no result is given: {exc}"
        ) from exc


@router.post(
    "/api/match/{dataset}",
    tags=["screening"],
    summary="Match entities (yente-compatible)",
    response_model=EntityMatchResponse,
)
async def match(
    dataset: str,
    body: EntityMatchQuery,
    request: Request,
    principal: Annotated[Principal, Depends(allow("search"))],
    x_justification: Justification = None,
    threshold: Annotated[float | None, Query(ge=0, le=1)] = None,
    cutoff: Annotated[float | None, Query(ge=0, le=1)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 5,
    algorithm: str = "openfiu",
) -> JSONResponse:
    """Screen up to 100 example entities in the shape of OpenSanctions yente's ``/match``.

    ``threshold`` sets ``match`` (default: the calibrated screening threshold, 0.80);
    ``cutoff`` the lowest score returned (default: the threshold; at least 0.5).
    """
    state = get_state(request)
    sources = _sources(state, dataset)
    if algorithm not in ALGORITHMS:
        raise HTTPException(
            400, f"invalid algorithm {algorithm!r}; use one of {sorted(ALGORITHMS)}"
        )
    if len(body.queries) > state.settings.max_queries:
        raise HTTPException(
            400, f"too many queries in one batch (limit: {state.settings.max_queries})"
        )
    names = list(body.queries)
    examples = [body.queries[n] for n in names]
    queries: list[dict[str, Any]] = []
    for example in examples:
        try:
            queries.append(
                to_openfiu_query(
                    {"schema": example.schema_, "properties": example.properties, "id": example.id}
                )
            )
        except KeyError:
            raise HTTPException(400, f"invalid schema {example.schema_!r}") from None
    justification = _justify(
        queries, body.justification, x_justification, principal.default_justification
    )
    shown = threshold if threshold is not None else state.screener.threshold
    screener = state.screener_at(min(shown, cutoff) if cutoff is not None else shown)
    if len(queries) > INLINE_QUERIES:
        found = await run_in_threadpool(_screen_all, screener, queries, limit, sources)
    else:
        found = _screen_all(screener, queries, limit, sources)
    responses: dict[str, Any] = {}
    records: list[SearchRecord] = []
    for name, example, query, result in zip(names, examples, queries, found, strict=True):
        entry: dict[str, Any] = {"status": 200, "results": [], "query": echo_query(example)}
        if isinstance(result, str):
            entry.update(status=400, detail=result)
        else:
            entry["results"] = [state.entities.scored(m, query, shown) for m in result]
        entry["total"] = {"value": len(entry["results"]), "relation": "eq"}
        responses[name] = entry
        audited = {
            **query,
            "endpoint": request.url.path,
            "dataset": dataset,
            "query_id": name,
            "matched": [r["id"] for r in entry["results"]],
        }
        if principal.key_label:
            audited["api_key"] = principal.key_label
        records.append(SearchRecord(principal.actor, audited, justification))
    await _audit(state, records)
    return JSONResponse(
        {"responses": responses, "matcher": matcher_docs(algorithm), "limit": limit}
    )


router.add_api_route(
    "/match/{dataset}",
    match,
    methods=["POST"],
    tags=["screening"],
    summary="Match entities (yente's path)",
    response_model=EntityMatchResponse,
)


@router.get("/api/search", tags=["screening"], summary="Search one name, with explanations")
async def search(
    request: Request,
    principal: Annotated[Principal, Depends(allow("search"))],
    q: Annotated[str, Query(min_length=1, max_length=1000, description="The name to search.")],
    kind: Annotated[str | None, Query(description="person, organization, vessel, wallet")] = None,
    birth_date: str | None = None,
    nationality: str | None = None,
    identifier: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    threshold: Annotated[float | None, Query(ge=0, le=1)] = None,
    justification: str | None = None,
    x_justification: Justification = None,
) -> dict[str, Any]:
    """Screen one name; each result carries its explanation, per feature and in words."""
    state = get_state(request)
    query: dict[str, Any] = {"name": q, "kind": kind or None, "birth_date": birth_date}
    query.update(nationality=nationality, identifiers=identifier)
    why = _justify([query], justification, x_justification, principal.default_justification)
    screener = state.screener_at(threshold)
    result = _screen_all(screener, [query], limit, None)[0]
    if isinstance(result, str):
        raise HTTPException(400, result)
    shown = screener.threshold
    results = [state.entities.scored(m, query, shown) | {"reference": m.reference} for m in result]
    audited = {**query, "endpoint": request.url.path, "matched": [r["id"] for r in results]}
    await _audit(state, [SearchRecord(principal.actor, audited, why)])
    return {
        "query": query,
        "threshold": shown,
        "total": len(results),
        "results": results,
        "lists": [item.to_dict() for item in state.lists],
    }


@router.get("/api/lists", tags=["lists"], summary="List versions: in use, stored, downloaded")
def lists(
    request: Request, _: Annotated[Principal, Depends(allow("search", "lists.manage"))]
) -> dict[str, Any]:
    """The versions the screener holds, those kept in the store, and downloaded files."""
    state = get_state(request)
    with state.store.transaction() as session:
        rows = session.scalars(
            select(ListVersionRecord).order_by(ListVersionRecord.loaded_at.desc()).limit(200)
        ).all()
        stored = [
            {
                "id": r.id,
                "source": r.source,
                "version": r.version,
                "sha256": r.sha256,
                "format": r.format,
                "entities": r.entity_count,
                "issues": r.issue_count,
                "loaded_at": r.loaded_at.isoformat(),
            }
            for r in rows
        ]
    folder = state.core.store_dir
    downloaded: dict[str, Any] = {}
    for source in ("un-sc", "ofac"):
        files = list_versions(folder, source)
        if files:
            current = current_list_path(folder, source)
            downloaded[source] = {
                "versions": [p.name for p in files],
                "current": current.name if current else None,
            }
    return {
        "in_use": [item.to_dict() for item in state.lists],
        "stored": stored,
        "downloaded": downloaded,
    }


@router.get("/healthz", tags=["system"], summary="Health")
def healthz(request: Request) -> dict[str, Any]:
    """``{"status": "ok"}`` when the app is up with its lists loaded (no sign-in needed)."""
    state = get_state(request)
    return {"status": "ok", "entities": len(state.screener)}


__all__ = ["router"]
