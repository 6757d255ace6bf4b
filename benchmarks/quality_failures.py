"""List the failures of the screening-quality benchmark, per query kind (name only).

For a positive query that missed its entity: the query, the best direct name score against
the expected entity's names (:func:`openfiu.names.compare_names`, so a retrieval miss shows
as a high direct score), and that comparison in words. For negatives (and, with
``--false-alerts``, positive kinds too): the false alerts with the list name they matched.

    python benchmarks/quality_failures.py [--kind typo] [--limit 40] [--false-alerts]
        [--out var/bench/failures.txt]

Needs var/bench/quality_set.jsonl (python benchmarks/quality_set.py).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from openfiu.lists import load_list
from openfiu.names import explain_names
from quality_set import DEFAULT_LIST, DEFAULT_OUT, KINDS, read_set
from screening_quality import run_openfiu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST)
    parser.add_argument("--set", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--kind", action="append", help="only these kinds (repeatable)")
    parser.add_argument("--limit", type=int, default=1000, help="lines per kind at most")
    parser.add_argument("--false-alerts", action="store_true", help="also on positive kinds")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--out", type=Path, default=None, help="write here instead of stdout")
    args = parser.parse_args()
    queries, folds = read_set(args.set)
    kinds = args.kind or list(KINDS)
    queries = [q for q in queries if q["kind"] in kinds]
    entities = load_list(args.list).entities
    by_ref = {e.reference: e for e in entities}
    returned, _ = run_openfiu(entities, queries, folds, False, args.threshold)
    lines: dict[str, list[str]] = defaultdict(list)
    for q in queries:
        kind, expected = str(q["kind"]), q.get("expected_reference")
        matches = returned.get(str(q["qid"]), [])
        refs = [r for r, _ in matches]
        if expected and expected not in refs:
            entity = by_ref[str(expected)]
            held = set(folds.get(str(q["index"]), {}).get(str(expected), []))
            best = max(
                (explain_names(str(q["name"]), n.full) for n in entity.names if n.full not in held),
                key=lambda r: r.score,
                default=None,
            )
            if best is None:
                lines[kind].append(f"MISS {q['name']!r}: no name left in the index")
            else:
                lines[kind].append(f"MISS {best.score:.3f} {best.explanation}")
        if not expected or args.false_alerts:
            for ref, score in matches:
                if ref != expected:
                    names = [n.full for n in by_ref[ref].names]
                    best = max(
                        (explain_names(str(q["name"]), n) for n in names), key=lambda r: r.score
                    )
                    lines[kind].append(f"FALSE {score:.3f} {best.explanation}")
    text = []
    for kind in kinds:
        rows = lines.get(kind, [])
        text.append(f"## {kind}: {len(rows)} lines")
        text.extend(rows[: args.limit])
    if args.out:
        args.out.write_text("\n".join(text) + "\n", encoding="utf-8")
    else:
        sys.stdout.write("\n".join(text) + "\n")


if __name__ == "__main__":
    main()
