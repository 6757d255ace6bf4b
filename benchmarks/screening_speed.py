"""Screening speed: index build, batch throughput, one-query latency, peak memory.

Scenarios, each run in its own process so that peak memory is its own:

* ``un``: the real UN list; screen_many over 100,000 synthetic customers (1 % planted
  variants of listed persons), then 2,000 single queries for p50/p95 latency;
* ``synthetic``: a generated list of 1,000,000 entries (openfiu.synth.lists: ≈45 % persons
  with frequent given names and long-tail surnames, ≈55 % organisations), streamed into the
  index; 20,000 customers in a batch (1 % planted), 500 single queries;
* ``baseline-un`` / ``baseline-synthetic``: plain rapidfuzz ``process.cdist`` (fuzz.ratio,
  cutoff 85, all cores) of normalised customer names against every list name.

    python benchmarks/screening_speed.py                        # everything (several minutes)
    python benchmarks/screening_speed.py --entities 100000      # a smaller generated list
    python benchmarks/screening_speed.py --only un baseline-un

Writes benchmarks/results/screening_speed.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LIST = ROOT / ".." / "shared" / "data" / "lists" / "un_consolidated_2026-02-27.xml"
RESULTS = ROOT / "benchmarks" / "results"
SCENARIOS = ("un", "synthetic", "baseline-un", "baseline-synthetic")
_PUNCT = re.compile(r"[^\w\s]")


def _peak_rss_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(own, 1), "peak_rss_workers_mb": round(children, 1)}


def _load_average() -> list[float]:
    """The machine's 1/5/15-minute load averages: other work on a shared machine slows
    every figure here, so each scenario records them when it ends."""
    return [round(x, 2) for x in os.getloadavg()]


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _load(args: argparse.Namespace, scenario: str) -> tuple[list[Any], dict[str, float]]:
    from openfiu.lists import load_list
    from openfiu.synth.lists import synthetic_entities

    started = time.perf_counter()
    if scenario.endswith("un"):
        entities = load_list(args.list).entities
        return entities, {"load_s": time.perf_counter() - started}
    entities = list(synthetic_entities(args.entities, seed=args.seed))
    return entities, {"generate_s": time.perf_counter() - started}


class _Stream:
    """Generated entities streamed into the index: counts names, keeps the first persons
    (for planted hits) and the time spent generating, without a second list of entities."""

    def __init__(self, n: int, seed: int, keep_persons: int) -> None:
        from openfiu.synth.lists import synthetic_entities

        self._source = synthetic_entities(n, seed=seed)
        self.keep_persons = keep_persons
        self.persons: list[Any] = []
        self.names = 0
        self.generate_s = 0.0

    def __iter__(self) -> Any:
        while True:
            started = time.perf_counter()
            entity = next(self._source, None)
            self.generate_s += time.perf_counter() - started
            if entity is None:
                return
            self.names += len(entity.names)
            if entity.kind == "person" and len(self.persons) < self.keep_persons:
                self.persons.append(entity)
            yield entity


def _customers(entities: list[Any], n: int, seed: int) -> list[dict[str, object]]:
    from openfiu.synth.customers import synthetic_customers

    persons = [e for e in entities if e.kind == "person"][:20_000]
    return list(synthetic_customers(n, seed=seed, listed=persons, hit_rate=0.01))


def run_screener(args: argparse.Namespace, scenario: str) -> dict[str, Any]:
    from openfiu.screening import Screener

    batch_n, single_n = (
        (args.batch, args.single) if scenario == "un" else (args.big_batch, args.big_single)
    )
    started = time.perf_counter()
    if scenario == "un":
        entities, out = _load(args, scenario)
        started = time.perf_counter()
        screener = Screener.from_entities(entities)
        out["build_s"] = time.perf_counter() - started
        out["names"] = sum(len(e.names) for e in entities)
        persons = entities
    else:
        # Streamed: the screener keeps the one list of entities; generation time is
        # measured inside the stream and left out of the build time.
        stream = _Stream(args.entities, args.seed, keep_persons=20_000)
        screener = Screener.from_entities(stream)
        out = {"generate_s": stream.generate_s}
        out["build_s"] = time.perf_counter() - started - stream.generate_s
        out["names"] = stream.names
        persons = stream.persons
        del stream
    out["entities"] = len(screener)
    customers = _customers(persons, batch_n, args.seed + 1)
    del persons
    started = time.perf_counter()
    results = screener.screen_many(customers, limit=10)
    seconds = time.perf_counter() - started
    out["batch_queries"] = len(customers)
    out["batch_s"] = seconds
    out["batch_qps"] = len(customers) / seconds
    out["batch_errors"] = len(screener.last_batch_errors)
    planted = [(c, r) for c, r in zip(customers, results, strict=True) if "expected_reference" in c]
    out["planted"] = len(planted)
    out["planted_found"] = sum(
        any(m.reference == c["expected_reference"] for m in r) for c, r in planted
    )
    out["alerted_share"] = sum(bool(r) for r in results) / len(results)
    others = [r for c, r in zip(customers, results, strict=True) if "expected_reference" not in c]
    out["alerted_share_not_planted"] = sum(bool(r) for r in others) / max(1, len(others))
    latencies: list[float] = []
    for query in customers[:single_n]:
        t0 = time.perf_counter()
        screener.screen(query, limit=10)
        latencies.append((time.perf_counter() - t0) * 1000)
    out["single_queries"] = len(latencies)
    out["p50_ms"] = statistics.median(latencies)
    out["p95_ms"] = _percentile(latencies, 95)
    out.update(_peak_rss_mb())
    out["load_average"] = _load_average()
    return out


def _normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_PUNCT.sub(" ", plain).split())


def run_baseline(args: argparse.Namespace, scenario: str) -> dict[str, Any]:
    import numpy as np
    from rapidfuzz import fuzz, process

    entities, out = _load(args, scenario)
    started = time.perf_counter()
    choices = [_normalise(n.full) for e in entities for n in e.names]
    out["build_s"] = time.perf_counter() - started
    out["entities"] = len(entities)
    out["names"] = len(choices)
    n = args.batch if scenario == "baseline-un" else args.baseline_queries
    customers = _customers(entities, n, args.seed + 1)
    started = time.perf_counter()
    alerts = 0
    chunk = max(1, 20_000_000 // max(1, len(choices)))
    for start in range(0, len(customers), chunk):
        queries = [_normalise(str(c["name"])) for c in customers[start : start + chunk]]
        scores = process.cdist(
            queries, choices, scorer=fuzz.ratio, score_cutoff=85, dtype=np.uint8, workers=-1
        )
        alerts += int(np.count_nonzero(scores))
    seconds = time.perf_counter() - started
    out["batch_queries"] = len(customers)
    out["batch_s"] = seconds
    out["batch_qps"] = len(customers) / seconds
    out["alerts_per_query"] = alerts / len(customers)
    out.update(_peak_rss_mb())
    out["load_average"] = _load_average()
    return out


def _row(name: str, r: dict[str, Any]) -> str:
    def f(key: str, fmt: str = "{:,.0f}") -> str:
        return fmt.format(r[key]) if key in r else "–"

    return (
        f"| {name} | {f('entities')} | {f('names')} | {f('build_s', '{:.1f}')} | "
        f"{f('batch_queries')} | {f('batch_qps')} | {f('p50_ms', '{:.2f}')} | "
        f"{f('p95_ms', '{:.2f}')} | {f('peak_rss_mb')} | {f('peak_rss_workers_mb')} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST)
    parser.add_argument(
        "--entities", type=int, default=1_000_000, help="size of the generated list"
    )
    parser.add_argument(
        "--batch", type=int, default=100_000, help="customers screened against the UN list"
    )
    parser.add_argument("--single", type=int, default=2_000, help="single queries (UN list)")
    parser.add_argument("--big-batch", type=int, default=20_000, help="customers, generated list")
    parser.add_argument(
        "--big-single", type=int, default=500, help="single queries, generated list"
    )
    parser.add_argument(
        "--baseline-queries", type=int, default=200, help="baseline queries, generated list"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        (scenario,) = args.only
        runner = run_baseline if scenario.startswith("baseline") else run_screener
        print(json.dumps(runner(args, scenario)))
        return
    # A partial run (--only) updates its scenarios and keeps the others' last results.
    previous = RESULTS / "screening_speed.json"
    results: dict[str, Any] = json.loads(previous.read_text()) if previous.exists() else {}
    results["machine"] = (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    commands: dict[str, str] = results.setdefault("commands", {})
    forwarded = [a for a in sys.argv[1:] if a != "--only" and a not in SCENARIOS]
    for scenario in args.only:
        command = [sys.executable, __file__, *forwarded, "--only", scenario, "--child"]
        print(f"running {scenario} …", file=sys.stderr, flush=True)
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"{scenario} failed:\n{proc.stderr[-3000:]}")
        results[scenario] = json.loads(proc.stdout.strip().splitlines()[-1])
        commands[scenario] = (
            f"python benchmarks/screening_speed.py {' '.join(sys.argv[1:])}".strip()
        )
    shown = [s for s in SCENARIOS if s in results]
    labels = {
        "un": "openfiu, UN list",
        "baseline-un": "rapidfuzz cdist baseline, UN list",
        "synthetic": "openfiu, generated list",
        "baseline-synthetic": "rapidfuzz cdist baseline, generated list",
    }
    md = [
        "# Screening speed\n",
        f"Machine: {results['machine']}.\n",
        "| scenario | entities | names | build s | batch queries | batch q/s | p50 ms | p95 ms | peak RSS MB | workers' peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    md += [_row(labels[s], results[s]) for s in shown]
    for s in shown:
        r = results[s]
        if "planted" in r:
            md.append(
                f"\n{labels[s]}: planted variants found {r['planted_found']}/{r['planted']}, "
                f"customers with an alert {r['alerted_share'] * 100:.1f}%"
                + (
                    f" ({r['alerted_share_not_planted'] * 100:.1f}% of those not planted)"
                    if "alerted_share_not_planted" in r
                    else ""
                )
                + ", "
                f"{'generation' if 'generate_s' in r else 'list load'} "
                f"{r.get('generate_s', r.get('load_s', 0)):.1f} s"
                + (
                    f", load average at the end {'/'.join(map(str, r['load_average']))} "
                    f"on {os.cpu_count()} cores."
                    if "load_average" in r
                    else "."
                )
            )
    md.append(
        "\nBaseline: normalised names (case, accents, punctuation), `process.cdist(fuzz.ratio, "
        "score_cutoff=85, workers=-1)` against every list name; no transliteration, no attributes."
    )
    md.append("\nCommands (the last run of each scenario):\n")
    md += [f"- {labels[s]}: `{commands.get(s, '?')}`" for s in shown]
    md.append("")
    text = "\n".join(md)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "screening_speed.md").write_text(text, encoding="utf-8")
    (RESULTS / "screening_speed.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
