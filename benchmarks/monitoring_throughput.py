"""Throughput and memory of the monitoring rule pack on generated transactions.

Generates labelled synthetic transactions with ``openfiu.synth.transactions`` (cached in
``--data-dir``), then runs, each in a fresh process so peak memory is its own:

* DuckDB, per-account rules only (families ``account`` and ``financing``);
* DuckDB, the whole pack (network rules included);
* Spark local mode, the whole pack (``--spark-sizes``).

and prints one table: transactions, seconds (reading the Parquet files included),
transactions/s, alerts, peak RSS (for Spark, the Python driver plus the JVM) and the load
average before the run (the machine may be shared). Targets on a 2-core machine:
per-account rules >= 1,000,000 tx/s, whole pack >= 200,000 tx/s on DuckDB.

Run::

    python benchmarks/monitoring_throughput.py                       # 1M, DuckDB + Spark
    python benchmarks/monitoring_throughput.py --sizes 1M,10M --spark-sizes none
    python benchmarks/monitoring_throughput.py --sizes 50M --spark-sizes none \\
        --memory-limit 16GB                                          # 50M: ~1.3 GB data
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

#: Size label -> (accounts, days) of the generator; about that many transactions.
SIZES = {
    "100K": (2_000, 50),
    "1M": (20_000, 50),
    "10M": (100_000, 100),
    "50M": (500_000, 100),
}


def generate(size: str, data_dir: Path) -> Path:
    """The transactions folder of ``size``, generated once (seed 7)."""
    from openfiu.synth.transactions import generate_transactions

    accounts, days = SIZES[size]
    out = data_dir / f"synth-{size}"
    folder = out / "transactions"
    if not folder.is_dir():
        started = time.perf_counter()
        generate_transactions(accounts, days, 7, out)
        print(f"generated {size} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return folder


def child(engine: str, family: str, data: Path, threads: int, memory_limit: str | None) -> None:
    """Run once and print a JSON line with rows, seconds, alerts and peak RSS."""
    from openfiu.monitoring.rules import RULES
    from openfiu.monitoring.run import run_rules

    rules = [r for r in RULES if family == "all" or r.family != "network"]
    if engine == "duckdb":
        from openfiu.monitoring.engines.duckdb import DuckDBEngine

        runner: object = DuckDBEngine(threads=threads, memory_limit=memory_limit)
    else:
        from openfiu.monitoring.engines.spark import SparkEngine

        runner = SparkEngine(
            master=f"local[{threads}]",
            config={"spark.driver.memory": "6g", "spark.sql.shuffle.partitions": str(threads * 2)},
        )
    started = time.perf_counter()  # reading the data counts
    runner.use_transactions([data])  # type: ignore[attr-defined]
    alerts = run_rules(runner, rules)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    rows = runner.sql("SELECT COUNT(*) AS n FROM tx").column("n")[0].as_py()  # type: ignore[attr-defined]
    jvm_mb = _jvm_peak_mb(runner) if engine == "spark" else 0.0
    runner.close()  # type: ignore[attr-defined]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 + jvm_mb
    print(
        json.dumps({"rows": rows, "seconds": seconds, "alerts": alerts.num_rows, "rss_mb": rss_mb})
    )


def _jvm_peak_mb(runner: object) -> float:
    """Peak resident memory of the Spark JVM (VmHWM), read from /proc."""
    try:
        pid = runner.session.sparkContext._gateway.proc.pid  # type: ignore[attr-defined]
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (AttributeError, OSError):
        pass
    return 0.0


def measure(
    engine: str, family: str, data: Path, threads: int, memory_limit: str | None
) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", engine, family, str(data)]
    command += ["--threads", str(threads)]
    if memory_limit:
        command += ["--memory-limit", memory_limit]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{engine}/{family} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M", help="DuckDB sizes, e.g. 1M,10M")
    parser.add_argument("--spark-sizes", default="1M", help="Spark sizes, or 'none'")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory limit, e.g. 16GB")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/openfiu-bench-monitoring"))
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "FAMILY", "DATA"))
    args = parser.parse_args()
    if args.child:
        engine, family, data = args.child
        child(engine, family, Path(data), args.threads, args.memory_limit)
        return
    runs = [(s, "duckdb", f) for s in args.sizes.split(",") for f in ("per-account", "all")]
    if args.spark_sizes != "none":
        runs += [(s, "spark", "all") for s in args.spark_sizes.split(",")]
    print(f"threads={args.threads} cores={os.cpu_count()} load={os.getloadavg()[0]:.1f}")
    print("| size | engine | rules | transactions | seconds | tx/s | alerts | peak RSS MB | load |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size, engine, family in runs:
        data = generate(size, args.data_dir)
        load = os.getloadavg()[0]
        r = measure(engine, family, data, args.threads, args.memory_limit)
        rate = r["rows"] / r["seconds"]
        print(
            f"| {size} | {engine} | {family} | {r['rows']:,.0f} | {r['seconds']:.2f} | "
            f"{rate:,.0f} | {r['alerts']:,.0f} | {r['rss_mb']:,.0f} | {load:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
