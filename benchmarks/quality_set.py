"""Build the labelled query set for the screening-quality benchmark from a real UN list.

Query kinds (individuals only):

* ``original_script``: each NAME_ORIGINAL_SCRIPT name, screened against the list with every
  original-script name removed (it must find the Latin names);
* ``good_alias``: each Good alias of a person with two names or more, screened against the
  list with that alias removed (fold k holds out every person's k-th Good alias);
* ``typo``, ``token_swap``, ``dropped_middle``, ``russian_cyrillic``, ``tajik_cyrillic``,
  ``passport_latin``: perturbations of each primary name and of one Good alias, against the
  full list;
* ``negative``: invented persons of the same name cultures (openfiu.synth.people) whose
  normalised token set equals no listed name.

Each query carries the name, the listed person's first birth date and nationality (the
benchmark reports name-only results first), the expected reference (None for negatives)
and the index it runs against. Deterministic by seed.

    python benchmarks/quality_set.py [--list ../shared/data/lists/un_consolidated_2026-02-27.xml]
        [--seed 0] [--negatives 3000] [--out var/bench/quality_set.jsonl]

Writes the queries (JSON lines) and ``quality_folds.json`` (names removed per index) beside.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from openfiu.lists import load_list
from openfiu.model import Entity, Name
from openfiu.synth.customers import name_token_set
from openfiu.synth.people import synthetic_people
from openfiu.synth.variants import (
    drop_middle,
    passport_spelling,
    swap_tokens,
    to_russian_cyrillic,
    to_tajik_cyrillic,
    typo,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LIST = ROOT / ".." / "shared" / "data" / "lists" / "un_consolidated_2026-02-27.xml"
DEFAULT_OUT = ROOT / "var" / "bench" / "quality_set.jsonl"
FULL = "full"
NO_ORIGINAL = "no_original_script"

Perturbation = Callable[[str, random.Random], str]
PERTURBATIONS: dict[str, Perturbation] = {
    "typo": typo,
    "token_swap": swap_tokens,
    "dropped_middle": drop_middle,
    "russian_cyrillic": lambda name, _rng: to_russian_cyrillic(name),
    "tajik_cyrillic": lambda name, _rng: to_tajik_cyrillic(name),
    "passport_latin": passport_spelling,
}
KINDS = ("original_script", "good_alias", *PERTURBATIONS, "negative")


def _is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 for ch in text)


def _attributes(entity: Entity) -> dict[str, str | None]:
    birth: str | None = None
    if entity.birth_dates:
        b = entity.birth_dates[0]
        if b.date is not None:
            birth = b.date.isoformat()
        elif b.year_from == b.year_to:
            birth = str(b.year_from)
        else:
            birth = f"{b.year_from}..{b.year_to}"
    nationality = entity.nationalities[0] if entity.nationalities else None
    return {"birth_date": birth, "nationality": nationality}


def _query(kind: str, name: str, entity: Entity | None, index: str) -> dict[str, object]:
    attrs = _attributes(entity) if entity is not None else {}
    return {
        "kind": kind,
        "name": name,
        **attrs,
        "expected_reference": entity.reference if entity is not None else None,
        "index": index,
    }


def _good_aliases(entity: Entity) -> list[Name]:
    return [n for n in entity.names if n.quality == "good"]


def _held_out_queries(
    persons: list[Entity],
) -> tuple[list[dict[str, object]], dict[str, dict[str, list[str]]]]:
    queries: list[dict[str, object]] = []
    folds: dict[str, dict[str, list[str]]] = {NO_ORIGINAL: {}}
    for entity in persons:
        originals = [n.full for n in entity.names if n.quality == "original_script"]
        if originals and len(originals) < len(entity.names):
            folds[NO_ORIGINAL][entity.reference] = originals
            queries.extend(_query("original_script", o, entity, NO_ORIGINAL) for o in originals)
    for entity in persons:
        if len(entity.names) < 2:
            continue
        for k, alias in enumerate(_good_aliases(entity)):
            remaining = [n for n in entity.names if n is not alias]
            if any(name_token_set(n.full) == name_token_set(alias.full) for n in remaining):
                continue  # the same name written again: nothing is held out
            fold = f"good_alias_{k}"
            folds.setdefault(fold, {})[entity.reference] = [alias.full]
            queries.append(_query("good_alias", alias.full, entity, fold))
    return queries, folds


def _perturbed_queries(persons: list[Entity], rng: random.Random) -> list[dict[str, object]]:
    queries: list[dict[str, object]] = []
    for entity in persons:
        bases = [entity.primary_name]
        latin_aliases = [n.full for n in _good_aliases(entity) if _is_latin(n.full)]
        if latin_aliases:
            bases.append(rng.choice(latin_aliases))
        for kind, perturb in PERTURBATIONS.items():
            for base in bases:
                if not _is_latin(base):
                    continue
                variant = perturb(base, rng)
                changed = name_token_set(variant) != name_token_set(base) or kind == "token_swap"
                if changed and variant != base:
                    queries.append(_query(kind, variant, entity, FULL))
    return queries


def _negative_queries(entities: Iterable[Entity], n: int, seed: int) -> list[dict[str, object]]:
    taken = {name_token_set(name.full) for e in entities for name in e.names}
    queries: list[dict[str, object]] = []
    for person in synthetic_people(n * 2, seed=seed + 1):
        if name_token_set(person.full) in taken:
            continue
        q = _query("negative", person.full, None, FULL)
        q["birth_date"] = person.birth_date.isoformat()
        q["nationality"] = person.nationality
        queries.append(q)
        if len(queries) == n:
            break
    return queries


def build_set(
    list_path: Path, seed: int = 0, negatives: int = 3000
) -> tuple[list[dict[str, object]], dict[str, dict[str, list[str]]]]:
    """Return (queries, folds) for the list at ``list_path``; each query gets a ``qid``."""
    entities = load_list(list_path).entities
    persons = [e for e in entities if e.kind == "person"]
    rng = random.Random(seed)
    queries, folds = _held_out_queries(persons)
    queries += _perturbed_queries(persons, rng)
    queries += _negative_queries(entities, negatives, seed)
    for number, query in enumerate(queries, 1):
        query["qid"] = f"Q{number:06d}"
    return queries, folds


def entities_for_index(entities: list[Entity], removed: dict[str, list[str]]) -> list[Entity]:
    """The list's entities with the names of ``removed`` (reference → names) taken out."""
    out: list[Entity] = []
    for entity in entities:
        names_out = removed.get(entity.reference)
        if names_out:
            kept = [n for n in entity.names if n.full not in names_out]
            if kept and not any(n.quality == "primary" for n in kept):
                kept[0] = Name(kept[0].full, "primary", kept[0].parts)
            entity = replace(entity, names=kept)
        out.append(entity)
    return out


def write_set(
    queries: list[dict[str, object]], folds: dict[str, dict[str, list[str]]], out: Path
) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for query in queries:
            f.write(json.dumps(query, ensure_ascii=False) + "\n")
    (out.parent / "quality_folds.json").write_text(
        json.dumps(folds, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return out


def read_set(path: Path) -> tuple[list[dict[str, object]], dict[str, dict[str, list[str]]]]:
    queries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    folds = json.loads((path.parent / "quality_folds.json").read_text(encoding="utf-8"))
    return queries, folds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST, help="UN list XML")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--negatives", type=int, default=3000)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not args.list.is_file():
        raise SystemExit(f"list not found: {args.list} (pass --list PATH)")
    queries, folds = build_set(args.list, args.seed, args.negatives)
    write_set(queries, folds, args.out)
    counts = Counter(str(q["kind"]) for q in queries)
    print(f"{len(queries)} queries written to {args.out} ({len(folds)} indexes)")
    for kind in KINDS:
        print(f"  {kind:18s} {counts[kind]:6d}")


if __name__ == "__main__":
    main()
