"""Batch throughput against the UN list for customers with common names.

`screening_speed.py` screens customers whose surnames are almost all invented and distinct
(the worst case for the screener's caches: every customer brings new tokens). Real customer
bases repeat given names and surnames; this script screens 100,000 customers drawn from the
common-name tables of :mod:`openfiu.synth.people` (Zipf-like repetition, as in a bank's
customer file) and prints the same throughput figure.

    python benchmarks/screening_speed_common_names.py [--list PATH] [--customers N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from openfiu.lists import load_list
from openfiu.screening import Screener
from openfiu.synth import synthetic_people

DEFAULT_LIST = (
    Path(__file__).resolve().parents[1].parent / "shared/data/lists/un_consolidated_2026-02-27.xml"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    screener = Screener.from_entities(load_list(args.list).entities)
    customers = [
        {
            "id": f"C{i:07d}",
            "name": p.full,
            "birth_date": p.birth_date.isoformat(),
            "nationality": p.nationality,
            "gender": p.gender,
            "kind": "person",
        }
        for i, p in enumerate(synthetic_people(args.customers, seed=args.seed))
    ]
    distinct = len({c["name"] for c in customers})
    started = time.perf_counter()
    results = screener.screen_many(customers)
    seconds = time.perf_counter() - started
    alerting = sum(1 for r in results if r)
    print("| customers | distinct names | seconds | queries/s | customers alerting |")
    print("|---:|---:|---:|---:|---:|")
    print(
        f"| {len(customers):,} | {distinct:,} | {seconds:.1f} | {len(customers) / seconds:,.0f} "
        f"| {alerting / len(customers):.2%} |"
    )


if __name__ == "__main__":
    main()
