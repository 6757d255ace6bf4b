"""Batch screening of files: formats, column mapping, rejects, atomic output, bounded memory.

Most tests drive :func:`screen_file` with a small stand-in screener that follows the
``Screener.screen_many`` contract (one list of matches per query, bad queries reported in
``last_batch_errors``), so that they test the streaming and bookkeeping exactly; one test
runs the real :class:`openfiu.screening.Screener` on fictitious entities.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfiu.screening.batch import (
    OUTPUT_COLUMNS,
    BatchInputError,
    count_records,
    detect_file_format,
    rejects_path_for,
    screen_file,
)


@dataclass(frozen=True)
class FakeMatch:
    score: float
    reference: str
    entity_id: str
    list_type: str | None
    kind: str
    primary_name: str
    matched_name: str
    explanation: str


@dataclass
class FakeScreener:
    """Matches any query whose name contains a listed word; refuses impossible dates."""

    listed: dict[str, str] = field(
        default_factory=lambda: {"zarkov": "TST.001", "vexil": "TST.002"}
    )
    last_batch_errors: list[tuple[int, str]] = field(default_factory=list)
    seen: list[dict[str, Any]] = field(default_factory=list)
    keep_queries: bool = True

    def screen_many(self, queries: list[dict[str, Any]], limit: int = 10) -> list[list[FakeMatch]]:
        self.last_batch_errors = []
        out: list[list[FakeMatch]] = []
        for position, q in enumerate(queries):
            if self.keep_queries:
                self.seen.append(q)
            if str(q.get("birth_date", "")).endswith("-02-31"):
                self.last_batch_errors.append((position, "birth_date is impossible"))
                out.append([])
                continue
            name = str(q.get("name", "")).lower()
            out.append(
                [
                    FakeMatch(
                        0.9, ref, f"test:{ref}", "TestList", "person", word.title(), word, "w"
                    )
                    for word, ref in self.listed.items()
                    if word in name
                ][:limit]
            )
        return out


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_to_parquet_writes_one_row_per_match(tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "in.csv",
        ["customer_id", "name", "birth_date", "nationality"],
        [
            ["c1", "Ivan Zarkov", "1971", "TJ"],
            ["c2", "Anna Petrova", "", ""],
            ["c3", "Vexil Zarkov Trading", "", ""],
        ],
    )
    screener = FakeScreener()
    summary = screen_file(screener, source, tmp_path / "out.parquet")
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.column_names == list(OUTPUT_COLUMNS)
    assert table.schema.field("score").type == pa.float64()
    assert table.schema.field("record_index").type == pa.int64()
    rows = table.to_pylist()
    assert [(r["record_id"], r["record_index"], r["reference"]) for r in rows] == [
        ("c1", 0, "TST.001"),
        ("c3", 2, "TST.001"),
        ("c3", 2, "TST.002"),
    ]
    assert rows[0]["query_name"] == "Ivan Zarkov" and rows[0]["score"] == 0.9
    assert (summary.records, summary.matched_records, summary.matches, summary.rejects) == (
        3,
        2,
        3,
        0,
    )
    assert summary.rejects_path is None and not rejects_path_for(tmp_path / "out.parquet").exists()
    # the query passed to the screener: id echoed, empty cells left out
    assert screener.seen[0] == {
        "name": "Ivan Zarkov",
        "birth_date": "1971",
        "nationality": "TJ",
        "id": "c1",
    }
    assert screener.seen[1] == {"name": "Anna Petrova", "id": "c2"}


def test_jsonl_to_csv_with_all_records(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        {"id": 7, "name": "Zarkov, Ivan", "birth_date": 1971, "id_number": "AB 123"},
        {"id": "x", "name": "Nobody Here"},
    ]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    screener = FakeScreener()
    summary = screen_file(screener, source, tmp_path / "out.csv", include_unmatched=True)
    rows = read_csv(tmp_path / "out.csv")
    assert [(r["record_id"], r["reference"]) for r in rows] == [("7", "TST.001"), ("x", "")]
    assert rows[1]["score"] == "" and rows[1]["query_name"] == "Nobody Here"
    assert screener.seen[0]["birth_date"] == 1971
    assert screener.seen[0]["identifiers"] == ["AB 123"]
    assert summary.records == 2 and summary.matched_records == 1


def test_parquet_to_jsonl_converts_types(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(
        pa.table(
            {
                "id": pa.array([1, 2], pa.int64()),
                "name": ["Olga Zarkova-Zarkov", None],
                "birth_date": pa.array([dt.date(1980, 5, 2), None], pa.date32()),
                "id_number": [None, "P998877"],
            }
        ),
        source,
    )
    screener = FakeScreener()
    summary = screen_file(screener, source, tmp_path / "out.jsonl", chunk_size=1)
    rows = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 1 and rows[0]["record_id"] == "1" and rows[0]["reference"] == "TST.001"
    assert set(rows[0]) == set(OUTPUT_COLUMNS)
    assert screener.seen[0]["birth_date"] == "1980-05-02"
    # a record with an identifier but no name is screened, not rejected
    assert screener.seen[1] == {"identifiers": ["P998877"], "id": "2"}
    assert summary.records == 2 and summary.rejects == 0


def test_bad_records_go_to_rejects_and_nothing_is_dropped(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b'{"id": "a", "name": "Ivan Zarkov"}\n'
        b'{"id": "b", "name": ""}\n'
        b'{"id": "c", "name": "Zarkov", "birth_date": "1971-02-31"}\n'
        b'{"id": "d", "name": 12345}\n'
        b"this is not json\n"
        b"[1, 2]\n"
        b'{"id": "g", "name": "Zarkov", "birth_date": {"y": 1}}\n'
        b'{"id": "h", "name": "\xff\xfe"}\n'
        b'{"id": "i", "name": "Vexil"}\n'
    )
    out = tmp_path / "out.csv"
    rejects_path_for(out).write_text("stale\n")
    summary = screen_file(FakeScreener(), source, out, chunk_size=4)
    rejects = read_csv(rejects_path_for(out))
    reasons = {r["record_index"]: (r["record_id"], r["reason"]) for r in rejects}
    assert set(reasons) == {"1", "2", "3", "4", "5", "6", "7"}
    assert reasons["1"] == ("b", "no name (line 2)")
    assert reasons["2"] == ("c", "birth_date is impossible")
    assert reasons["3"][0] == "d" and "name must be text" in reasons["3"][1]
    assert "invalid JSON" in reasons["4"][1] and "line 5" in reasons["4"][1]
    assert "JSON object" in reasons["5"][1]
    assert "birth_date" in reasons["6"][1]
    assert "invalid JSON" in reasons["7"][1]
    assert summary.records == 9 and summary.rejects == 7 and summary.matched_records == 2
    assert summary.rejects_path == rejects_path_for(out)
    assert [r["record_id"] for r in read_csv(out)] == ["a", "i"]


def test_csv_lines_with_too_many_fields_or_bad_bytes_are_rejected(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"id,name\n1,Ivan Zarkov\n2,Vexil,extra\n3,Zarkov\n4,Zar\xffkov\n5,Vexil\n")
    summary = screen_file(FakeScreener(), source, tmp_path / "out.csv")
    rejects = read_csv(rejects_path_for(tmp_path / "out.csv"))
    assert [(r["record_index"], r["reason"]) for r in rejects] == [
        ("1", "3 fields but the header has 2 (line 3)"),
        ("3", "text is not UTF-8 (line 5)"),
    ]
    assert summary.records == 5 and summary.matches == 3
    bad_header = tmp_path / "latin1.csv"
    bad_header.write_bytes(b"id,n\xe4me\n1,x\n")
    with pytest.raises(BatchInputError, match="not UTF-8"):
        screen_file(FakeScreener(), bad_header, tmp_path / "o.csv")


def test_column_mapping(tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "in.csv",
        ["cust_no", "full_name", "dob", "name"],
        [["K-1", "Ivan Zarkov", "1971", "ignored"]],
    )
    screener = FakeScreener()
    columns = {"name": "full_name", "birth_date": "dob", "id": "cust_no"}
    screen_file(screener, source, tmp_path / "out.csv", columns=columns)
    assert screener.seen == [{"name": "Ivan Zarkov", "birth_date": "1971", "id": "K-1"}]
    assert read_csv(tmp_path / "out.csv")[0]["record_id"] == "K-1"
    with pytest.raises(BatchInputError, match="no column 'fullname'"):
        screen_file(screener, source, tmp_path / "o.csv", columns={"name": "fullname"})
    with pytest.raises(BatchInputError, match="unknown field"):
        screen_file(screener, source, tmp_path / "o.csv", columns={"surname": "full_name"})


def test_missing_name_column_is_a_clear_error(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["id", "full_name"], [["1", "Ivan"]])
    with pytest.raises(BatchInputError, match=r"no 'name' column.*--column name=COLUMN"):
        screen_file(FakeScreener(), source, tmp_path / "out.csv")


def test_formats_by_extension_and_override(tmp_path: Path) -> None:
    assert detect_file_format(Path("a.CSV")) == "csv"
    assert detect_file_format(Path("a.ndjson")) == "jsonl"
    assert detect_file_format(Path("a.txt"), "jsonl") == "jsonl"
    with pytest.raises(BatchInputError, match="--input-format"):
        detect_file_format(Path("a.txt"))
    with pytest.raises(BatchInputError, match="unknown format"):
        detect_file_format(Path("a.csv"), "xlsx")
    source = tmp_path / "in.txt"
    source.write_text('{"name": "Zarkov"}\n', encoding="utf-8")
    summary = screen_file(
        FakeScreener(), source, tmp_path / "out.data", input_format="jsonl", output_format="csv"
    )
    assert summary.input_format == "jsonl" and summary.output_format == "csv"
    assert read_csv(tmp_path / "out.data")[0]["reference"] == "TST.001"


def test_refuses_to_overwrite_input_and_missing_input(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["name"], [["Zarkov"]])
    with pytest.raises(BatchInputError, match="overwrite the input"):
        screen_file(FakeScreener(), source, source)
    with pytest.raises(BatchInputError, match="no such input file"):
        screen_file(FakeScreener(), tmp_path / "nope.csv", tmp_path / "out.csv")


def test_failure_leaves_no_partial_output(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["name"], [["Zarkov"]] * 5)

    class Boom(FakeScreener):
        def screen_many(
            self, queries: list[dict[str, Any]], limit: int = 10
        ) -> list[list[FakeMatch]]:
            raise RuntimeError("index broke")

    with pytest.raises(RuntimeError):
        screen_file(Boom(), source, tmp_path / "out.parquet")
    assert list(tmp_path.iterdir()) == [source]


def test_progress_and_count_records(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["name"], [[f"Person {i}"] for i in range(25)])
    assert count_records(source) == 25
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text('{"name": "a"}\n{"name": "b"}', encoding="utf-8")
    assert count_records(jsonl) == 2
    done: list[int] = []
    summary = screen_file(
        FakeScreener(), source, tmp_path / "out.csv", chunk_size=10, progress=done.append
    )
    assert done == [10, 10, 5] and summary.records == 25
    assert read_csv(tmp_path / "out.csv") == []  # header only: no match


def test_real_screener_on_fictitious_entities(tmp_path: Path) -> None:
    from openfiu.model import BirthDate, Entity, Name
    from openfiu.screening import Screener

    entity = Entity(
        id="test:TST.900",
        reference="TST.900",
        source="test",
        kind="person",
        names=[Name("Qodir Zarkovzoda", quality="primary"), Name("Кодир Заркович", quality="good")],
        birth_dates=[BirthDate.year(1975)],
        nationalities=["TJ"],
        list_type="Fictitious",
    )
    screener = Screener.from_entities([entity])
    source = write_csv(
        tmp_path / "in.csv",
        ["id", "name", "birth_date"],
        [["1", "Qodir Zarkovzoda", "1975"], ["2", "Maria Lindqvist", ""], ["3", "X", "1975-13-40"]],
    )
    summary = screen_file(screener, source, tmp_path / "out.csv")
    rows = read_csv(tmp_path / "out.csv")
    assert [(r["record_id"], r["reference"]) for r in rows] == [("1", "TST.900")]
    assert rows[0]["explanation"] and float(rows[0]["score"]) >= screener.threshold
    assert summary.rejects == 1
    assert read_csv(rejects_path_for(tmp_path / "out.csv"))[0]["record_id"] == "3"


def _rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc for RSS")
def test_200k_records_stream_in_bounded_memory(tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        fh.write("id,name,birth_date\n")
        fh.writelines(
            f"C{i:07d},{'Ivan Zarkov' if i % 100 == 0 else 'Customer Number'} {i},1980\n"
            for i in range(200_000)
        )
    base = _rss_bytes()
    samples = [base]
    summary = screen_file(
        FakeScreener(keep_queries=False),
        source,
        tmp_path / "out.parquet",
        chunk_size=5_000,
        progress=lambda n: samples.append(_rss_bytes()),
    )
    assert summary.records == 200_000 and summary.matches == 2_000
    assert len(samples) == 41
    assert pq.ParquetFile(tmp_path / "out.parquet").metadata.num_rows == 2_000
    # Measured: ~16 MB growth when streaming; keeping only the 200k query dicts alive
    # (what a non-streaming reader would do at the least) grows RSS by ~80 MB.
    growth = max(samples) - base
    assert growth < 40 * 1024 * 1024, f"RSS grew by {growth / 1e6:.1f} MB"
