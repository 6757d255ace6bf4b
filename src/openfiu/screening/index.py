"""The screening index: what lets a query find its candidates without scanning the list.

Every list name is analysed once (:func:`openfiu.names.analyse_name`) into tokens in one
"matching Latin" with consonant-skeleton keys. The index keeps

* a vocabulary of distinct list tokens, and for each token the list names that contain it
  (a compressed posting array);
* retrieval keys → vocabulary tokens: each token's own keys (its skeleton and variants such
  as the Russian g→h reading or a surname stem), plus single-deletion keys of its Latin form
  and of longer skeletons, so that a typo or a dropped letter still finds the token;
* identifiers (passport, ID and wallet numbers) → entities.

A query token is resolved to the vocabulary tokens it may be (scored once with
:func:`openfiu.names.token_similarity` and cached); :mod:`openfiu.screening.candidates`
turns the resolved tokens into the list names worth scoring.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from openfiu.model import Entity
from openfiu.names import AnalysedName, NameToken, analyse_name, token_similarity
from openfiu.names.analysis import skeleton_of
from openfiu.names.compare import OPTIONAL_PAIR_WEIGHT
from openfiu.names.similarity import arabic_readings, cyrillic_readings
from openfiu.screening.query import normalize_identifier

TOKEN_MIN_SIMILARITY = 0.62
"""A query token counts as possibly the same as a list token from this similarity on."""

JOINED_MIN_SIMILARITY = 0.8
"""Two query tokens written as one list token must be this close to count (no typos)."""

WARM_MIN_NAMES = 100_000
"""Lists from this many names resolve their most frequent tokens when the index is built."""

WARM_TOKENS = 3_000
"""How many of the most frequent list tokens are resolved then (at a million names, those in
46 names or more: ten seconds of build, and the given names of most queries found ready)."""

POSTINGS_CACHE_LIMIT = 5_000_000
"""Cached per-query-token posting arrays are dropped once they hold this many entries."""

KIND_CODES: dict[str, int] = {"person": 0, "organization": 1, "vessel": 2, "wallet": 3}
COMPATIBLE_KINDS: dict[str, tuple[int, ...]] = {
    "person": (0,),
    "organization": (1, 2),
    "vessel": (2, 1),
    "wallet": (3,),
}
QUALITY_CODES = {"primary": 0, "good": 1, "original_script": 2, "low": 3, "weak": 3}

IntArray = npt.NDArray[np.int32]


SKELETON_DELETIONS_FROM = 5
"""Skeletons from this many letters also get one-deletion keys; shorter ones collide with
thousands of others in a large list."""


def deletion_keys(text: str, prefix: str, min_length: int) -> list[str]:
    """The text itself (from ``min_length - 1`` letters) and, from ``min_length`` letters,
    every form of it with one letter removed ('symmetric delete' keys: two texts one edit
    apart share a key)."""
    if len(text) < min_length - 1:
        return []
    keys = [prefix + text]
    if len(text) >= min_length:
        keys.extend(prefix + text[:i] + text[i + 1 :] for i in range(len(text)))
    return keys


_ARABIC_READINGS = (("z", "d"), ("z", "s"), ("s", "t"))
"""Other readings of Arabic letters in Latin spellings: ض ظ ذ as d (Ramadan, Khadr, Fadil),
ظ as th → s (Kathim), ث as t; the scorer knows them, so retrieval must too."""


def _reading_variants(token: NameToken) -> list[str]:
    """Skeletons of other readings of the token: Arabic letters read another way, French ch
    read as sh (Alouche ~ علوش)."""
    skeleton = token.skeleton
    if token.script == "arabic":
        return [skeleton.replace(a, b) for a, b in _ARABIC_READINGS if a in skeleton]
    if "ch" in token.text and "j" in skeleton:
        return [skeleton.replace("j", "S")]
    return []


def anagram_key(text: str) -> list[str]:
    """For a three-letter token, its letters sorted: a transposed short name (IKM for KIM,
    AHQ for HAQ) shares no one-deletion key of three letters or more with the right one."""
    return ["a" + "".join(sorted(text))] if len(text) == 3 else []


def slip_keys(text: str) -> list[str]:
    """For a three-letter Latin spelling, its letters with each one in turn left open: a
    short name with one letter mistyped (TNM for TOM, ALZ for ALI), which shares no
    deletion key, shares one of these (the name score counts such a slip only when the
    rest of both names is the same)."""
    letters = "".join(ch for ch in text if ch.isalpha())
    if len(letters) != 3:
        return []
    return ["w" + letters[:i] + "_" + letters[i + 1 :] for i in range(3)]


def token_retrieval_keys(token: NameToken) -> list[str]:
    """The token's own keys (skeleton and variants), one-deletion keys of its matching
    Latin, of its skeleton and, for Latin tokens, of its spelling as written (a typo such as
    KDADR for KHADR is one edit away as written, two in matching Latin), and for
    three-letter tokens an anagram key (transpositions) of the matching Latin and, for
    Latin tokens, of the spelling as written (HCO ~ CHO), and slip keys (TNM ~ TOM)."""
    keys = ["k" + key for key in token.keys]
    keys += ["k" + key for key in _reading_variants(token)]
    keys += anagram_key(token.latin)
    if token.script == "latin":  # Essabar ~ الصبار, Lakhal ~ لكحل
        keys += ["k" + skeleton_of(form, "latin") for form, _ in arabic_readings(token.text)]
    elif token.script == "cyrillic":  # Шахидхел ~ Shahidkhel
        keys += ["k" + skeleton_of(form, "latin") for form, _ in cyrillic_readings(token.text)]
    keys += deletion_keys(token.latin, "d", 4)
    keys += deletion_keys(token.skeleton, "s", SKELETON_DELETIONS_FROM)
    if token.script == "latin" and token.text != token.latin:
        keys += deletion_keys(token.text, "d", 4)  # same key space: either form may match
        keys += anagram_key(token.text)  # HCO for CHO: transposed as written
    if token.script == "latin":
        keys += slip_keys(token.text)
    return keys


_analyse_uncached = analyse_name.__wrapped__


_Item = TypeVar("_Item", bound=np.generic)


def gather_ranges(
    values: npt.NDArray[_Item], starts: npt.NDArray[np.int64], sizes: npt.NDArray[np.int64]
) -> npt.NDArray[_Item]:
    """``values[starts[i] : starts[i] + sizes[i]]`` for every ``i``, concatenated, in one
    gather (the postings of many tokens, the tokens of many retrieval keys)."""
    before = np.cumsum(sizes) - sizes
    return values[np.repeat(starts - before, sizes) + np.arange(int(sizes.sum()))]


def pair_weight(token: NameToken) -> float:
    return token.weight * OPTIONAL_PAIR_WEIGHT if token.optional else token.weight


def effective_similarity(sims: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The similarity as the name score counts it: weak pairs are pushed down fast."""
    return np.where(sims >= 0.8, sims, np.maximum(0.0, sims - 1.5 * (0.8 - sims)))


class NameIndex:
    """Names, tokens and identifiers of a set of entities, arranged for retrieval."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.entities = entities
        vocab: dict[NameToken, int] = {}
        # typed arrays, not lists of ints: 8 bytes an entry instead of 36 (millions of names)
        name_entity = array("i")
        name_quality = array("b")
        name_kind = array("b")
        name_text: list[str] = []
        post_tokens = array("i")
        post_names = array("i")
        core_weight = array("d")
        self.identifiers: dict[str, list[int]] = {}
        for e_index, entity in enumerate(entities):
            kind_code = KIND_CODES[entity.kind]
            seen: set[str] = set()
            for name in entity.names:
                if not name.full or name.full in seen:
                    continue
                seen.add(name.full)
                # not through the memo: a million list names would crowd out the queries'
                analysis = _analyse_uncached(name.full, entity.kind)
                if not analysis.tokens:
                    continue
                for token in analysis.tokens:
                    tid = vocab.get(token)
                    if tid is None:
                        tid = vocab[token] = len(vocab)
                    post_tokens.append(tid)
                    post_names.append(len(name_text))
                core_weight.append(sum(t.weight for t in analysis.tokens if not t.optional))
                name_entity.append(e_index)
                name_quality.append(QUALITY_CODES.get(name.quality, 1))
                name_kind.append(kind_code)
                name_text.append(name.full)
            for ident in entity.identifiers:
                number = normalize_identifier(ident.number)
                if len(number) >= 4:
                    self.identifiers.setdefault(number, []).append(e_index)
        self.vocab: list[NameToken] = [None] * len(vocab)  # type: ignore[list-item]
        for token, tid in vocab.items():
            self.vocab[tid] = token
        # each vocabulary token's spelling (signature) as a number: tokens that differ only
        # in weight or optionality share it
        signatures: dict[str, int] = {}
        self.vocab_sig = np.fromiter(
            (signatures.setdefault(t.sig, len(signatures)) for t in self.vocab),
            dtype=np.int32,
            count=len(self.vocab),
        )
        del signatures
        self.name_entity = np.frombuffer(name_entity, dtype=np.int32)
        self.name_quality = np.frombuffer(name_quality, dtype=np.int8)
        self.name_kind = np.frombuffer(name_kind, dtype=np.int8)
        self.name_text = name_text
        self.name_core_weight = np.frombuffer(core_weight, dtype=np.float64)
        self.name_entity_list = name_entity  # the arrays themselves: fast in Python loops
        self.name_quality_list = name_quality
        self.kind_compatibility = np.zeros((len(KIND_CODES), len(KIND_CODES)), dtype=bool)
        for kind, codes in COMPATIBLE_KINDS.items():
            self.kind_compatibility[KIND_CODES[kind], list(codes)] = True
        self._build_postings(
            np.frombuffer(post_tokens, dtype=np.int32).astype(np.int64),
            np.frombuffer(post_names, dtype=np.int32).astype(np.int64),
        )
        del post_tokens, post_names
        self._build_keys()
        self._resolved: dict[NameToken, list[tuple[int, float]]] = {}
        self._resolved_exact: dict[NameToken, list[tuple[int, float]]] = {}
        self._token_postings: dict[NameToken, tuple[IntArray, npt.NDArray[np.float64]]] = {}
        self._postings_cached = 0
        self._within: dict[tuple[NameToken, float], IntArray] = {}
        self._no_names = (np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float64))
        self._warm()

    def _warm(self) -> None:
        """Resolve the most frequent list tokens now (a large list only). A customer's given
        name is mostly one of them, and resolving it the first time it is asked for — a few
        hundred token comparisons in a list of a million names — is what made the slowest
        single queries slow (p95 21 → 15 ms at a million entities); batch workers forked
        after the build inherit them too."""
        if len(self.name_text) < WARM_MIN_NAMES:
            return
        sizes = np.diff(self.posting_offsets)
        for tid in np.argsort(-sizes, kind="stable")[:WARM_TOKENS].tolist():
            self.resolve(self.vocab[tid])

    def __len__(self) -> int:
        return len(self.name_text)

    def _build_postings(self, tokens: npt.NDArray[np.int64], names: npt.NDArray[np.int64]) -> None:
        """For each vocabulary token, the sorted, distinct names that contain it (CSR)."""
        stride = len(self.name_text) + 1
        pairs = np.unique(tokens * stride + names)
        self.posting_names: IntArray = (pairs % stride).astype(np.int32)
        tokens = pairs // stride
        counts = np.bincount(tokens, minlength=len(self.vocab))
        self.posting_offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)

    def _build_keys(self) -> None:
        """Retrieval keys as sorted 64-bit hashes beside the token each one leads to: a few
        bytes a key, where a dict of strings would take a hundred (millions of keys)."""
        hashes = array("q")
        owners = array("i")
        for tid, token in enumerate(self.vocab):
            keys = set(token_retrieval_keys(token))
            hashes.extend(map(hash, keys))
            owners.extend([tid] * len(keys))
        key_hashes = np.frombuffer(hashes, dtype=np.int64)
        order = np.argsort(key_hashes, kind="stable")
        self.key_hashes = key_hashes[order]
        self.key_tokens = np.frombuffer(owners, dtype=np.int32)[order]

    def tokens_for_keys(self, keys: Sequence[str]) -> set[int]:
        """Vocabulary tokens having any of these retrieval keys."""
        wanted = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys))
        lo = np.searchsorted(self.key_hashes, wanted, side="left")
        sizes = np.searchsorted(self.key_hashes, wanted, side="right") - lo
        return set(gather_ranges(self.key_tokens, lo, sizes).tolist())

    def postings(self, token_id: int) -> IntArray:
        return self.posting_names[
            self.posting_offsets[token_id] : self.posting_offsets[token_id + 1]
        ]

    def name_analysis(self, name_index: int) -> AnalysedName:
        """The analysed list name. Not stored: analysing is memoised by
        :func:`openfiu.names.analyse_name`, and a million stored analyses would take
        gigabytes."""
        kind = self.entities[self.name_entity_list[name_index]].kind
        return analyse_name(self.name_text[name_index], kind)

    def resolve(
        self, token: NameToken, fuzzy: bool = True, ids: set[int] | None = None
    ) -> list[tuple[int, float]]:
        """Vocabulary tokens this query token may be, with their similarity (cached).

        ``fuzzy`` adds the one-deletion keys (typos); without it only the token's own keys
        (skeleton and variants) are looked up, as for joined pairs of query tokens. ``ids``
        are the token's :meth:`neighbours` when the caller has them already.
        """
        cache = self._resolved if fuzzy else self._resolved_exact
        found = cache.get(token)
        if found is not None:
            return found
        if ids is None:
            keys = token_retrieval_keys(token) if fuzzy else ["k" + key for key in token.keys]
            ids = self.tokens_for_keys(keys)
        minimum = TOKEN_MIN_SIMILARITY if fuzzy else JOINED_MIN_SIMILARITY
        out: list[tuple[int, float]] = []
        for tid in ids:
            sim = token_similarity(token, self.vocab[tid])
            if sim >= minimum:
                out.append((tid, sim))
        if len(cache) > 500_000:
            cache.clear()
        cache[token] = out
        return out

    def token_names(
        self, token: NameToken, matches: list[tuple[int, float]]
    ) -> tuple[IntArray, npt.NDArray[np.float64]]:
        """Names containing any vocabulary token the query token may be, with the best
        effective similarity per name (cached per query token, as tokens repeat)."""
        found = self._token_postings.get(token)
        if found is not None:
            return found
        found = self.names_of(matches)
        self._postings_cached += len(found[0])
        if self._postings_cached > POSTINGS_CACHE_LIMIT:
            self._token_postings.clear()
            self._postings_cached = len(found[0])
        self._token_postings[token] = found
        return found

    def names_of(
        self, matches: list[tuple[int, float]]
    ) -> tuple[IntArray, npt.NDArray[np.float64]]:
        """Names containing any of these vocabulary tokens, sorted, with the best effective
        similarity per name."""
        if not matches:
            return self._no_names
        if len(matches) == 1:
            tid, sim = matches[0]
            names = self.postings(tid)
            sims = np.full(len(names), sim)
        else:
            ordered = sorted(matches, key=lambda m: -m[1])
            tokens = np.fromiter((tid for tid, _ in ordered), dtype=np.int64, count=len(ordered))
            starts = self.posting_offsets[tokens]
            sizes = self.posting_offsets[tokens + 1] - starts
            all_names = gather_ranges(self.posting_names, starts, sizes)
            all_sims = np.repeat(np.array([sim for _, sim in ordered]), sizes)
            names, first = np.unique(all_names, return_index=True)
            sims = all_sims[first]
        return names, effective_similarity(sims)

    def is_resolved(self, token: NameToken) -> bool:
        return token in self._resolved

    def neighbours(self, token: NameToken) -> set[int]:
        """Vocabulary tokens sharing a retrieval key with the query token (unscored)."""
        return self.tokens_for_keys(token_retrieval_keys(token))

    def resolve_among(
        self, token: NameToken, neighbours: Sequence[int], needed: set[int]
    ) -> list[tuple[int, float]]:
        """:meth:`resolve` restricted to the ``needed`` ones of the token's ``neighbours``
        (not cached: the caller knows the others cannot matter). Neighbours spelled like a
        needed one are scored too, in :meth:`resolve`'s order, so that the memoised
        similarity of each spelling is the one a full resolution would leave."""
        forms = np.fromiter({self.vocab_sig[tid] for tid in needed}, dtype=np.int32)
        ids = np.fromiter(neighbours, dtype=np.int64, count=len(neighbours))
        alike = ids[np.isin(self.vocab_sig[ids], forms)].tolist()
        out: list[tuple[int, float]] = []
        for tid in alike:
            sim = token_similarity(token, self.vocab[tid])
            if sim >= TOKEN_MIN_SIMILARITY and tid in needed:
                out.append((tid, sim))
        return out

    def names_within(
        self, token: NameToken, names: IntArray, max_core: float, cache: bool = True
    ) -> IntArray:
        """Of ``names`` (the names a query token may be in), those whose core weight is at
        most ``max_core``: the names it could cover together with lighter tokens (cached
        unless ``names`` are not all the token's names)."""
        key = (token, round(max_core, 6))
        found = self._within.get(key) if cache else None
        if found is None:
            found = names[self.name_core_weight[names] <= max_core + 1e-6]
            if cache:
                if len(self._within) > 100_000:
                    self._within.clear()
                self._within[key] = found
        return found

    def entities_by_identifier(self, numbers: Iterable[str]) -> set[int]:
        out: set[int] = set()
        for number in numbers:
            out.update(self.identifiers.get(number, ()))
        return out
