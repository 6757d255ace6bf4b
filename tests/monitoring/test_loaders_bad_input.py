"""Bad and hostile input: every reject reason with its row number, and files that are not
transaction data at all (clear errors, never a crash, nothing silently dropped)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfiu.errors import TransactionDataError
from openfiu.monitoring.loaders import prepare_transactions

HEADER = "tx_id,timestamp,from_account,to_account,amount,currency,channel,narrative,is_laundering"
GOOD = "{id},2024-05-01 10:00:00,A,B,120.5,EUR,wire,,0"


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def rejects_by_row(path: Path) -> dict[int, str]:
    return {r["row_number"]: r["reason"] for r in pq.read_table(path).to_pylist()}


def kept_ids(path: Path) -> list[str]:
    return [str(v) for v in pq.read_table(path, columns=["tx_id"]).column(0).to_pylist()]


# Data row (1-based, header excluded) -> (line, expected reason codes)
CASES: dict[int, tuple[str, str]] = {
    1: (GOOD.format(id="g1"), ""),
    2: (",2024-05-01,A,B,5,EUR,wire,,0", "missing_tx_id"),
    3: ("r3,yesterday,A,B,5,EUR,wire,,0", "bad_timestamp"),
    4: ("r4,1066-10-14,A,B,5,EUR,wire,,0", "timestamp_out_of_range"),
    5: ("r5,2024-05-01,A,B,abc,EUR,wire,,0", "bad_amount"),
    6: ("r6,2024-05-01,A,B,NaN,EUR,wire,,0", "bad_amount"),
    7: ("r7,2024-05-01,A,B,inf,EUR,wire,,0", "bad_amount"),
    8: ("r8,2024-05-01,A,B,0,EUR,wire,,0", "amount_not_positive"),
    9: ("r9,2024-05-01,A,B,-3,EUR,wire,,0", "amount_not_positive"),
    10: ("r10,2024-05-01,A,B,5,,wire,,0", "missing_currency"),
    11: ("r11,2024-05-01,A,B,5,ZZZ,wire,,0", "unknown_currency"),
    12: ("r12,2024-05-01,,,5,EUR,wire,,0", "no_accounts"),
    13: ("r13,2024-05-01,A,B,5,EUR,pigeon,,0", "unknown_channel"),
    14: ("r14,2024-05-01,A,B,5,EUR,wire,,maybe", "bad_label"),
    15: ("r15,2024-05-01,A,B,5,EUR,wire", "csv_malformed"),  # ragged: too few fields
    16: (GOOD.format(id="g1"), "duplicate_tx_id"),
    17: ("r17,bad,,,-1,EUR,?,,0", "bad_timestamp;amount_not_positive;no_accounts;unknown_channel"),
    18: ("r18,2024-05-01,A,B,5,EUR,wire,,0,extra", "csv_malformed"),  # too many fields
    19: (GOOD.format(id="g19"), ""),
}


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_every_reason_lands_in_the_rejects_file_with_its_row_number(
    tmp_path: Path, suffix: str
) -> None:
    src = write(tmp_path / "tx.csv", "\n".join([HEADER, *(c[0] for c in CASES.values())]) + "\n")
    rejects = tmp_path / f"rejects{suffix}"
    data = prepare_transactions(src, mapping="canonical", work_dir=tmp_path / "w", rejects=rejects)
    expected = {row: reason for row, (_, reason) in CASES.items() if reason}
    if suffix == ".csv":
        rows = pq.read_table(_csv_to_parquet(rejects, tmp_path / "back.parquet"))
        got = {int(r["row_number"]): r["reason"] for r in rows.to_pylist()}
    else:
        got = rejects_by_row(rejects)
    assert got == expected
    assert kept_ids(data.paths[0]) == ["g1", "g19"]
    assert data.rows + data.rejected == len(CASES)  # nothing silently dropped
    assert data.reasons["bad_amount"] == 3 and data.reasons["csv_malformed"] == 2
    assert data.reasons["amount_not_positive"] == 3  # rows 8, 9 and 17


def _csv_to_parquet(csv_path: Path, out: Path) -> Path:
    duckdb.sql(
        f"COPY (SELECT * FROM read_csv('{csv_path}', all_varchar=true)) TO '{out}' (FORMAT parquet)"
    )
    return out


def test_rejects_explain_the_problem_and_keep_the_raw_values(tmp_path: Path) -> None:
    src = write(
        tmp_path / "tx.csv",
        "\n".join([HEADER, GOOD.format(id="a"), "b,2024-05-01,A,B,-3,EUR,wire,note,0", "c,1"]),
    )
    data = prepare_transactions(src, mapping="canonical", work_dir=tmp_path / "w")
    assert data.rejects_path == tmp_path / "w" / "rejects.parquet"
    rows = pq.read_table(data.rejects_path).to_pylist()
    assert rows[0]["row_number"] == 2 and rows[0]["detail"] == 'amount "-3" is not positive'
    assert rows[0]["amount"] == "-3" and rows[0]["narrative"] == "note"
    assert rows[1]["row_number"] == 3 and rows[1]["raw_line"] == "c,1"
    assert "Expected Number of Columns: 9 Found: 2" in rows[1]["detail"]
    assert "2 rows set aside" in data.summary() and "amount_not_positive 1" in data.summary()


def test_duplicate_keeps_the_first_clean_row_and_names_it(tmp_path: Path) -> None:
    lines = [
        HEADER,
        "d,2024-05-01,A,B,-1,EUR,wire,,0",  # row 1: invalid, so row 2 is the first clean 'd'
        "d,2024-05-01,A,B,1,EUR,wire,first,0",
        "d,2024-05-01,A,B,2,EUR,wire,second,0",
    ]
    data = prepare_transactions(
        write(tmp_path / "tx.csv", "\n".join(lines)), mapping="canonical", work_dir=tmp_path / "w"
    )
    assert pq.read_table(data.paths[0]).column("narrative").to_pylist() == ["first"]
    rows = pq.read_table(data.rejects_path).to_pylist()
    assert [(r["row_number"], r["reason"]) for r in rows] == [
        (1, "amount_not_positive"),
        (3, "duplicate_tx_id"),
    ]
    assert rows[1]["detail"] == 'transaction id "d" already used by row 2'


def test_amount_base_column_is_checked_when_given(tmp_path: Path) -> None:
    header = "tx_id,timestamp,from_account,to_account,amount,currency,channel,amount_base"
    lines = [header, "a,2024-05-01,A,B,5,ZZZ,wire,7.5", "b,2024-05-01,A,B,5,EUR,wire,-1"]
    data = prepare_transactions(
        write(tmp_path / "tx.csv", "\n".join(lines)), mapping="canonical", work_dir=tmp_path / "w"
    )
    assert kept_ids(data.paths[0]) == ["a"]  # unknown currency is fine: amount_base given
    assert rejects_by_row(data.rejects_path) == {2: "bad_amount_base"}  # type: ignore[arg-type]


def test_parquet_with_wrong_types_rejects_rows_with_their_numbers(tmp_path: Path) -> None:
    src = tmp_path / "tx.parquet"
    pq.write_table(
        pa.table(
            {
                "tx_id": [1, 2, 3],
                "timestamp": ["2024-01-01", "2024-13-01", "2024-01-03T00:00:00+05:00"],
                "from_account": ["A", "B", "C"],
                "to_account": ["B", "C", "A"],
                "amount": ["10", "x", "30"],
                "currency": ["usd", "usd", "usd"],
                "channel": ["Cash", "wire", "Hawala"],
            }
        ),
        src,
    )
    data = prepare_transactions(src, work_dir=tmp_path / "w")
    assert data.preset == "canonical"
    assert rejects_by_row(data.rejects_path) == {2: "bad_timestamp;bad_amount"}  # type: ignore[arg-type]
    rows = pq.read_table(data.paths[0]).to_pylist()
    assert [(r["tx_id"], r["channel"], r["currency"]) for r in rows] == [
        ("1", "cash", "USD"),
        ("3", "money_transfer", "USD"),
    ]
    assert rows[1]["timestamp"] == dt.datetime(2024, 1, 2, 19, tzinfo=dt.UTC)


# --- hostile files ---------------------------------------------------------------------


def test_row_numbers_stay_exact_after_unparseable_records(tmp_path: Path) -> None:
    lines = [HEADER, GOOD.format(id="a"), "b,1", '"multi\nline",2024-05-01,A,B,5,EUR,wire,,0']
    lines += ["c,2024-05-01,A,B,-5,EUR,wire,,0", "d,2", GOOD.format(id="e")]
    data = prepare_transactions(
        write(tmp_path / "tx.csv", "\n".join(lines)), mapping="canonical", work_dir=tmp_path / "w"
    )
    assert rejects_by_row(data.rejects_path) == {  # type: ignore[arg-type]
        2: "csv_malformed",
        4: "amount_not_positive",
        5: "csv_malformed",
    }
    assert kept_ids(data.paths[0]) == ["a", "multi\nline", "e"]  # source order kept


def test_unterminated_quote_rejects_the_rest_with_its_raw_text(tmp_path: Path) -> None:
    lines = [
        HEADER,
        GOOD.format(id="a"),
        'b,2024-05-01,A,B,5,EUR,wire,"oops,0',
        GOOD.format(id="c"),
    ]
    data = prepare_transactions(
        write(tmp_path / "tx.csv", "\n".join(lines)), mapping="canonical", work_dir=tmp_path / "w"
    )
    assert kept_ids(data.paths[0]) == ["a"]
    rows = pq.read_table(data.rejects_path).to_pylist()
    assert [(r["row_number"], r["reason"]) for r in rows] == [(2, "csv_malformed")]
    assert "unterminated quote" in rows[0]["detail"]
    assert GOOD.format(id="c") in rows[0]["raw_line"]  # swallowed row kept, not lost


@pytest.mark.parametrize("codec", ["latin-1", "cp1251"])
def test_non_utf8_rows_are_rejected_then_decoded_with_a_declared_encoding(
    tmp_path: Path, codec: str
) -> None:
    text = "\n".join([HEADER, GOOD.format(id="a"), "b,2024-05-01,A,B,5,EUR,wire,café Ёж,0"])
    src = write(tmp_path / "tx.csv", text.encode(codec, errors="replace"))
    data = prepare_transactions(src, mapping="canonical", work_dir=tmp_path / "w")
    assert kept_ids(data.paths[0]) == ["a"]
    assert rejects_by_row(data.rejects_path) == {2: "invalid_encoding"}  # type: ignore[arg-type]
    mapping = tmp_path / "m.toml"
    mapping.write_text('preset = "canonical"\nencoding = "latin-1"\n', encoding="utf-8")
    decoded = prepare_transactions(src, mapping=mapping, work_dir=tmp_path / "w2")
    assert (decoded.rows, decoded.rejected) == (2, 0)


def test_header_in_another_encoding_is_a_clear_error(tmp_path: Path) -> None:
    src = write(tmp_path / "tx.csv", "номер,сумма\n1,2\n".encode("cp1251"))
    with pytest.raises(TransactionDataError, match=r"header is not valid utf-8.*encoding"):
        prepare_transactions(src, work_dir=tmp_path / "w")


def test_five_megabyte_field_is_loaded(tmp_path: Path) -> None:
    big = "x" * 5_000_000
    src = write(
        tmp_path / "tx.csv",
        "\n".join([HEADER, f"a,2024-05-01,A,B,5,EUR,wire,{big},0", GOOD.format(id="b")]),
    )
    data = prepare_transactions(src, mapping="canonical", work_dir=tmp_path / "w")
    assert (data.rows, data.rejected) == (2, 0)
    assert len(pq.read_table(data.paths[0]).column("narrative")[0].as_py()) == 5_000_000


def test_empty_file_is_an_error_and_header_only_is_empty_data(tmp_path: Path) -> None:
    with pytest.raises(TransactionDataError, match="is empty"):
        prepare_transactions(write(tmp_path / "e.csv", b""), work_dir=tmp_path / "w")
    data = prepare_transactions(write(tmp_path / "h.csv", HEADER + "\n"), work_dir=tmp_path / "w")
    assert (data.rows, data.rejected, data.rejects_path) == (0, 0, None)
    assert pq.read_table(data.paths[0]).num_rows == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.parquet", b"PAR1 this is not parquet", "is not a readable Parquet file"),
        ("tx.xlsx", b"PK\x03\x04", "unknown file type .xlsx"),
        ("gone.csv", None, "does not exist"),
    ],
)
def test_files_that_are_not_transaction_data(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    src = tmp_path / name
    if content is not None:
        src.write_bytes(content)
    with pytest.raises(TransactionDataError, match=message):
        prepare_transactions(src, work_dir=tmp_path / "w")


def test_folder_without_parquet_files(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    write(tmp_path / "data" / "notes.csv", HEADER)
    with pytest.raises(TransactionDataError, match=r"holds no \.parquet files"):
        prepare_transactions(tmp_path / "data", work_dir=tmp_path / "w")


def test_bad_options_are_clear_errors(tmp_path: Path) -> None:
    src = write(tmp_path / "tx.csv", "\n".join([HEADER, GOOD.format(id="a")]))
    with pytest.raises(TransactionDataError, match=r"must end in \.csv or \.parquet"):
        prepare_transactions(src, work_dir=tmp_path / "w", rejects=tmp_path / "r.txt")
    with pytest.raises(TransactionDataError, match="base currency 'XYZ'"):
        prepare_transactions(src, work_dir=tmp_path / "w", base_currency="XYZ")
    with pytest.raises(TransactionDataError, match="neither a preset"):
        prepare_transactions(src, mapping="amlworlds", work_dir=tmp_path / "w")
