"""Speed and peak memory of ``openfiu synth transactions`` at 1M and 10M rows (50M on demand).

Each size runs in its own process (so its peak memory is its own), writes to a scratch
folder that is deleted afterwards, and reports rows, seconds, rows/s, parts, laundering
share and peak resident memory.

    python benchmarks/synth_transactions_speed.py                 # 1M and 10M rows
    python benchmarks/synth_transactions_speed.py --sizes 1M 10M 50M
    python benchmarks/synth_transactions_speed.py --scratch /big/disk

Writes benchmarks/results/synth_transactions_speed.{json,md}, keeping the earlier results of
sizes not measured this time.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
#: size label → (accounts, days); about 0.99 rows per account and day.
SIZES = {"1M": (20_000, 50), "10M": (100_000, 100), "50M": (500_000, 100)}

CHILD = """
import json, resource, sys
from pathlib import Path
from openfiu.synth.transactions import generate_transactions
accounts, days, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
s = generate_transactions(accounts, days, seed=1, out=out)
parts = list((out / "transactions").glob("part-*.parquet"))
print(json.dumps({
    "accounts": accounts, "days": days, "rows": s.transactions,
    "laundering": s.laundering_transactions, "seconds": s.seconds, "parts": len(parts),
    "bytes": sum(p.stat().st_size for p in parts),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "cpu_seconds": resource.getrusage(resource.RUSAGE_SELF).ru_utime
    + resource.getrusage(resource.RUSAGE_SELF).ru_stime,
}))
"""


def run_size(label: str, scratch: Path) -> dict[str, Any]:
    accounts, days = SIZES[label]
    out = Path(tempfile.mkdtemp(prefix=f"synth-{label}-", dir=scratch))
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(accounts), str(days), str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        shutil.rmtree(out, ignore_errors=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["size"] = label
    result["rows_per_s"] = result["rows"] / result["seconds"]
    result["rows_per_cpu_s"] = result["rows"] / result["cpu_seconds"]
    return result


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| size | accounts | days | rows | laundering | seconds | rows/s | CPU s | rows/CPU s "
        "| parts | MB on disk | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['size']} | {r['accounts']:,} | {r['days']} | {r['rows']:,} | "
            f"{r['laundering'] / r['rows']:.2%} | {r['seconds']:.1f} | {r['rows_per_s']:,.0f} | "
            f"{r['cpu_seconds']:.1f} | {r['rows_per_cpu_s']:,.0f} | "
            f"{r['parts']} | {r['bytes'] / 1e6:,.0f} | {r['peak_rss_mb']:,.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", nargs="+", default=["1M", "10M"], choices=list(SIZES))
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    fresh = {label: run_size(label, args.scratch) for label in args.sizes}
    saved = RESULTS / "synth_transactions_speed.json"
    earlier = json.loads(saved.read_text())["results"] if saved.is_file() else []
    merged = {r["size"]: r for r in earlier} | fresh  # keep sizes not re-measured
    results = [merged[label] for label in SIZES if label in merged]
    text = table(results)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    machine = {"python": platform.python_version(), "machine": platform.machine()}
    (RESULTS / "synth_transactions_speed.json").write_text(
        json.dumps({"machine": machine, "results": results}, indent=2) + "\n", encoding="utf-8"
    )
    (RESULTS / "synth_transactions_speed.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
