"""update_list against a local HTTP server: good lists, failures, and atomic installs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from openfiu.errors import ListUpdateError
from openfiu.lists import current_list_path, list_versions, update_list

Route = tuple[int, str, bytes, int | None]  # status, content type, body, declared length


def _un_list(date: str, count: int) -> bytes:
    records = "".join(
        f"<INDIVIDUAL><FIRST_NAME>PERSON {i}</FIRST_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>"
        f"<REFERENCE_NUMBER>QDi.{i:03d}</REFERENCE_NUMBER></INDIVIDUAL>"
        for i in range(count)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST dateGenerated="{date}">'
        f"<INDIVIDUALS>{records}</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>"
    ).encode()


ROUTES: dict[str, Route] = {}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, ctype, body, declared = ROUTES[self.path]
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(declared if declared is not None else len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    ROUTES.update(
        {
            "/v1.xml": (200, "application/xml", _un_list("2030-01-01T00:00:00Z", 10), None),
            "/v2.xml": (200, "application/xml", _un_list("2030-02-01T00:00:00Z", 12), None),
            "/small.xml": (200, "application/xml", _un_list("2030-03-01T00:00:00Z", 3), None),
            "/empty.xml": (200, "application/xml", _un_list("2030-04-01T00:00:00Z", 0), None),
            "/truncated.xml": (
                200,
                "application/xml",
                _un_list("2030-05-01T00:00:00Z", 12)[:-300],
                None,
            ),
            "/short-body.xml": (
                200,
                "application/xml",
                _un_list("2030-05-01T00:00:00Z", 12)[:-300],
                99_999,
            ),
            "/error.xml": (500, "text/plain", b"internal error", None),
            "/page.html": (
                200,
                "text/html",
                b"<!DOCTYPE html><html><body>Maintenance</body></html>",
                None,
            ),
            "/bomb.xml": (
                200,
                "application/xml",
                b'<?xml version="1.0"?><!DOCTYPE CONSOLIDATED_LIST [<!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                b'<CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&c;</FIRST_NAME>'
                b"<REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
                None,
            ),
        }
    )
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _no_temp_files(store: Path) -> bool:
    return not any(p.name.startswith(".") for p in (store / "un-sc").iterdir())


def test_install_update_and_unchanged(server: str, tmp_path: Path) -> None:
    assert current_list_path(tmp_path, "un-sc") is None
    first = update_list("un-sc", store_dir=tmp_path, url=f"{server}/v1.xml")
    assert first.changed and first.entity_count == 10 and first.previous_version is None
    assert first.path == tmp_path / "un-sc" / "2030-01-01T00-00-00Z.xml"
    assert current_list_path(tmp_path, "un-sc") == first.path
    second = update_list("un-sc", store_dir=tmp_path, url=f"{server}/v2.xml")
    assert second.changed and second.previous_count == 10 and second.entity_count == 12
    assert second.diff is not None and [e.reference for e in second.diff.added] == [
        "QDi.010",
        "QDi.011",
    ]
    assert current_list_path(tmp_path, "un-sc") == second.path
    again = update_list("un-sc", store_dir=tmp_path, url=f"{server}/v2.xml")
    assert not again.changed and again.path == second.path
    assert list_versions(tmp_path, "un-sc") == [first.path, second.path]
    assert _no_temp_files(tmp_path)


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ("/error.xml", "HTTP 500"),
        ("/page.html", "HTML page"),
        ("/truncated.xml", "not well-formed"),
        ("/short-body.xml", "download failed|truncated"),
        ("/empty.xml", "no entries"),
        ("/bomb.xml", "document type declarations"),
        ("/small.xml", "fewer than 50%"),
    ],
)
def test_failed_update_keeps_previous_version(
    server: str, tmp_path: Path, route: str, message: str
) -> None:
    installed = update_list("un-sc", store_dir=tmp_path, url=f"{server}/v1.xml")
    pointer = (tmp_path / "un-sc" / "current").read_bytes()
    with pytest.raises(ListUpdateError, match=message):
        update_list("un-sc", store_dir=tmp_path, url=f"{server}{route}")
    assert current_list_path(tmp_path, "un-sc") == installed.path
    assert (tmp_path / "un-sc" / "current").read_bytes() == pointer
    assert list_versions(tmp_path, "un-sc") == [installed.path]
    assert _no_temp_files(tmp_path)


def test_force_accepts_a_shrunk_list(server: str, tmp_path: Path) -> None:
    update_list("un-sc", store_dir=tmp_path, url=f"{server}/v1.xml")
    result = update_list("un-sc", store_dir=tmp_path, url=f"{server}/small.xml", force=True)
    assert result.entity_count == 3 and current_list_path(tmp_path, "un-sc") == result.path


def test_size_cap_and_unknown_source(server: str, tmp_path: Path) -> None:
    with pytest.raises(ListUpdateError, match="cap"):
        update_list("un-sc", store_dir=tmp_path, url=f"{server}/v1.xml", max_bytes=100)
    assert current_list_path(tmp_path, "un-sc") is None
    with pytest.raises(ListUpdateError, match="unknown source"):
        update_list("nowhere", store_dir=tmp_path)


def test_unreachable_server(tmp_path: Path) -> None:
    with pytest.raises(ListUpdateError, match="download failed"):
        update_list("un-sc", store_dir=tmp_path, url="http://127.0.0.1:9/list.xml", timeout=2)
