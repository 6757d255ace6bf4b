"""Analysis of a whole name into comparable tokens (NAMES.md §0 steps 1–6).

:func:`analyse_name` runs the pipeline once per distinct (text, kind) and caches the result:
Unicode hygiene, per-token script and look-alike repair, titles/particles/articles,
patronymics, compounds (Abd + X, X + ullah, X + uddin, Abu + X), legal forms for
organisations, then per token the matching Latin, the consonant skeleton, retrieval keys and
an informativeness weight. Inputs are cut to ``MAX_INPUT_CHARS`` characters first.

Example::

    >>> a = analyse_name("Haji Mullah Abdul Jabbar bin Karim")
    >>> [t.latin for t in a.tokens], a.titles
    (['abd', 'jabar', 'karim'], ('haji', 'mullah'))
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from openfiu.names import parts
from openfiu.names.normalize import (
    Script,
    dominant_script,
    fix_lookalikes,
    normalize_text,
    split_tokens,
)
from openfiu.names.translit import VOWELS, fold_latin, latin_form, to_ascii

NameKind = str
""""person" | "organization" | "vessel" | "wallet" (vessels and wallets are treated like
organisations)."""


@dataclass(frozen=True, slots=True)
class NameToken:
    """One comparable name token.

    ``latin`` is the lossy matching Latin (ASCII a–z). For Arabic-script tokens it is the
    letter-by-letter rendering with ا و ی as a, u, i (v, y word-initially). ``skeleton`` is the
    consonant key (§6.1 item 2, ``*`` for an initial vowel, ``S`` for sh). ``keys`` starts with
    the skeleton, then variants (Russian g→h, surname stem, given-name stem). ``sig`` is an
    internal memo key (script + matching form); it is not compared.
    """

    text: str
    latin: str
    skeleton: str
    keys: tuple[str, ...]
    script: Script
    weight: float
    optional: bool
    sig: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class AnalysedName:
    """A name analysed for comparison.

    ``joined`` holds, for each adjacent pair of tokens i, i+1, their concatenation as one
    token (Abdul Rahman ~ Abdulrahman, جمعه خان ~ Jumakhon); it is precomputed here so that
    comparison does no string work.
    """

    original: str
    kind: str
    tokens: tuple[NameToken, ...]
    titles: tuple[str, ...]
    legal_form: str | None
    script: Script
    joined: tuple[NameToken, ...] = field(default=(), compare=False, repr=False)
    lead: str = field(default="", compare=False, repr=False)
    """What the name starts with before its first token, when it is not a token: a dropped
    title (its skeleton), "al" for any article, "," for the form "SURNAME, Given"; or "".
    Two names with the same lead anchor a missing middle name (Haji Barakzai ~ Haji Satar
    Barakzai, "ALI, Mohamed" ~ "ALI, Yassin Mohamed")."""


# ---------------------------------------------------------------------------------------------

_split = str.split
_COMMON_SKELETONS = {
    "mhmd": 0.3,
    "*hmd": 0.35,
    "*l": 0.4,
    "*bdl": 0.5,
    "hsn": 0.6,
    "jn": 0.5,
}
_LIGHT_FORMS = {"abd": 0.3, "abu": 0.3}
"""Abd and Abu, kept as tokens of their own, say little about who is named."""
_ORG_WORDS = dict.fromkeys(
    _split(
        """
    bank trading international group holding holdings general services foundation organization
    organisation islamic charity charitable society association committee relief welfare front
    movement brigade brigades army battalion network industries industrial import export
    enterprise enterprises investment investments shipping petroleum oil gas energy technology
    technologies global national united institute center centre construction development
    exchange establishment agency commercial management maritime marine logistics jamaat
    jamiat harakat tehrik lashkar tanzim hizb jabhat trust fund
"""
    ),
    0.4,
)
_ORG_WORDS = {to_ascii(fold_latin(word)): weight for word, weight in _ORG_WORDS.items()}
_ORG_STOPWORDS = frozenset(
    to_ascii(fold_latin(w)) for w in _split("the of and for de la le du des y e i")
)
_ARABIC_SPECIAL = {"الله": "alh", "الدين": "aldin", "الدین": "aldin"}
_ARABIC_TAIL_SUFFIXES = ("zadh", "zad", "pur", "nia", "zi", "hil")


@lru_cache(maxsize=65_536)
def skeleton_of(form: str, script: Script) -> str:
    """The consonant skeleton of a matching form (§6.1 item 2).

    Example::

        >>> skeleton_of("ibrahim", "latin"), skeleton_of("abrahim", "arabic")
        ('*brhm', '*brhm')
        >>> skeleton_of("usamah", "latin"), skeleton_of("jumahon", "latin")
        ('*sm', 'jmhn')
    """
    if not form:
        return ""
    if len(form) > 2 and form[-1] == "h" and (script == "arabic" or form[-2] in VOWELS):
        form = form[:-1]
    first = form[0]
    out = ["*" if first in VOWELS else _SKEL_MAP.get(first, first)]
    for ch in form[1:]:
        if ch in VOWELS or ch == "y" or ch == "v":
            continue
        mapped = _SKEL_MAP.get(ch, ch)
        if mapped != out[-1]:
            out.append(mapped)
    if len(out) > 2 and out[-1] == "t":  # final devoicing: Ahmet ~ Ahmad, Mahmut ~ Mahmud
        out[-1] = "d"
        if out[-2] == "d":
            out.pop()
    return "".join(out)


_SKEL_MAP = {"C": "j", "g": "k", "q": "k"}


def _token_keys(form: str, script: Script, skeleton: str) -> tuple[str, ...]:
    keys = [skeleton]
    if "g" in form and script != "arabic":
        keys.append(skeleton_of(form.replace("g", "h"), script))
    stem = parts.surname_stem(form)
    if stem is None and script == "arabic":
        for suffix in _ARABIC_TAIL_SUFFIXES:
            if form.endswith(suffix) and len(form) - len(suffix) >= 3:
                stem = form[: -len(suffix)]
                break
    if stem:
        keys.append(skeleton_of(stem, script))
    given = parts.given_stem(form)
    if given:
        keys.append(skeleton_of(given, script))
    return tuple(dict.fromkeys(k for k in keys if k))


def _weight(form: str, skeleton: str, kind: str) -> float:
    if len(form) == 1:
        return 0.3
    if kind != "person":
        latin = to_ascii(form)
        if latin in _ORG_STOPWORDS:
            return 0.15
        return _ORG_WORDS.get(latin, 1.0)
    if form in _LIGHT_FORMS:
        return _LIGHT_FORMS[form]
    weight = _COMMON_SKELETONS.get(skeleton, 1.0)
    if len(skeleton) <= 1:
        weight = min(weight, 0.5)
    return weight


@lru_cache(maxsize=131_072)
def make_token(text: str, script: Script, form: str, optional: bool, kind: str) -> NameToken:
    """Build a :class:`NameToken` from a matching form (placeholders ``S``/``C`` allowed)."""
    skeleton = skeleton_of(form, script)
    return NameToken(
        text=text,
        latin=to_ascii(form),
        skeleton=skeleton,
        keys=_token_keys(form, script, skeleton),
        script=script,
        weight=_weight(form, skeleton, kind),
        optional=optional,
        sig=script + ":" + form,
    )


@dataclass(slots=True)
class _Part:
    text: str
    script: Script
    form: str
    optional: bool = False


@lru_cache(maxsize=131_072)
def _read_token(raw: str) -> tuple[str, Script, str] | None:
    """(text, script, matching form) of one raw token; None when nothing is left."""
    token, script = fix_lookalikes(raw)
    if script == "arabic":
        if token in _ARABIC_SPECIAL:
            return token, script, _ARABIC_SPECIAL[token]
        if token.startswith("ال") and len(token) >= 4:
            token = token[2:]
    form = latin_form(token, script)
    if form or token == "ال":
        return raw, script, form
    return None


def _raw_parts(tokens: list[str]) -> list[_Part]:
    out: list[_Part] = []
    for raw in tokens:
        read = _read_token(raw)
        if read is not None:
            out.append(_Part(*read))
    return out


def _person_parts(items: list[_Part], titles: list[str]) -> list[_Part]:
    # titles, particles, patronymic words
    kept: list[_Part] = []
    father_next = False
    for item in items:
        if parts.is_title(item.text, item.script):
            titles.append(item.text)
            continue
        if parts.is_particle(item.form, item.text, item.script):
            father_next = True
            continue
        if parts.is_patronymic_word(item.form) and kept:
            kept[-1].optional = True
            continue
        item.form = parts.expand_abbreviation(item.form)
        if (
            father_next
            or parts.is_soft_title(item.form, item.text, item.script)
            or (item.script != "arabic" and parts.is_patronymic(item.form))
        ):
            item.optional = True
        father_next = False
        kept.append(item)
    if len(kept) == 1 and kept[0].optional:
        kept[0].optional = False
    return _compounds(kept)


def _compounds(items: list[_Part]) -> list[_Part]:
    for k, item in enumerate(items):
        item.form = parts.canonical_compound(item.form)
        if item.script == "latin" and not item.optional:
            item.form = parts.fused_abd_typo(item.form) or item.form  # GAbdelmajid
        if k + 1 < len(items) and item.script == "latin":
            article = parts.is_article(items[k + 1].form, items[k + 1].text)
            form = item.form if len(item.form) >= 3 else to_ascii(fold_latin(item.text))
            if len(form) < 3:
                form = "".join(ch for ch in item.text if "a" <= ch <= "z")
            head = parts.is_abd_typo(form, article and k + 2 < len(items))
            if head is not None:
                item.form = head  # Adul Rahman, Abdwul Wahed: a mistyped Abdul
    out: list[_Part] = []
    i = 0
    while i < len(items):
        item = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        if parts.is_article(item.form, item.text) and (nxt is not None or not out):
            if nxt is not None and nxt.form in ("din", "dine", "din") and out:
                prev = out[-1]
                prev.form += parts.UDDIN
                prev.text += f" {item.text} {nxt.text}"
                i += 2
                continue
            i += 1
            continue
        if out and item.form in parts.ULLAH_TOKENS:
            out[-1].form += parts.ULLAH
            out[-1].text += " " + item.text
            i += 1
            continue
        if out and item.form in parts.UDDIN_TOKENS:
            out[-1].form += parts.UDDIN
            out[-1].text += " " + item.text
            i += 1
            continue
        if item.form in parts.ABD_TOKENS or item.form in parts.ABU_TOKENS:
            # Abd/Abu stay a token of their own (light weight), so that a name compares
            # whatever the order or spacing: Abdul Rahman = Abdurrahman = Rahman Abdul.
            head = "abd" if item.form in parts.ABD_TOKENS else "abu"
            j = i + 1
            while j < len(items) - 1 and parts.is_article(items[j].form, items[j].text):
                j += 1
            target = items[j] if j < len(items) else None
            if head == "abd" and target is not None and target.form in parts.ULLAH_TOKENS:
                joined_text = " ".join(x.text for x in items[i : j + 1])
                out.append(_Part(joined_text, target.script, "abd" + parts.ULLAH))
                i = j + 1
                continue
            out.append(_Part(item.text, item.script, head, item.optional))
            i += 1
            continue
        split = None if item.optional else parts.split_abd(item.form)
        if split is not None:
            out.append(_Part(item.text, item.script, split[0], item.optional))
            out.append(_Part(item.text, item.script, split[1], item.optional))
            i += 1
            continue
        out.append(item)
        i += 1
    return out


def _org_parts(tokens: list[str]) -> tuple[list[_Part], str | None]:
    tokens, legal = parts.strip_legal_forms(tokens)
    items = [p for p in _raw_parts(tokens) if not parts.is_article(p.form, p.text)]
    return items, legal


_COMMA_FORM = re.compile(r"^([^,]+),([^,]+)$")


@lru_cache(maxsize=262_144)
def analyse_name(text: str, kind: str = "person") -> AnalysedName:
    """Analyse a name into comparable tokens; memoised.

    Titles (Haji, Mullah, Dr …) go to ``titles``; particles (bin, ibn, ould, s/o) and
    articles (al-, el-) are dropped, the father's name after a particle and patronymics are
    ``optional``; compounds are joined; for organisations, legal forms go to ``legal_form``.
    "SURNAME, Given" is read as "Given SURNAME". Never raises; empty input gives no tokens.

    Example::

        >>> a = analyse_name("Сираджуддин Хаккани")
        >>> [(t.latin, t.skeleton) for t in a.tokens]
        [('sirajudin', 'srjdn'), ('hakani', 'hkn')]
        >>> analyse_name("ООО Ромашка", kind="organization").legal_form
        'ooo'
    """
    norm = normalize_text(text if isinstance(text, str) else "")
    titles: list[str] = []
    legal: str | None = None
    lead = ""
    person = kind == "person"
    if person:
        m = _COMMA_FORM.match(norm)
        if m:
            norm = f"{m.group(2).strip()} {m.group(1).strip()}"
        norm = re.sub("ة\\s*الله", "ت الله", norm)
        raw = _raw_parts(split_tokens(norm))
        lead = _lead(raw) or ("," if m else "")  # SURNAME, Given: the surname leads
        items = _person_parts(raw, titles)
    else:
        items, legal = _org_parts(split_tokens(norm.replace(".", "")))
    tokens = tuple(make_token(p.text, p.script, p.form, p.optional, kind) for p in items if p.form)
    joined = tuple(_join(a, b, kind) for a, b in itertools.pairwise(tokens))
    return AnalysedName(
        original=text,
        kind=kind,
        tokens=tokens,
        titles=tuple(titles),
        legal_form=legal,
        script=dominant_script(norm),
        joined=joined,
        lead=lead,
    )


def without_tokens(name: AnalysedName, drop: int, titles: tuple[str, ...]) -> AnalysedName:
    """The analysed name less the tokens whose bits are set in ``drop``, which are read as
    the ``titles`` given (a mistyped title such as VSheikh, once the other name shows that
    it is the title Sheikh)."""
    tokens = tuple(t for k, t in enumerate(name.tokens) if not drop >> k & 1)
    joined = tuple(_join(a, b, name.kind) for a, b in itertools.pairwise(tokens))
    return replace(name, tokens=tokens, joined=joined, titles=name.titles + titles)


def _lead(items: list[_Part]) -> str:
    if len(items) < 2:
        return ""
    first = items[0]
    if parts.is_title(first.text, first.script):
        return skeleton_of(first.form, first.script) or first.text
    if parts.is_article(first.form, first.text):
        return "al"
    return ""


def _join(a: NameToken, b: NameToken, kind: str) -> NameToken:
    return _join_cached(a.sig, b.sig, a.text, b.text, a.optional and b.optional, kind)


@lru_cache(maxsize=131_072)
def _join_cached(
    sig_a: str, sig_b: str, text_a: str, text_b: str, optional: bool, kind: str
) -> NameToken:
    script_a, form_a = sig_a.split(":", 1)
    script_b, form_b = sig_b.split(":", 1)
    if form_b and form_a and form_a[-1] == form_b[0]:
        form = parts.canonical_compound(form_a + form_b[1:])
    else:
        form = parts.canonical_compound(form_a + form_b)
    script: Script = "arabic" if "arabic" in (script_a, script_b) else _as_script(script_b)
    token = make_token(f"{text_a} {text_b}", script, form, optional, kind)
    weight_a = make_token(text_a, _as_script(script_a), form_a, False, kind).weight
    weight_b = make_token(text_b, _as_script(script_b), form_b, False, kind).weight
    return NameToken(
        text=token.text,
        latin=token.latin,
        skeleton=token.skeleton,
        keys=token.keys,
        script=token.script,
        weight=max(weight_a, weight_b),
        optional=token.optional,
        sig=token.sig,
    )


def _as_script(name: str) -> Script:
    if name in ("latin", "cyrillic", "arabic"):
        return name  # type: ignore[return-value]
    return "other"
