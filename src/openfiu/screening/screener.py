"""The Screener: screen people, companies, vessels and wallets against sanctions lists.

Example::

    from openfiu.screening import Screener
    s = Screener.from_files(["consolidated.xml"])
    for m in s.screen({"name": "Джумахон Халимов", "birth_date": "1971", "kind": "person"}):
        print(f"{m.score:.2f} {m.reference} {m.primary_name}: {m.explanation}")

A query's names are analysed into matching-Latin tokens, the index proposes the few list
names that could reach the threshold, each is scored with
:func:`openfiu.names.compare_analysed`, the best name per entity is combined with the other
evidence (:mod:`openfiu.screening.features`), and what reaches ``threshold`` is returned,
best first, each with its explanation.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from openfiu.errors import QueryError
from openfiu.model import Entity, EntityKind
from openfiu.names import (
    AnalysedName,
    NameComparison,
    analyse_name,
    compare_analysed,
    score_analysed,
)
from openfiu.screening.candidates import batch_candidates
from openfiu.screening.features import FEATURES, IDENTIFIER_FLOOR
from openfiu.screening.index import NameIndex
from openfiu.screening.match import Match
from openfiu.screening.query import Query, parse_query

DEFAULT_THRESHOLD = 0.80
"""Default alert threshold, calibrated on the UN-derived benchmark set (docs/benchmarks.md):
the score from which a match is reported."""

MAX_EVIDENCE_BONUS = 0.10
"""The most that dates and nationality can add, so names this far below the threshold are
still scored in full."""

CANDIDATE_MARGIN = 0.02
"""A list name is scored in full only if its bound (the best name score it could reach
given which query tokens it may contain) comes within this margin of the lowest name score
that could still alert. The bound takes a token pair under the retrieval similarity as
unaligned, where the score may still align it (0.55–0.62), which can put a name whose
tokens both sides leave over a little above its bound; the margin covers that (tested on
generated lists: tests/screening/test_candidates.py). Any wider, and a two-token query
would score every one-token alias of its given name (1 / (1 + 0.5) = 0.67) in a large list."""

CANDIDATE_LIMIT = 48
"""At most this many list names are scored per query name."""

QUALITY_FACTOR = {0: 1.0, 1: 1.0, 2: 1.0, 3: 0.93}
"""Names from low-quality aliases count a little less than primary names and good aliases."""

QUALITY_WORDS = {0: "primary name", 1: "alias", 2: "original-script name", 3: "low-quality alias"}

HIT_CACHE_SIZE = 200_000
"""Name results kept for reuse within and across batches (cleared when full)."""

BATCH_CHUNK = 2_048
"""screen_many generates candidates for this many queries at a time."""

PARALLEL_MIN_BATCH = 4_000
"""screen_many uses a process per core from this batch size on (fork, copy-on-write index)."""


@dataclass(slots=True)
class _NameHit:
    score: float
    name_index: int
    query_name: str
    analysis: AnalysedName | None


_WORKER: Screener | None = None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a batch range is screened.

    Screening allocates millions of short-lived tuples and lists, which reference counting
    frees; the collector's passes over them found nothing to collect yet cost about 15 %
    of a batch (UN list, 100,000 customers: 20,000 → 23,300 q/s without them, peak memory
    unchanged). Restored afterwards, also on error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _worker_screen(args: tuple[int, int, int]) -> tuple[list[list[Match]], list[tuple[int, str]]]:
    start, end, limit = args
    assert _WORKER is not None and _WORKER._batch is not None
    return _WORKER._screen_range(_WORKER._batch, start, end, limit)


def _identified(q: Query, entity: Entity) -> bool:
    """Whether some evidence says a query identifier is the entity's (an identifier match
    alerts whatever the name score)."""
    return any((ev := f.func(q, entity)) is not None and ev.identifier_match for f in FEATURES)


def _describe_pairs(comparison: NameComparison) -> str:
    """'джумахон = jumakhon (same after transliteration), …; not in the list name: x'."""
    parts = [f"{p.query} = {p.candidate} ({p.how})" for p in comparison.pairs]
    text = ", ".join(parts) if parts else "no name parts aligned"
    if comparison.unmatched_query:
        text += "; not in the list name: " + " ".join(comparison.unmatched_query)
    if comparison.unmatched_candidate:
        text += "; not in the query: " + " ".join(comparison.unmatched_candidate)
    return text


class Screener:
    """An index over one or more list versions, and the scorer that ranks matches."""

    def __init__(
        self,
        entities: Iterable[Entity],
        threshold: float | None = None,
        versions: Sequence[Any] = (),
    ) -> None:
        self.entities: list[Entity] = list(entities)
        self.threshold = DEFAULT_THRESHOLD if threshold is None else float(threshold)
        self.versions = list(versions)
        self.index = NameIndex(self.entities)
        self.last_batch_errors: list[tuple[int, str]] = []
        self._batch: Sequence[Mapping[str, Any] | Query] | None = None
        self._hit_cache: dict[tuple[object, ...], dict[int, _NameHit]] = {}

    @classmethod
    def from_entities(cls, entities: Iterable[Entity], threshold: float | None = None) -> Screener:
        return cls(entities, threshold)

    @classmethod
    def from_files(
        cls, paths: Sequence[str | Path] | str | Path, threshold: float | None = None
    ) -> Screener:
        """Load list files in any format :func:`openfiu.lists.load_list` reads and index them."""
        from openfiu.lists import load_list

        if isinstance(paths, str | Path):
            paths = [paths]
        versions = [load_list(p) for p in paths]
        entities = [e for v in versions for e in v.entities]
        return cls(entities, threshold, versions)

    def __len__(self) -> int:
        return len(self.entities)

    @property
    def issues(self) -> list[Any]:
        return [issue for v in self.versions for issue in getattr(v, "issues", [])]

    # -- one query -------------------------------------------------------------------

    def screen(self, query: Mapping[str, Any] | Query, limit: int = 10) -> list[Match]:
        """Matches at or above ``threshold``, best first, at most one per entity.

        Raises :class:`openfiu.errors.QueryError` for a query without name or identifier,
        or with an impossible date.
        """
        q = parse_query(query)
        hits = self._cached_hits(q)
        if hits is None:
            units = self._analyses(q)
            candidates = batch_candidates(
                self.index,
                [(a, kind) for _, a, kind in units],
                self._candidate_bound(),
                CANDIDATE_LIMIT,
            )
            hits = self._store_hits(q, self._score_candidates(units, candidates))
        return self._finish(q, hits, limit)

    def _candidate_bound(self) -> float:
        return max(0.0, self.threshold - MAX_EVIDENCE_BONUS - CANDIDATE_MARGIN)

    def _analyses(self, q: Query) -> list[tuple[str, AnalysedName, EntityKind | None]]:
        kinds: list[EntityKind] = [q.kind] if q.kind else ["person", "organization"]
        out: list[tuple[str, AnalysedName, EntityKind | None]] = []
        for name in q.names:
            for kind in kinds:
                analysis = analyse_name(name, kind)
                if analysis.tokens:
                    out.append((name, analysis, kind))
        return out

    def _cached_hits(self, q: Query) -> dict[int, _NameHit] | None:
        """Best name per entity for these names, if computed before (customer names repeat)."""
        hits = self._hit_cache.get((q.names, q.kind, self.threshold))
        return dict(hits) if hits is not None else None

    def _store_hits(self, q: Query, hits: dict[int, _NameHit]) -> dict[int, _NameHit]:
        if len(self._hit_cache) >= HIT_CACHE_SIZE:
            self._hit_cache.clear()
        self._hit_cache[(q.names, q.kind, self.threshold)] = hits
        return dict(hits)

    def _score_candidates(
        self,
        units: Sequence[tuple[str, AnalysedName, EntityKind | None]],
        candidates: Sequence[npt.NDArray[np.int32]],
    ) -> dict[int, _NameHit]:
        """Score each candidate list name in full; keep the best name per entity."""
        hits: dict[int, _NameHit] = {}
        index = self.index
        for (name, analysis, _), names in zip(units, candidates, strict=True):
            for j in names.tolist():
                score = score_analysed(analysis, index.name_analysis(j))
                score *= QUALITY_FACTOR[index.name_quality_list[j]]
                e_index = index.name_entity_list[j]
                best = hits.get(e_index)
                if best is None or score > best.score:
                    hits[e_index] = _NameHit(score, j, name, analysis)
        return hits

    def _finish(self, q: Query, hits: dict[int, _NameHit], limit: int) -> list[Match]:
        """Add entities found by identifier, weigh the other evidence, keep what alerts."""
        if q.identifiers:
            for e_index in self.index.entities_by_identifier(i.number for i in q.identifiers):
                if e_index not in hits:
                    hits[e_index] = self._best_name_of(q, e_index)
        floor = self.threshold - MAX_EVIDENCE_BONUS
        matches: list[Match] = []
        for e_index, hit in hits.items():
            match = self._evaluate(q, e_index, hit, floor)
            if match is not None and match.score >= self.threshold:
                matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.reference))
        return matches[:limit]

    def _best_name_of(self, q: Query, e_index: int) -> _NameHit:
        """Score every name of one entity (used when an identifier found it)."""
        best = _NameHit(0.0, -1, q.name, None)
        names = (self.index.name_entity == e_index).nonzero()[0]
        for name, analysis, _ in self._analyses(q):
            for j in names:
                score = score_analysed(analysis, self.index.name_analysis(int(j)))
                if score > best.score:
                    best = _NameHit(score, int(j), name, analysis)
        return best

    def _evaluate(self, q: Query, e_index: int, hit: _NameHit, floor: float) -> Match | None:
        entity = self.entities[e_index]
        if hit.score < floor and not (q.identifiers and _identified(q, entity)):
            return None  # most candidates: no need to weigh the other evidence
        evidence = [(f.name, f.func(q, entity)) for f in FEATURES]
        identified = any(ev is not None and ev.identifier_match for _, ev in evidence)
        if hit.score < floor and not identified:
            return None
        total = hit.score + sum(ev.delta for _, ev in evidence if ev is not None)
        if identified:
            total = max(total, IDENTIFIER_FLOOR)
        total = min(1.0, max(0.0, total))
        if hit.name_index >= 0:
            quality = int(self.index.name_quality[hit.name_index])
            matched = self.index.name_text[hit.name_index]
            assert hit.analysis is not None
            comparison = compare_analysed(hit.analysis, self.index.name_analysis(hit.name_index))
            name_part = (
                f'Name "{hit.query_name}" matched the {QUALITY_WORDS[quality]} "{matched}" '
                f"({hit.score:.2f}): {_describe_pairs(comparison)}."
            )
        else:
            matched, name_part = "", "No name of the entry matched."
        details = [f"{ev.detail} ({ev.delta:+.2f})" for _, ev in evidence if ev is not None]
        explanation = name_part
        if details:
            text = "; ".join(details)
            explanation += " " + text[:1].upper() + text[1:] + "."
        return Match(
            score=round(total, 4),
            reference=entity.reference,
            entity_id=entity.id,
            source=entity.source,
            list_type=entity.list_type,
            kind=entity.kind,
            primary_name=entity.primary_name,
            matched_name=matched,
            query_name=hit.query_name,
            name_score=round(hit.score, 4),
            explanation=explanation,
            features={name: round(ev.delta, 4) for name, ev in evidence if ev is not None},
            record_id=q.record_id,
        )

    # -- many queries ----------------------------------------------------------------

    def screen_many(
        self,
        queries: Sequence[Mapping[str, Any] | Query],
        limit: int = 10,
        processes: int | None = None,
    ) -> list[list[Match]]:
        """Screen a batch; returns one list of matches per query, in the same order.

        A bad query yields an empty list and its problem is kept in ``last_batch_errors``
        as ``(position, message)``; the other queries are screened as usual. Large batches
        are split over one process per core.
        """
        workers = processes if processes is not None else (os.cpu_count() or 1)
        if workers <= 1 or len(queries) < PARALLEL_MIN_BATCH or os.name != "posix":
            results, errors = self._screen_range(queries, 0, len(queries), limit)
            self.last_batch_errors = errors
            return results
        global _WORKER
        _WORKER, self._batch = self, queries
        step = max(1_000, len(queries) // (workers * 4))
        ranges = [(i, min(i + step, len(queries)), limit) for i in range(0, len(queries), step)]
        results, errors = [], []
        try:
            # keep the collector away from the index's objects so that forked workers
            # share their pages with this process instead of copying them
            gc.freeze()
            ctx = mp.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                for part, part_errors in pool.map(_worker_screen, ranges):
                    results.extend(part)
                    errors.extend(part_errors)
        finally:
            gc.unfreeze()
            _WORKER, self._batch = None, None
        self.last_batch_errors = errors
        return results

    def _screen_range(
        self, queries: Sequence[Mapping[str, Any] | Query], start: int, end: int, limit: int
    ) -> tuple[list[list[Match]], list[tuple[int, str]]]:
        results: list[list[Match]] = []
        errors: list[tuple[int, str]] = []
        with _collector_paused():
            for chunk_start in range(start, end, BATCH_CHUNK):
                chunk_end = min(end, chunk_start + BATCH_CHUNK)
                part, part_errors = self._screen_chunk(queries, chunk_start, chunk_end, limit)
                results.extend(part)
                errors.extend(part_errors)
        return results, errors

    def _screen_chunk(
        self, queries: Sequence[Mapping[str, Any] | Query], start: int, end: int, limit: int
    ) -> tuple[list[list[Match]], list[tuple[int, str]]]:
        """Parse a chunk, generate the candidates of all its new names in one vectorised
        pass (:func:`batch_candidates`), then score and weigh each query."""
        parsed: list[Query | None] = []
        errors: list[tuple[int, str]] = []
        for position in range(start, end):
            try:
                parsed.append(parse_query(queries[position]))
            except QueryError as exc:
                parsed.append(None)
                errors.append((position, str(exc)))
        pending: dict[tuple[object, ...], tuple[Query, list[int]]] = {}
        known: list[dict[int, _NameHit] | None] = []
        all_units: list[tuple[str, AnalysedName, EntityKind | None]] = []
        for q in parsed:
            hits = self._cached_hits(q) if q is not None else None
            known.append(hits)
            if q is not None and hits is None:
                key: tuple[object, ...] = (q.names, q.kind)
                if key not in pending:
                    units = self._analyses(q)
                    pending[key] = (q, list(range(len(all_units), len(all_units) + len(units))))
                    all_units.extend(units)
        candidates = batch_candidates(
            self.index,
            [(a, kind) for _, a, kind in all_units],
            self._candidate_bound(),
            CANDIDATE_LIMIT,
        )
        computed: dict[tuple[object, ...], dict[int, _NameHit]] = {}
        for key, (q, unit_ids) in pending.items():
            units = [all_units[u] for u in unit_ids]
            hits = self._score_candidates(units, [candidates[u] for u in unit_ids])
            computed[key] = hits
            self._store_hits(q, hits)
        results: list[list[Match]] = []
        for q, hits in zip(parsed, known, strict=True):
            if q is None:
                results.append([])
                continue
            if hits is None:
                hits = dict(computed[(q.names, q.kind)])
            results.append(self._finish(q, hits, limit))
        return results, errors
