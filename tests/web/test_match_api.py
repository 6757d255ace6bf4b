"""The yente-compatible /match endpoint: request and response shape, parameters, audit."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from openfiu.audit import verify
from openfiu.model import Entity
from openfiu.screening import Screener
from openfiu.store import Store
from openfiu.store.models.audit import AuditEvent

from .conftest import Keys, auth

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# yente's EntityMatchResponse / EntityMatches / ScoredEntityResponse fields
YENTE_RESULT_FIELDS = {
    "id",
    "caption",
    "schema",
    "properties",
    "datasets",
    "referents",
    "target",
    "first_seen",
    "last_seen",
    "last_change",
    "score",
    "features",
    "match",
}


def person(screener: Screener) -> Entity:
    return next(e for e in screener.entities if e.kind == "person" and e.birth_dates)


def organization(screener: Screener) -> Entity:
    return next(e for e in screener.entities if e.kind == "organization")


def example(name: str | list[str], schema: str = "Person", **props: Any) -> dict[str, Any]:
    return {"schema": schema, "properties": {"name": name, **props}}


def events(store: Store, action: str = "screening.search") -> list[AuditEvent]:
    with store.transaction() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        ).all()
        for row in rows:
            _ = row.details
        return list(rows)


@pytest.mark.parametrize("path", ["/match/default", "/api/match/default"])
def test_yente_request_and_response_shape(
    client: TestClient, api_keys: Keys, screener: Screener, path: str
) -> None:
    listed = person(screener)
    year = str(listed.birth_dates[0].year_from)
    body = {
        "queries": {
            "q1": example([listed.primary_name], birthDate=[year]),
            "q2": example(["Nobody Atallinthelist"]),
        },
        "weights": {"name_literal_match": 0.8},
    }
    response = client.post(path, json=body, headers={**auth(api_keys.ana), "X-Justification": "t"})
    assert response.status_code == 200, response.text
    data = response.json()
    assert set(data) == {"responses", "matcher", "limit"}
    assert data["limit"] == 5
    assert {"name", "description", "features"} <= set(data["matcher"])
    for feature in data["matcher"]["features"].values():
        assert {"description", "coefficient", "url"} <= set(feature)
    assert set(data["responses"]) == {"q1", "q2"}
    q1 = data["responses"]["q1"]
    assert {"status", "results", "total", "query"} <= set(q1)
    assert q1["status"] == 200
    assert q1["total"] == {"value": len(q1["results"]), "relation": "eq"}
    assert q1["query"] == {
        "id": None,
        "schema": "Person",
        "properties": {"name": [listed.primary_name], "birthDate": [year]},
    }
    top = q1["results"][0]
    assert set(top) >= YENTE_RESULT_FIELDS
    assert top["id"] == listed.id and top["caption"] == listed.primary_name
    assert top["schema"] == "Person" and top["target"] is True
    assert listed.primary_name in top["properties"]["name"]
    assert all(isinstance(v, list) for v in top["properties"].values())
    assert top["datasets"] == ["un_sc_sanctions"]
    assert top["match"] is True and 0.8 <= top["score"] <= 1.0
    assert all(isinstance(v, float) for v in top["features"].values())
    assert top["features"]["name"] == pytest.approx(1.0)
    # openfiu's additions: the explanation in words, and per feature
    assert listed.primary_name in top["explanation"]
    assert top["explanations"]["name"]["score"] == pytest.approx(1.0)
    assert "birth_date" in top["explanations"]
    assert data["responses"]["q2"]["results"] == []


def test_string_values_and_name_parts(
    client: TestClient, api_keys: Keys, screener: Screener
) -> None:
    listed = person(screener)
    first, *rest = listed.primary_name.split()
    body = {
        "queries": {
            "plain": example(listed.primary_name),
            "parts": {
                "schema": "Person",
                "properties": {"firstName": first, "lastName": " ".join(rest)},
            },
        }
    }
    response = client.post("/match/default", json=body, headers=auth(api_keys.ana_default))
    assert response.status_code == 200
    for entry in response.json()["responses"].values():
        assert entry["results"][0]["id"] == listed.id


def test_threshold_limit_cutoff_and_dataset(
    client: TestClient, api_keys: Keys, screener: Screener
) -> None:
    listed = person(screener)
    body = {"queries": {"q": example(listed.primary_name)}}
    headers = auth(api_keys.ana_default)
    strict = client.post("/match/un-sc?threshold=1.0&limit=1", json=body, headers=headers).json()
    results = strict["responses"]["q"]["results"]
    assert strict["limit"] == 1 and len(results) <= 1
    assert all(r["match"] == (r["score"] >= 1.0) for r in results)
    low = client.post("/match/un_sc_sanctions?cutoff=0.5", json=body, headers=headers).json()
    assert len(low["responses"]["q"]["results"]) >= len(results)
    missing = client.post("/match/us_ofac_sdn", json=body, headers=headers)
    assert missing.status_code == 404 and "known" in missing.json()["detail"]
    bad = client.post("/match/default?algorithm=magic", json=body, headers=headers)
    assert bad.status_code == 400
    assert client.post("/match/default?algorithm=logic-v1", json=body, headers=headers).is_success


def test_bad_queries(client: TestClient, api_keys: Keys) -> None:
    headers = auth(api_keys.ana_default)
    bad_schema = {"queries": {"q": example("X", schema="Banana")}}
    response = client.post("/match/default", json=bad_schema, headers=headers)
    assert response.status_code == 400 and "schema" in response.json()["detail"]
    too_many = {"queries": {f"q{i}": example(f"Name {i}") for i in range(6)}}
    response = client.post("/match/default", json=too_many, headers=headers)
    assert response.status_code == 400 and "too many" in response.json()["detail"]
    no_name = {"queries": {"q": {"schema": "Person", "properties": {"birthDate": ["1970"]}}}}
    response = client.post("/match/default", json=no_name, headers=headers)
    assert response.status_code == 200
    entry = response.json()["responses"]["q"]
    assert entry["status"] == 400 and "no name" in entry["detail"] and entry["results"] == []
    assert client.post("/match/default", json={"nope": 1}, headers=headers).status_code == 422


def test_person_search_needs_justification(
    client: TestClient, api_keys: Keys, screener: Screener, store: Store
) -> None:
    body = {"queries": {"q": example(person(screener).primary_name)}}
    refused = client.post("/match/default", json=body, headers=auth(api_keys.ana))
    assert refused.status_code == 400
    assert "justification" in refused.json()["detail"]
    assert "X-Justification" in refused.json()["detail"]
    thing = {"queries": {"q": example("Someone", schema="LegalEntity")}}
    assert client.post("/match/default", json=thing, headers=auth(api_keys.ana)).status_code == 400
    assert events(store) == []
    org = {"queries": {"q": example(organization(screener).primary_name, schema="Company")}}
    assert client.post("/match/default", json=org, headers=auth(api_keys.ana)).is_success
    by_header = {**auth(api_keys.ana), "X-Justification": "alert A-17"}
    assert client.post("/match/default", json=body, headers=by_header).is_success
    in_body = {**body, "justification": "case C-2024-3"}
    assert client.post("/match/default", json=in_body, headers=auth(api_keys.ana)).is_success
    by_key = client.post("/match/default", json=body, headers=auth(api_keys.ana_default))
    assert by_key.is_success
    reasons = [e.justification for e in events(store)]
    assert reasons == [None, "alert A-17", "case C-2024-3", "onboarding screening, contract 17"]


def test_every_query_is_audited(
    client: TestClient, api_keys: Keys, screener: Screener, store: Store
) -> None:
    listed = person(screener)
    body = {"queries": {"a": example(listed.primary_name), "b": example("Nobody Knownatall")}}
    response = client.post("/api/match/default", json=body, headers=auth(api_keys.ana_default))
    assert response.status_code == 200
    logged = events(store)
    assert len(logged) == 2
    assert {e.actor for e in logged} == {"ana"}
    details = {e.details["query"]["query_id"]: e.details["query"] for e in logged if e.details}
    assert details["a"]["name"] == listed.primary_name
    assert listed.id in details["a"]["matched"]
    assert details["b"]["matched"] == []
    assert details["a"]["api_key"] == "gateway"
    assert details["a"]["endpoint"] == "/api/match/default"
    assert verify(store).ok


def test_search_endpoint_explains(
    client: TestClient, api_keys: Keys, screener: Screener, store: Store
) -> None:
    listed = person(screener)
    response = client.get(
        "/api/search",
        params={"q": listed.primary_name, "kind": "person", "justification": "case 9"},
        headers=auth(api_keys.ana),
    )
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["total"] >= 1 and data["results"][0]["id"] == listed.id
    assert data["results"][0]["reference"] == listed.reference
    assert "matched" in data["results"][0]["explanation"]
    assert data["lists"][0]["entities"] == len(screener)
    assert events(store)[-1].justification == "case 9"
    assert (
        client.get("/api/search", params={"q": "x"}, headers=auth(api_keys.ana)).status_code == 400
    )


def test_lists_and_health(client: TestClient, api_keys: Keys, screener: Screener) -> None:
    data = client.get("/api/lists", headers=auth(api_keys.ana)).json()
    assert data["in_use"][0]["source"] == "un-sc"
    assert data["in_use"][0]["entities"] == len(screener)
    assert data["stored"][0]["sha256"] == data["in_use"][0]["sha256"]
    health = client.get("/healthz")
    assert health.json() == {"status": "ok", "entities": len(screener)}


def test_openapi_documents_the_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/match/{dataset}", "/match/{dataset}", "/api/search", "/api/lists"} <= set(
        schema["paths"]
    )
    assert "EntityMatchQuery" in json.dumps(schema)
    assert client.get("/docs").status_code in (303, 401, 404)


def test_audit_failure_returns_no_results(
    app: FastAPI, client: TestClient, api_keys: Keys, screener: Screener
) -> None:
    async def broken(records: object) -> None:
        raise RuntimeError("disk full")

    app.state.openfiu.audit.write = broken
    body = {"queries": {"q": example(person(screener).primary_name)}}
    response = client.post("/match/default", json=body, headers=auth(api_keys.ana_default))
    assert response.status_code == 503
    assert "results" not in response.text
