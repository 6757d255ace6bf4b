"""The main journeys in a real browser: Playwright driving Debian's Chromium, headless.

An analyst signs in, searches a name (with a justification), reviews a screening hit in
the alert queue, escalates it into a case, looks at the network and proposes a decision;
a reviewer approves it; an auditor finds the trail in the audit log and verifies the
chain. No script may break the Content-Security-Policy on the way.

Set ``OPENFIU_SCREENSHOTS=1`` to write the screenshots into ``docs/screenshots/``
(otherwise they go to the test's temporary folder).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from openfiu.screening import Screener
from openfiu.store import Store

from .conftest import PASSWORD
from .test_pages_casework import seed

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="no browser: /usr/bin/chromium is missing (apt-get install -y chromium)",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def base_url(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, for the length of one test."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_analyst_reviewer_auditor_journey(
    base_url: str, store: Store, screener: Screener, tmp_path: Path
) -> None:
    reference = seed(store, screener)
    person = next(e for e in screener.entities if e.kind == "person")
    shots = SHOTS if os.environ.get("OPENFIU_SCREENSHOTS") else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(10_000)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on(
            "response",
            lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )

        def sign_in(username: str) -> None:
            page.goto(base_url + "/")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(base_url + "/")

        def nav(label: str) -> None:
            page.get_by_role("navigation", name="Main").get_by_role("link", name=label).click()

        def sign_out() -> None:
            page.get_by_role("button", name="Sign out").click()
            page.wait_for_url("**/login")

        # The analyst: search, review a hit, escalate, propose.
        page.goto(base_url + "/")
        assert "/login" in page.url
        page.screenshot(path=str(shots / "login.png"))
        sign_in("ana")
        page.screenshot(path=str(shots / "home.png"))
        nav("Name search")
        page.get_by_label("Name (any script)").fill(person.primary_name)
        page.get_by_label("Kind").select_option("person")
        page.get_by_label("Justification").fill("onboarding file 7")
        page.get_by_role("button", name="Search").click()
        page.get_by_text(person.primary_name).first.wait_for()
        page.screenshot(path=str(shots / "search.png"), full_page=True)

        nav("Alert queue")
        hit = page.locator("li.item", has_text="screening hit").first
        assert hit.locator(".why").inner_text().strip()  # the explanation is shown
        page.screenshot(path=str(shots / "alert-queue.png"), full_page=True)
        hit.get_by_label("Why escalate?").fill("name and birth year agree with the listing")
        hit.get_by_label("Into case").fill(reference)
        hit.get_by_role("button", name="Escalate to a case").click()
        page.wait_for_url(f"**/cases/{reference}")
        page.wait_for_selector("#case-graph[data-nodes]")
        assert int(page.get_attribute("#case-graph", "data-nodes") or 0) >= 2
        page.get_by_label("Decision to propose").select_option("confirm_match")
        page.get_by_label("Reasons").fill("birth year and nationality agree; passport copy")
        page.get_by_role("button", name="Propose decision").click()
        page.get_by_text("A reviewer must approve it").wait_for()
        page.wait_for_selector("#case-graph[data-nodes]")
        page.screenshot(path=str(shots / "case.png"), full_page=True)
        sign_out()

        # The reviewer approves (four eyes).
        sign_in("rita")
        nav("Decisions to review")
        page.get_by_text("passport copy").wait_for()
        page.screenshot(path=str(shots / "decisions.png"), full_page=True)
        page.get_by_role("button", name="Approve").click()
        page.get_by_text("It is now in effect").wait_for()
        sign_out()

        # The auditor sees the trail and verifies the chain.
        sign_in("aud")
        nav("Audit log")
        page.get_by_role("button", name="Verify the chain").click()
        page.get_by_text("intact").first.wait_for()
        table = page.locator("table").inner_text()
        for action in ("decision.approve", "decision.propose", "workitem.escalate"):
            assert action in table
        page.screenshot(path=str(shots / "audit-log.png"), full_page=True)
        nav("List versions")
        page.screenshot(path=str(shots / "list-versions.png"), full_page=True)
        browser.close()

    assert not problems, problems
