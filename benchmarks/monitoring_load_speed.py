"""Speed of the transaction loaders (``openfiu.monitoring.loaders.prepare_transactions``).

Cases: the AMLSim dev file (preset ``amlsim``, converted), an AMLworld-style CSV of
``--rows`` rows generated with DuckDB (preset ``amlworld``, about 0.1 % bad rows), and
the canonical Parquet written by that run loaded again (fast path: validated in place).
Prints a table; nothing is asserted.

    .venv/bin/python benchmarks/monitoring_load_speed.py --rows 2000000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from openfiu.monitoring.loaders import PreparedData, prepare_transactions

AMLSIM = Path(__file__).resolve().parents[1].parent / "shared/data/amlsim/dev/transactions.parquet"
HEADER = (
    "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,"
    "Amount Paid,Payment Currency,Payment Format,Is Laundering"
)


def generate_amlworld_csv(path: Path, rows: int) -> None:
    """Write an AMLworld-layout CSV; every 1000th row has a negative amount."""
    with duckdb.connect() as con:
        con.execute(
            f"""COPY (
            SELECT strftime(TIMESTAMP '2022-09-01' + to_minutes(i // 40), '%Y/%m/%d %H:%M'),
                   (i * 7) % 500, printf('%09X', (i * 2654435761) % 2000003),
                   (i * 13) % 500, printf('%09X', (i * 40503) % 2000003),
                   round(10 + (i * 37) % 100000 / 3.0, 2),
                   (['US Dollar', 'Euro', 'Yuan', 'Ruble', 'Bitcoin'])[1 + i % 5],
                   CASE WHEN i % 1000 = 999 THEN -1 ELSE round(10 + (i * 37) % 100000 / 3.0, 2) END,
                   (['US Dollar', 'Euro', 'Yuan', 'Ruble', 'Bitcoin'])[1 + i % 5],
                   (['ACH', 'Cheque', 'Credit Card', 'Wire', 'Cash', 'Reinvestment'])[1 + i % 6],
                   CAST(i % 997 = 0 AS INTEGER)
            FROM range({rows}) t(i)) TO '{path}' (FORMAT csv, HEADER false)"""
        )
    body = path.read_bytes()
    path.write_bytes(HEADER.encode() + b"\n" + body)


def timed(label: str, source: Path, work: Path, **kw: object) -> tuple[str, PreparedData, float]:
    start = time.perf_counter()
    data = prepare_transactions(source, work_dir=work, **kw)  # type: ignore[arg-type]
    return label, data, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000, help="rows of the generated CSV")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if AMLSIM.exists():
            results.append(timed("AMLSim dev parquet -> canonical", AMLSIM, root / "amlsim"))
        csv_path = root / "amlworld.csv"
        start = time.perf_counter()
        generate_amlworld_csv(csv_path, args.rows)
        print(
            f"generated {args.rows:,} CSV rows in {time.perf_counter() - start:.1f} s "
            f"({csv_path.stat().st_size / 1e6:.0f} MB)"
        )
        results.append(timed("AMLworld CSV -> canonical", csv_path, root / "aw"))
        canonical = root / "aw" / "transactions.parquet"
        results.append(timed("canonical parquet (fast path)", canonical, root / "fast"))
    print("\n| case | rows kept | rejected | seconds | rows/s |\n|---|---:|---:|---:|---:|")
    for label, data, seconds in results:
        total = data.rows + data.rejected
        print(
            f"| {label} | {data.rows:,} | {data.rejected:,} | {seconds:.2f} | {total / seconds:,.0f} |"
        )


if __name__ == "__main__":
    main()
