"""Screening quality on the UN-derived query set: openfiu beside nomenklatura logic-v2.

For each query kind (see quality_set.py): n, recall (the expected entity is among the
returned matches), top-1 accuracy (it is the best match), false alerts per query (returned
matches that are not the expected entity; for negatives every match), and the share of
queries with any alert. openfiu runs every query at its default threshold against an index
of the (held-out) list; nomenklatura logic-v2 runs on a sample per kind, at yente's default
threshold 0.70, comparing each query with its expected entity plus the top-20 persons of a
cheap ASCII blocking (so its false alerts are counted among those 20 only: a lower bound).

    python benchmarks/quality_set.py                  # once: builds var/bench/quality_set.jsonl
    bash benchmarks/setup_bench_env.sh                # once: .bench-venv with nomenklatura
    python benchmarks/screening_quality.py [--nk-sample 300] [--no-nk] [--threshold T]

Writes benchmarks/results/screening_quality.{json,md} (with --no-nk:
screening_quality_openfiu_only.{json,md}, so the side-by-side table is kept).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openfiu.lists import load_list
from openfiu.model import Entity
from openfiu.screening import DEFAULT_THRESHOLD, Screener
from quality_set import (
    DEFAULT_LIST,
    DEFAULT_OUT,
    KINDS,
    build_set,
    entities_for_index,
    read_set,
    write_set,
)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
NK_PYTHON = ROOT / ".bench-venv" / "bin" / "python"
NK_THRESHOLD = 0.70  # yente 5.5 settings.SCORE_THRESHOLD, used with its "best" = logic-v2
TOP_K = 20

Query = dict[str, Any]
Returned = dict[str, list[tuple[str, float]]]  # qid → [(reference, score)] best first


def _request(query: Query, use_attributes: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"id": query["qid"], "name": query["name"], "kind": "person"}
    if use_attributes:
        if query.get("birth_date"):
            out["birth_date"] = query["birth_date"]
        if query.get("nationality"):
            out["nationality"] = query["nationality"]
    return out


def run_openfiu(
    entities: list[Entity],
    queries: list[Query],
    folds: dict[str, dict[str, list[str]]],
    use_attributes: bool,
    threshold: float | None,
) -> tuple[Returned, float]:
    """Screen every query against its index; return matches per qid and seconds spent."""
    by_index: dict[str, list[Query]] = defaultdict(list)
    for query in queries:
        by_index[str(query["index"])].append(query)
    returned: Returned = {}
    started = time.perf_counter()
    for index_name, group in sorted(by_index.items()):
        screener = Screener.from_entities(entities_for_index(entities, folds.get(index_name, {})))
        if threshold is not None:
            screener.threshold = threshold
        batch = screener.screen_many([_request(q, use_attributes) for q in group], limit=200)
        for query, matches in zip(group, batch, strict=True):
            returned[str(query["qid"])] = [(m.reference, m.score) for m in matches]
    return returned, time.perf_counter() - started


def _nk_entity(entity: Entity) -> dict[str, Any]:
    births = []
    for b in entity.birth_dates:
        if b.date is not None:
            births.append(b.date.isoformat())
        elif b.year_from == b.year_to:
            births.append(str(b.year_from))
        else:
            births.append(f"{b.year_from}..{b.year_to}")
    return {
        "reference": entity.reference,
        "kind": entity.kind,
        "names": [[n.full, n.quality] for n in entity.names],
        "birth_dates": births,
        "nationalities": entity.nationalities,
        "gender": entity.gender,
    }


def run_nomenklatura(
    entities: list[Entity],
    queries: list[Query],
    folds: dict[str, dict[str, list[str]]],
    modes: Sequence[bool],
) -> dict[bool, Returned]:
    """Score ``queries`` with logic-v2 in the separate venv; matches per mode and qid."""
    if not NK_PYTHON.exists():
        raise SystemExit(f"{NK_PYTHON} missing: run bash benchmarks/setup_bench_env.sh first")
    lines = [json.dumps({"type": "config", "threshold": NK_THRESHOLD, "top_k": TOP_K})]
    for index_name in sorted({str(q["index"]) for q in queries}):
        indexed = entities_for_index(entities, folds.get(index_name, {}))
        payload = {
            "type": "index",
            "index": index_name,
            "entities": [_nk_entity(e) for e in indexed],
        }
        lines.append(json.dumps(payload, ensure_ascii=False))
    for use_attributes in modes:
        for q in queries:
            lines.append(
                json.dumps(
                    {"type": "query", **q, "use_attributes": use_attributes}, ensure_ascii=False
                )
            )
    proc = subprocess.run(
        [str(NK_PYTHON), str(Path(__file__).parent / "nk_runner.py")],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"nk_runner failed:\n{proc.stderr[-3000:]}")
    results: dict[bool, Returned] = {mode: {} for mode in modes}
    pairs, seconds = 0, 0.0
    for line in proc.stdout.splitlines():
        row = json.loads(line)
        results[bool(row["use_attributes"])][row["qid"]] = [tuple(m) for m in row["matches"]]
        pairs += int(row["pairs"])
        seconds += float(row["seconds"])
    NK_COST.update(pairs=pairs, seconds=seconds, ms_per_pair=1000 * seconds / max(1, pairs))
    return results


NK_COST: dict[str, float] = {}
"""Pairs compared by logic-v2 in the last run, the seconds it took (blocking included)."""


def metrics(queries: Iterable[Query], returned: Returned) -> dict[str, dict[str, float]]:
    """Per query kind: n, recall, top1, false alerts per query, share of queries alerted."""
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for query in queries:
        kind = str(query["kind"])
        matches = returned.get(str(query["qid"]))
        if matches is None:
            continue
        expected = query.get("expected_reference")
        refs = [ref for ref, _score in matches]
        s = sums[kind]
        s["n"] += 1
        s["recall"] += expected in refs if expected else 0
        s["top1"] += bool(refs) and refs[0] == expected if expected else 0
        s["false_alerts"] += sum(ref != expected for ref in refs)
        s["alerted"] += bool(refs)
    out: dict[str, dict[str, float]] = {}
    for kind in [k for k in KINDS if k in sums]:
        s = sums[kind]
        n = s["n"]
        positive = kind != "negative"
        out[kind] = {
            "n": n,
            "recall": s["recall"] / n if positive else float("nan"),
            "top1": s["top1"] / n if positive else float("nan"),
            "false_alerts_per_query": s["false_alerts"] / n,
            "alerted": s["alerted"] / n,
        }
    return out


def _fmt(value: float, pct: bool = True) -> str:
    if value != value:  # NaN
        return "–"
    return f"{value * 100:.1f}%" if pct else f"{value:.3f}"


def table(
    ours: dict[str, dict[str, float]],
    ours_sample: dict[str, dict[str, float]] | None,
    nk: dict[str, dict[str, float]] | None,
) -> str:
    head = "| kind | n | openfiu recall | top-1 | false alerts/q | alerted |"
    rule = "|---|---:|---:|---:|---:|---:|"
    if nk is not None:
        head += " nk n | openfiu recall (sample) | logic-v2 recall | logic-v2 top-1 | logic-v2 false alerts/q* | logic-v2 alerted |"
        rule += "---:|---:|---:|---:|---:|---:|"
    rows = [head, rule]
    for kind, m in ours.items():
        row = (
            f"| {kind} | {int(m['n'])} | {_fmt(m['recall'])} | {_fmt(m['top1'])} | "
            f"{_fmt(m['false_alerts_per_query'], False)} | {_fmt(m['alerted'])} |"
        )
        if nk is not None and ours_sample is not None:
            k = nk.get(kind)
            o = ours_sample.get(kind)
            if k and o:
                row += (
                    f" {int(k['n'])} | {_fmt(o['recall'])} | {_fmt(k['recall'])} | {_fmt(k['top1'])} | "
                    f"{_fmt(k['false_alerts_per_query'], False)} | {_fmt(k['alerted'])} |"
                )
            else:
                row += " – | – | – | – | – | – |"
        rows.append(row)
    return "\n".join(rows)


def _sample(queries: list[Query], per_kind: int, seed: int) -> list[Query]:
    rng = random.Random(seed)
    by_kind: dict[str, list[Query]] = defaultdict(list)
    for q in queries:
        by_kind[str(q["kind"])].append(q)
    out: list[Query] = []
    for kind in KINDS:
        group = by_kind.get(kind, [])
        out += rng.sample(group, min(per_kind, len(group)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST)
    parser.add_argument(
        "--set", type=Path, default=DEFAULT_OUT, help="query set (built if missing)"
    )
    parser.add_argument(
        "--threshold", type=float, default=None, help=f"default {DEFAULT_THRESHOLD}"
    )
    parser.add_argument("--nk-sample", type=int, default=300, help="queries per kind for logic-v2")
    parser.add_argument("--no-nk", action="store_true", help="skip nomenklatura")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not args.set.exists():
        write_set(*build_set(args.list, args.seed), args.set)
    queries, folds = read_set(args.set)
    entities = load_list(args.list).entities
    threshold = args.threshold if args.threshold is not None else DEFAULT_THRESHOLD
    report: dict[str, Any] = {
        "list": str(args.list.resolve()),
        "queries": len(queries),
        "threshold": threshold,
    }
    md = [f"# Screening quality — {args.list.name}, {len(queries)} queries\n"]
    sample = _sample(queries, args.nk_sample, args.seed) if not args.no_nk else []
    nk_results = run_nomenklatura(entities, sample, folds, (False, True)) if sample else {}
    for use_attributes in (False, True):
        label = "name + birth date + nationality" if use_attributes else "name only"
        returned, seconds = run_openfiu(entities, queries, folds, use_attributes, args.threshold)
        ours = metrics(queries, returned)
        ours_sample = metrics(sample, returned) if sample else None
        nk = metrics(sample, nk_results[use_attributes]) if sample else None
        report[label] = {
            "openfiu": ours,
            "openfiu_on_sample": ours_sample,
            "logic_v2": nk,
            "seconds": seconds,
        }
        md.append(
            f"## {label} (openfiu threshold {threshold}, logic-v2 threshold {NK_THRESHOLD})\n"
        )
        md.append(table(ours, ours_sample, nk) + "\n")
    md.append(
        "\\* logic-v2 compared with the expected entity plus the top-20 persons of an ASCII "
        "WRatio blocking, so its false alerts are counted among those candidates only (a lower bound).\n"
    )
    if NK_COST:
        report["logic_v2_cost"] = NK_COST
        md.append(
            f"logic-v2: {int(NK_COST['pairs']):,} pairs in {NK_COST['seconds']:.0f} s, "
            f"{NK_COST['ms_per_pair']:.2f} ms a pair (blocking included).\n"
        )
    command = "python benchmarks/screening_quality.py " + " ".join(sys.argv[1:])
    md.append(f"Command: `{command.strip()}`\n")
    text = "\n".join(md)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    # runs without nomenklatura keep the side-by-side results and write beside them
    stem = "screening_quality" if sample else "screening_quality_openfiu_only"
    (RESULTS / f"{stem}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"{stem}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
