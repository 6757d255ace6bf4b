"""Fixtures: a temporary SQLite store with users, a small synthetic UN list, the app."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what we have
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

from openfiu.audit import create_user
from openfiu.config import Settings
from openfiu.screening import Screener
from openfiu.store import Store, open_store
from openfiu.synth import synthetic_un_list
from openfiu.web import ApiKey, WebSettings, create_app, generate_api_key
from store.conftest import (  # type: ignore[import-not-found]
    _isolated,  # noqa: F401  (autouse: no test touches ~/.openfiu; cheap password hashing)
)

PASSWORD = "correct horse battery"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="session")
def list_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_un_list(tmp_path_factory.mktemp("lists") / "un.xml", 60, 20, seed=3)


@pytest.fixture(scope="session")
def screener(list_path: Path) -> Screener:
    return Screener.from_files([list_path])


@dataclass
class Keys:
    ana: str
    ana_default: str
    auditor: str


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'web.db'}")
    with store.transaction() as session:
        create_user(session, "ana", PASSWORD, ["analyst"], actor="test", display_name="Ana A.")
        create_user(session, "rita", PASSWORD, ["reviewer"], actor="test")
        create_user(session, "aud", PASSWORD, ["auditor"], actor="test")
        create_user(session, "locked", PASSWORD, ["analyst"], actor="test").active = False
    yield store
    store.close()


@pytest.fixture
def keys() -> tuple[Keys, list[ApiKey]]:
    ana, ana_digest = generate_api_key()
    default, default_digest = generate_api_key()
    aud, aud_digest = generate_api_key()
    settings = [
        ApiKey(label="ana-client", user="ana", sha256=ana_digest),
        ApiKey(
            label="gateway",
            user="ana",
            sha256=default_digest,
            justification="onboarding screening, contract 17",
        ),
        ApiKey(label="audit-client", user="aud", sha256=aud_digest),
    ]
    return Keys(ana, default, aud), settings


@pytest.fixture
def web_settings(keys: tuple[Keys, list[ApiKey]], list_path: Path) -> WebSettings:
    return WebSettings(
        lists=[list_path],
        api_keys=keys[1],
        secret_key="test-secret-key-for-signing-cookies",
        max_upload_bytes=64 * 1024,
        login_failures_per_user=3,
        login_failures_per_ip=6,
        login_attempts_per_ip_minute=50,
        max_queries=5,
    )


@pytest.fixture
def app(
    web_settings: WebSettings, store: Store, screener: Screener, tmp_path: Path
) -> Iterator[FastAPI]:
    app = create_app(web_settings, store, screener, core=Settings(home=tmp_path / "home"))
    yield app
    app.state.openfiu.audit.close()


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app)


@pytest.fixture
def api_keys(keys: tuple[Keys, list[ApiKey]]) -> Keys:
    return keys[0]


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"ApiKey {key}"}


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def login(client: TestClient, username: str = "ana", password: str = PASSWORD) -> str:
    """Sign in through the form; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert response.status_code == 200, response.text
    return csrf_of(client.get("/search").text if username == "ana" else client.get("/").text)
