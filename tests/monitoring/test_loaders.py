"""Transaction loaders: presets, detection, user mappings and the canonical fast path."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfiu.errors import TransactionDataError
from openfiu.monitoring.engines.duckdb import DuckDBEngine
from openfiu.monitoring.loaders import (
    PRESETS,
    ColumnMapping,
    detect_preset,
    load_mapping,
    prepare_transactions,
)
from openfiu.monitoring.loaders.fx import USD_PER_UNIT
from openfiu.monitoring.schema import LABEL_SCHEMA, TRANSACTION_SCHEMA

REPO = Path(__file__).resolve().parents[2]
AMLSIM = REPO.parent / "shared" / "data" / "amlsim" / "dev" / "transactions.parquet"
AMLWORLD_HEADER = (
    "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,"
    "Amount Paid,Payment Currency,Payment Format,Is Laundering"
)
AMLWORLD_ROWS = [
    "2022/09/01 00:20,10,8000EBD30,10,8000EBD30,3697.34,US Dollar,3697.34,US Dollar,Reinvestment,0",
    "2022/09/01 00:20,3208,8000F4580,1,8000F5340,0.01,US Dollar,0.01,US Dollar,Cheque,0",
    "2022/09/01 00:00,3209,8000F4670,3209,8000F4670,14675.57,Euro,100.00,Euro,Credit Card,1",
    "2022/09/01 00:02,12,8000F5030,12,8000F5030,2.62,US Dollar,0.5,Bitcoin,Bitcoin,0",
    "2022/09/01 00:06,10,8000F5AD0,12,8000F5AD0,6.5,US Dollar,6.5,US Dollar,ACH,1",
    "2022/09/01 00:03,1,8000EC1E0,1,8000EC1E0,14.1,Ruble,1000,Ruble,Cash,0",
    "2022/09/01 00:08,1,8000EC1E1,2,8000EC1E2,99,Yuan,99,Yuan,Wire,0",
]


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def table(path: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = pq.read_table(path).to_pylist()
    return rows


def canonical_table(n: int = 3, **overrides: list[object]) -> pa.Table:
    day = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    columns: dict[str, list[object]] = {name: [None] * n for name in TRANSACTION_SCHEMA.names}
    columns.update(
        tx_id=[f"t{i}" for i in range(n)],
        timestamp=[day + dt.timedelta(hours=i) for i in range(n)],
        from_account=[f"A{i}" for i in range(n)],
        to_account=[f"B{i}" for i in range(n)],
        amount=[100.0 + i for i in range(n)],
        currency=["USD"] * n,
        amount_base=[100.0 + i for i in range(n)],
        channel=["wire"] * n,
    )
    columns.update(overrides)
    return pa.table(columns, schema=TRANSACTION_SCHEMA)


# --- detection -------------------------------------------------------------------------


def test_detect_amlworld_with_either_spelling_of_the_repeated_account_header() -> None:
    names = AMLWORLD_HEADER.split(",")
    assert detect_preset([*names[:4], "Account_1", *names[5:]]) == "amlworld"
    assert detect_preset([*names[:4], "Account.1", *names[5:]]) == "amlworld"


def test_detect_amlsim_and_canonical() -> None:
    amlsim = ["tx_id", "timestamp", "from_account", "to_account", "amount", "currency"]
    assert detect_preset([*amlsim, "payment_type", "is_laundering", "alert_id"]) == "amlsim"
    assert detect_preset([*amlsim, "channel", "amount_base"]) == "canonical"


def test_detection_refuses_ambiguous_or_unknown_layouts() -> None:
    both = ["tx_id", "timestamp", "from_account", "to_account", "amount", "currency"]
    assert detect_preset([*both, "channel", "payment_type"]) is None
    assert detect_preset(["id", "date", "value"]) is None


def test_unknown_layout_error_names_what_each_preset_lacks(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "x.csv", "id,when,value", ["1,2024-01-01,5"])
    with pytest.raises(TransactionDataError) as err:
        prepare_transactions(src, work_dir=tmp_path / "w")
    message = str(err.value)
    assert "id, when, value" in message
    assert "canonical lacks tx_id, timestamp" in message
    assert "amlworld lacks Timestamp" in message


# --- presets ---------------------------------------------------------------------------


def test_amlworld_csv_loads_with_detected_preset(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "HI-Small_Trans.csv", AMLWORLD_HEADER, AMLWORLD_ROWS)
    data = prepare_transactions(src, work_dir=tmp_path / "w")
    assert (data.preset, data.rows, data.rejected, data.has_labels) == ("amlworld", 7, 0, True)
    rows = table(data.paths[0])
    assert [r["tx_id"] for r in rows] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [r["channel"] for r in rows] == [
        "wire",  # Reinvestment
        "wire",  # Cheque
        "card",  # Credit Card
        "crypto",  # Bitcoin
        "wire",  # ACH
        "cash",
        "wire",
    ]
    assert [r["currency"] for r in rows] == ["USD", "USD", "EUR", "XBT", "USD", "RUB", "CNY"]
    assert rows[1]["from_account"] == "8000F4580" and rows[1]["to_account"] == "8000F5340"
    assert rows[1]["from_bank"] == "3208" and rows[1]["to_bank"] == "1"
    assert rows[0]["timestamp"] == dt.datetime(2022, 9, 1, 0, 20, tzinfo=dt.UTC)
    assert rows[2]["amount"] == 100.0
    assert rows[2]["amount_base"] == pytest.approx(100.0 * USD_PER_UNIT["EUR"])
    assert rows[3]["amount_base"] == pytest.approx(0.5 * USD_PER_UNIT["XBT"])
    assert [r["is_laundering"] for r in rows] == [False, False, True, False, True, False, False]
    assert data.rejects_path is None


def test_prepared_data_has_the_canonical_schema_and_feeds_the_engine(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "aw.csv", AMLWORLD_HEADER, AMLWORLD_ROWS)
    data = prepare_transactions(src, mapping="amlworld", work_dir=tmp_path / "w")
    schema = pq.read_schema(data.paths[0])
    expected = pa.schema([*TRANSACTION_SCHEMA, *LABEL_SCHEMA])
    assert [(f.name, f.type) for f in schema] == [(f.name, f.type) for f in expected]
    engine = DuckDBEngine()
    engine.use_transactions(data.paths)
    got = engine.sql("SELECT count(*) AS n, min(t) AS t0 FROM tx").to_pylist()[0]
    engine.close()
    assert got == {"n": 7, "t0": int(dt.datetime(2022, 9, 1, tzinfo=dt.UTC).timestamp())}


def test_amlsim_layout_keeps_typology_and_pattern_only_for_laundering(tmp_path: Path) -> None:
    src = tmp_path / "amlsim.parquet"
    day = dt.datetime(2017, 1, 1)
    pq.write_table(
        pa.table(
            {
                "tx_id": [1, 2, 3],
                "timestamp": [day, day, day + dt.timedelta(days=1)],
                "from_account": ["1", "2", "3"],
                "to_account": ["2", "3", "1"],
                "amount": [100.0, 200.0, 300.0],
                "currency": ["USD"] * 3,
                "payment_type": ["TRANSFER"] * 3,
                "is_laundering": [True, False, False],
                "alert_id": [7, 8, -1],
                "typology": ["cycle", "fan_in", None],
                "false_alert": [False, True, False],
            }
        ),
        src,
    )
    data = prepare_transactions(src, work_dir=tmp_path / "w")
    rows = table(data.paths[0])
    assert data.preset == "amlsim" and data.has_labels
    assert [r["tx_id"] for r in rows] == ["1", "2", "3"]
    assert [r["typology"] for r in rows] == ["cycle", None, None]  # false alert: no typology
    assert [r["pattern_id"] for r in rows] == ["7", None, None]
    assert {r["channel"] for r in rows} == {"wire"}
    assert rows[2]["timestamp"] == dt.datetime(2017, 1, 2, tzinfo=dt.UTC)  # naive read as UTC


@pytest.mark.shared_data
def test_amlsim_dev_file_loads_with_no_options(tmp_path: Path) -> None:
    if not AMLSIM.exists():
        pytest.skip(f"shared data not found at {AMLSIM}")
    data = prepare_transactions(AMLSIM, work_dir=tmp_path)
    assert (data.preset, data.rows, data.rejected) == ("amlsim", 201_680, 0)
    with duckdb.connect() as con:
        stats = con.execute(
            f"""SELECT count(*) FILTER (is_laundering), count(typology), count(pattern_id),
                       count(*) FILTER (channel = 'wire'), count(DISTINCT tx_id)
                FROM read_parquet('{data.paths[0]}')"""
        ).fetchall()[0]
    assert stats == (1470, 1470, 1470, 201_680, 201_680)
    first = pq.read_table(data.paths[0], columns=["tx_id"]).column(0)[:3].to_pylist()
    assert first == ["1", "2", "3"]  # source (chronological) order kept


# --- canonical fast path -----------------------------------------------------------------


def test_clean_canonical_parquet_is_used_in_place(tmp_path: Path) -> None:
    src = tmp_path / "tx.parquet"
    pq.write_table(canonical_table(5), src)
    work = tmp_path / "w"
    data = prepare_transactions(src, work_dir=work)
    assert data.paths == [src] and (data.rows, data.rejected) == (5, 0)
    assert not (work / "transactions.parquet").exists()


def test_clean_canonical_folder_is_used_in_place(tmp_path: Path) -> None:
    folder = tmp_path / "tx"
    (folder / "part=1").mkdir(parents=True)
    pq.write_table(canonical_table(3), folder / "a.parquet")
    pq.write_table(canonical_table(2, tx_id=["x1", "x2"]), folder / "part=1" / "b.parquet")
    data = prepare_transactions(folder, work_dir=tmp_path / "w")
    assert data.paths == [folder] and data.rows == 5


def test_canonical_parquet_with_bad_rows_is_converted(tmp_path: Path) -> None:
    src = tmp_path / "tx.parquet"
    pq.write_table(canonical_table(3, amount=[1.0, -2.0, 3.0]), src)
    data = prepare_transactions(src, work_dir=tmp_path / "w", rejects=tmp_path / "bad.csv")
    assert data.paths == [tmp_path / "w" / "transactions.parquet"]
    assert (data.rows, data.rejected, data.reasons) == (2, 1, {"amount_not_positive": 1})
    assert [r["tx_id"] for r in table(data.paths[0])] == ["t0", "t2"]


def test_canonical_parquet_with_naive_timestamps_is_converted_to_utc(tmp_path: Path) -> None:
    src = tmp_path / "tx.parquet"
    t = canonical_table(2)
    naive = t.set_column(1, "timestamp", pa.array([dt.datetime(2024, 1, 1, 5)] * 2))
    pq.write_table(naive, src)
    data = prepare_transactions(src, work_dir=tmp_path / "w")
    assert data.paths != [src]
    assert table(data.paths[0])[0]["timestamp"] == dt.datetime(2024, 1, 1, 5, tzinfo=dt.UTC)


# --- user mappings -----------------------------------------------------------------------


def test_toml_mapping_with_format_timezone_constants_and_delimiter(tmp_path: Path) -> None:
    mapping = tmp_path / "bank.toml"
    mapping.write_text(
        """
name = "bank"
timestamp_format = "%d.%m.%Y %H:%M"
timezone = "Asia/Dushanbe"
[columns]
tx_id = "Ref"
timestamp = "Booked"
from_account = "Payer"
to_account = "Payee"
amount = "Sum"
currency = "Ccy"
to_country = "Dest"
[constants]
channel = "money transfer"
""",
        encoding="utf-8",
    )
    src = tmp_path / "bank.csv"
    src.write_text(
        "Ref;Booked;Payer;Payee;Sum;Ccy;Dest\nR1;02.03.2024 10:30;P1;Q1;500;tjs;tj\n",
        encoding="utf-8",
    )
    data = prepare_transactions(src, mapping=mapping, work_dir=tmp_path / "w")
    row = table(data.paths[0])[0]
    assert data.preset == "bank" and not data.has_labels
    assert row["timestamp"] == dt.datetime(2024, 3, 2, 5, 30, tzinfo=dt.UTC)  # UTC+5
    assert (row["channel"], row["currency"], row["to_country"]) == ("money_transfer", "TJS", "TJ")
    assert row["amount_base"] == pytest.approx(500 * USD_PER_UNIT["TJS"])


def test_json_mapping_extends_a_preset_and_takes_sql_expressions(tmp_path: Path) -> None:
    mapping = tmp_path / "m.json"
    mapping.write_text(
        json.dumps(
            {
                "preset": "amlworld",
                "columns": {"amount": '=TRY_CAST("Amount Paid" AS DOUBLE) / 100'},
            }
        ),
        encoding="utf-8",
    )
    src = write_csv(tmp_path / "aw.csv", AMLWORLD_HEADER, AMLWORLD_ROWS[:1])
    data = prepare_transactions(src, mapping=mapping, work_dir=tmp_path / "w")
    assert table(data.paths[0])[0]["amount"] == pytest.approx(36.9734)


def test_base_currency_other_than_usd(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "aw.csv", AMLWORLD_HEADER, AMLWORLD_ROWS[2:3])
    data = prepare_transactions(src, work_dir=tmp_path / "w", base_currency="EUR")
    assert table(data.paths[0])[0]["amount_base"] == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"columns": {"amout": "x"}}, "unknown canonical column(s) amout"),
        ({"colums": {}}, "unknown setting(s) colums"),
        ({"columns": {"tx_id": "a", "timestamp": "b", "amount": "c"}}, "currency, channel"),
        ({"preset": "amlworld", "channel_values": {"Wire": "swift"}}, "not channels"),
        ({"preset": "amlworld", "encoding": "cp1251"}, "encoding 'cp1251'"),
    ],
)
def test_bad_mapping_files_are_clear_errors(
    tmp_path: Path, settings: dict[str, object], message: str
) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps(settings), encoding="utf-8")
    with pytest.raises(TransactionDataError, match=r"m\.json|mapping") as err:
        load_mapping(path)
    assert message in str(err.value)


def test_mapping_that_does_not_fit_lists_missing_and_found_columns(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "x.csv", "tx_id,timestamp,amount", ["1,2024-01-01,5"])
    with pytest.raises(TransactionDataError) as err:
        prepare_transactions(src, mapping="canonical", work_dir=tmp_path / "w")
    message = str(err.value)
    assert "missing column(s) from_account (for from_account), to_account" in message
    assert "currency (for currency), channel (for channel)" in message
    assert "Columns found: tx_id, timestamp, amount" in message


def test_presets_are_column_mappings() -> None:
    assert set(PRESETS) >= {"canonical", "amlsim", "amlworld"}
    assert all(isinstance(m, ColumnMapping) for m in PRESETS.values())
    assert PRESETS["amlworld"].tx_id_from_row


def test_explicit_rejects_file_is_written_even_when_nothing_is_rejected(tmp_path: Path) -> None:
    src = tmp_path / "tx.parquet"
    pq.write_table(canonical_table(2), src)
    rejects = tmp_path / "rejects.csv"
    data = prepare_transactions(src, work_dir=tmp_path / "w", rejects=rejects)
    assert data.paths == [src] and data.rejects_path == rejects
    assert rejects.read_text(encoding="utf-8").splitlines()[0].startswith("row_number,reason,")


def test_duplicate_ids_in_canonical_parquet_leave_the_fast_path(tmp_path: Path) -> None:
    src = tmp_path / "tx.parquet"
    pq.write_table(canonical_table(3, tx_id=["a", "b", "a"]), src)
    data = prepare_transactions(src, work_dir=tmp_path / "w")
    assert data.paths != [src]
    assert (data.rows, data.rejected, data.reasons) == (2, 1, {"duplicate_tx_id": 1})
