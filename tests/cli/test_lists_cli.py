"""``openfiu lists``: load, diff, update (against a local HTTP server) and versions."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openfiu.cli import app

from .conftest import PEOPLE, FakePerson, write_un_xml


@pytest.fixture
def two_versions(tmp_path: Path) -> tuple[Path, Path]:
    """v1 → v2: TSi.002 delisted, TSi.004 added, TSi.003's birth date amended."""
    old = write_un_xml(tmp_path / "old.xml", generated="2030-01-01T00:00:00.000Z")
    amended = FakePerson(
        "TSi.003", "VELINA", "MORDASHEVA", "1982-07-23", "Russian Federation", gender="Female"
    )
    added = FakePerson("TSi.004", "ORTWIN", "KESSELBACH", "1959-01-30", "Germany")
    new = write_un_xml(
        tmp_path / "new.xml",
        people=[PEOPLE[0], amended, added],
        generated="2030-02-01T00:00:00.000Z",
    )
    return old, new


def test_load_prints_summary_and_issues(runner: CliRunner, tmp_path: Path) -> None:
    broken = FakePerson("TSi.009", "ZELDA", "KRAMPUS", "1971-02-31", "Tajikistan")
    path = write_un_xml(tmp_path / "list.xml", people=[*PEOPLE, broken])
    result = runner.invoke(app, ["lists", "load", str(path)])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "un-sc" in text and "2030-01-01" in text
    assert "person" in text and "organization" in text
    assert "original_script" in text and "identifiers" in text
    assert "record issue" in text and "TSi.009" in text


def test_load_bad_file_is_one_red_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<CONSOLIDATED_LIST><INDIVIDUALS>", encoding="utf-8")
    result = runner.invoke(app, ["lists", "load", str(bad)])
    assert result.exit_code == 1
    assert "bad.xml" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    missing = runner.invoke(app, ["lists", "load", str(tmp_path / "none.xml")])
    assert missing.exit_code == 1 and "not found" in missing.stderr


def test_diff_text_and_json(runner: CliRunner, two_versions: tuple[Path, Path]) -> None:
    old, new = two_versions
    result = runner.invoke(app, ["lists", "diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert "1 added, 1 removed, 1 amended" in result.stdout
    assert (
        "+ TSi.004" in result.stdout
        and "- TSi.002" in result.stdout
        and "~ TSi.003" in result.stdout
    )
    result = runner.invoke(app, ["lists", "diff", str(old), str(new), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [e["reference"] for e in payload["added"]] == ["TSi.004"]
    assert [e["reference"] for e in payload["removed"]] == ["TSi.002"]
    assert [e["reference"] for e in payload["amended"]] == ["TSi.003"]


@pytest.fixture
def list_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTP server on 127.0.0.1 (free port) serving the folder it returns."""
    root = tmp_path / "served"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


def test_update_versions_and_failed_update(
    runner: CliRunner, list_server: tuple[str, Path], tmp_path: Path
) -> None:
    base, root = list_server
    store = tmp_path / "store"
    write_un_xml(root / "consolidated.xml", generated="2030-01-01T00:00:00.000Z")
    args = ["lists", "update", "un-sc", "--store", str(store)]
    result = runner.invoke(app, [*args, "--url", f"{base}/consolidated.xml"])
    assert result.exit_code == 0, result.output
    assert "2030-01-01" in result.stdout

    write_un_xml(root / "consolidated.xml", people=PEOPLE[:2], generated="2030-03-01T00:00:00.000Z")
    result = runner.invoke(app, [*args, "--url", f"{base}/consolidated.xml"])
    assert result.exit_code == 0, result.output
    assert "2030-03-01" in result.stdout

    result = runner.invoke(app, [*args, "--url", f"{base}/missing.xml"])
    assert result.exit_code == 1
    assert "previous version stays in force" in result.stderr and "Traceback" not in result.output

    (root / "broken.xml").write_text("<html>maintenance</html>", encoding="utf-8")
    result = runner.invoke(app, [*args, "--url", f"{base}/broken.xml"])
    assert result.exit_code == 1 and "previous version stays in force" in result.stderr

    result = runner.invoke(app, ["lists", "versions", "un-sc", "--store", str(store)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if "2030-" in line]
    assert len(lines) == 2
    current = [line for line in lines if "*" in line]
    assert len(current) == 1 and "2030-03-01" in current[0]

    # screening now uses the downloaded list without --list
    result = runner.invoke(
        app, ["screen", "--name", "Belmiro Ostrakan", "--store", str(store), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["matches"][0]["reference"] == "TSi.002"


def test_versions_of_empty_store(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["lists", "versions", "--store", str(tmp_path / "empty")])
    assert result.exit_code == 0
    assert "openfiu lists update un-sc" in result.stderr


SHARED_LISTS = Path(__file__).resolve().parents[2] / "../shared/data/lists"


@pytest.mark.shared_data
def test_real_un_versions_load_and_diff(runner: CliRunner) -> None:
    old = SHARED_LISTS / "un_consolidated_2025-04-19.xml"
    new = SHARED_LISTS / "un_consolidated_2026-02-27.xml"
    if not (old.is_file() and new.is_file()):
        pytest.skip(f"real UN list versions not found in {SHARED_LISTS.resolve()}")
    result = runner.invoke(app, ["lists", "load", str(new)])
    assert result.exit_code == 0, result.output
    assert "2026-02-27" in result.stdout and "730" in result.stdout  # 730 individuals
    result = runner.invoke(app, ["lists", "diff", str(old), str(new), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["added"] and payload["amended"]
    # every reference is reported once: added and removed are disjoint
    added = {e["reference"] for e in payload["added"]}
    assert not added & {e["reference"] for e in payload["removed"]}
