"""Throughput and memory of the monitoring rule pack on generated transactions.

Generates labelled synthetic transactions with ``openfiu.synth.transactions`` (cached in
``--data-dir``), then runs, each in a fresh process so peak memory is its own:

* DuckDB, per-account rules only (families ``account`` and ``financing``);
* DuckDB, the whole pack (network rules included);
* Spark local mode, the whole pack (``--spark-sizes``).

and prints one table: transactions, seconds (reading the Parquet files included),
transactions/s, alerts, peak RSS (for Spark, the Python driver plus the JVM's peak), the
load average before the run (the machine may be shared) and, for Spark, whether its alert
table equals DuckDB's on the same data (``Table.equals``; DuckDB runs after the timed
Spark run, in the same process; ``--no-compare`` skips it). ``--per-rule`` adds the
seconds of each rule. Targets on a 2-core machine: per-account rules >= 1,000,000 tx/s,
whole pack >= 200,000 tx/s on DuckDB.

Run::

    python benchmarks/monitoring_throughput.py                       # 1M, DuckDB + Spark
    python benchmarks/monitoring_throughput.py --sizes 1M,10M --spark-sizes none
    python benchmarks/monitoring_throughput.py --sizes 50M --spark-sizes none \\
        --memory-limit 16GB                                          # 50M: ~1.3 GB data
    python benchmarks/monitoring_throughput.py --sizes none --spark-sizes 10M --per-rule
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


def child(engine: str, family: str, data: Path, args: argparse.Namespace) -> None:
    """Run once and print a JSON line with rows, seconds, alerts, peak RSS, the seconds of
    each rule and (Spark with ``--compare``) whether the alerts equal DuckDB's."""
    from openfiu.monitoring.rules import RULES
    from openfiu.monitoring.run import RuleRun, run_rules

    rules = [r for r in RULES if family == "all" or r.family != "network"]
    threads, memory_limit = args.threads, args.memory_limit
    if engine == "duckdb":
        from openfiu.monitoring.engines.duckdb import DuckDBEngine

        runner: object = DuckDBEngine(threads=threads, memory_limit=memory_limit)
    else:
        from openfiu.monitoring.engines.spark import SparkEngine

        partitions = args.spark_partitions or threads * 2
        runner = SparkEngine(
            master=f"local[{threads}]",
            config={
                "spark.driver.memory": args.spark_memory,
                "spark.sql.shuffle.partitions": str(partitions),
            },
        )
    per_rule: dict[str, float] = {}

    def note(run: RuleRun) -> None:
        if run.alerts is not None:
            per_rule[run.rule.name] = round(run.seconds, 2)
            if args.per_rule:
                print(f"{run.rule.name}: {run.seconds:.1f} s", file=sys.stderr, flush=True)

    started = time.perf_counter()  # reading the data counts
    runner.use_transactions([data])  # type: ignore[attr-defined]
    alerts = run_rules(runner, rules, progress=note)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    rows = runner.sql("SELECT COUNT(*) AS n FROM tx").column("n")[0].as_py()  # type: ignore[attr-defined]
    jvm_mb = _jvm_peak_mb(runner) if engine == "spark" else 0.0
    runner.close()  # type: ignore[attr-defined]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 + jvm_mb
    same = _same_as_duckdb(alerts, rules, data, args) if engine == "spark" else None
    result = {"rows": rows, "seconds": seconds, "alerts": alerts.num_rows, "rss_mb": rss_mb}
    print(json.dumps({**result, "jvm_mb": jvm_mb, "rules": per_rule, "same": same}))


def _same_as_duckdb(
    alerts: object, rules: Sequence[object], data: Path, args: argparse.Namespace
) -> bool | None:
    """Whether DuckDB gives the very same alert table (``None`` when not compared)."""
    if not args.compare:
        return None
    from openfiu.monitoring.engines.duckdb import DuckDBEngine
    from openfiu.monitoring.run import run_rules

    duck = DuckDBEngine(threads=args.threads, memory_limit=args.memory_limit)
    duck.use_transactions([data])
    expected = run_rules(duck, rules)  # type: ignore[arg-type]
    duck.close()
    return bool(expected.equals(alerts))


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


def measure(engine: str, family: str, data: Path, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", engine, family, str(data)]
    command += ["--threads", str(args.threads), "--spark-memory", args.spark_memory]
    command += ["--spark-partitions", str(args.spark_partitions)]
    command += [] if args.compare else ["--no-compare"]
    command += ["--per-rule"] if args.per_rule else []
    if args.memory_limit:
        command += ["--memory-limit", args.memory_limit]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{engine}/{family} failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M", help="DuckDB sizes, e.g. 1M,10M")
    parser.add_argument("--spark-sizes", default="1M", help="Spark sizes, or 'none'")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory limit, e.g. 16GB")
    parser.add_argument("--spark-memory", default="6g", help="Spark driver memory (local mode)")
    parser.add_argument(
        "--spark-partitions", type=int, default=0, help="shuffle partitions (0: 2 x threads)"
    )
    parser.add_argument(
        "--no-compare", dest="compare", action="store_false", help="skip the DuckDB check"
    )
    parser.add_argument("--per-rule", action="store_true", help="print each rule's seconds")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/openfiu-bench-monitoring"))
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "FAMILY", "DATA"))
    args = parser.parse_args()
    if args.child:
        engine, family, data = args.child
        child(engine, family, Path(data), args)
        return
    sizes = [] if args.sizes == "none" else args.sizes.split(",")
    runs = [(s, "duckdb", f) for s in sizes for f in ("per-account", "all")]
    if args.spark_sizes != "none":
        runs += [(s, "spark", "all") for s in args.spark_sizes.split(",")]
    print(f"threads={args.threads} cores={os.cpu_count()} load={os.getloadavg()[0]:.1f}")
    print(
        "| size | engine | rules | transactions | seconds | tx/s | alerts | peak RSS MB "
        "| load | same as DuckDB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size, engine, family in runs:
        data = generate(size, args.data_dir)
        load = os.getloadavg()[0]
        r = measure(engine, family, data, args)
        rate = r["rows"] / r["seconds"]
        same = {None: "", True: "yes", False: "NO"}[r.get("same")]
        print(
            f"| {size} | {engine} | {family} | {r['rows']:,.0f} | {r['seconds']:.2f} | "
            f"{rate:,.0f} | {r['alerts']:,.0f} | {r['rss_mb']:,.0f} | {load:.1f} | {same} |",
            flush=True,
        )
        if args.per_rule:
            times = ", ".join(f"{k} {v:.1f} s" for k, v in r["rules"].items())
            jvm = f"; JVM peak {r['jvm_mb']:,.0f} MB" if r.get("jvm_mb") else ""
            print(f"  {times}{jvm}", flush=True)


if __name__ == "__main__":
    main()
