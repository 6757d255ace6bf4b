"""Name parts that are not plain name tokens: titles, particles, legal forms, patronymics,
compounds and surname suffixes (NAMES.md §1.3, §3, §5).

Tables are written in the matching form of :mod:`openfiu.names.translit` (``S`` = sh,
``C`` = ch) and built by folding the variants listed here, so that a table entry and a name
token always go through the same transliteration. Arabic-script entries are matched on the
normalised Arabic text instead, because vowel-less forms collide (سید Sayyid vs سعید Saʿid).

Example::

    >>> is_title("мулла", "cyrillic"), is_title("dr", "latin")
    (True, True)
    >>> canonical_compound("abdurahman")
    'abdrahman'
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA

from openfiu.names.normalize import Script, normalize_text
from openfiu.names.translit import fold_cyrillic, fold_latin


def _fold_all(words: str) -> frozenset[str]:
    """Fold whitespace-separated variants (Latin or Cyrillic) into matching forms."""
    out: set[str] = set()
    for word in words.split():
        for token in normalize_text(word).split():
            if any("\u0400" <= ch <= "\u052f" for ch in token):
                out.add(fold_cyrillic(token))
            else:
                out.add(fold_latin(token))
    return frozenset(out)


def _norm_all(words: str) -> frozenset[str]:
    """Normalise whitespace-separated Arabic-script variants."""
    return frozenset(normalize_text(w) for w in words.split())


# Titles dropped from the name (kept in AnalysedName.titles), §5.4.
_HARD_TITLE_WORDS = """haji hajji hadji hadj hajj alhaj alhajj alhaji alhadj hoji hodji khoji
    mullah mulla molla mullo mollah mulo moulla
    mawlawi maulawi maulavi maulvi molvi mavlavi moulvi mowlawi mawlavi moulavi mawlana maulana mavlono mowlana
    qari qori kari mufti sheikh shaykh shaikh cheikh shaykhul sheikhul
    ustad ustaz ustod ustaad sahib saheb sahab
    dr doctor doktor eng engr engineer muhandis muhendis commander qomandan komandan
    mr mrs ms miss sir general gen colonel col major maj captain capt lt
    imam amir-ul-momineen
    хаджи гаджи ҳоҷӣ ходжи мулла мулло моулави мавлави мавлоно маулави қорӣ кори муфтий муфти
    шейх шайх устод устаз доктор инженер мухандис муҳандис командир
    """
_HARD_TITLES = _fold_all(_HARD_TITLE_WORDS)
_HARD_TITLES_ARABIC = _norm_all(
    """حاجی حاجي حجی حجي الحاج ملا ملا مولوی مولوي مولانا قاری قاري مفتی مفتي شیخ شيخ الشيخ الشیخ
    استاد داکتر دکتر مهندس قومندان انجنیر"""
)
# Soft titles: kept as optional tokens (also parts of names), §5.4.
_SOFT_TITLES = _fold_all(
    """sayyid sayed sayid syed seyed seyyed said sayyed mir mirza mirzo khan khon xon
    khoja khwaja khodja hoja xoja xoʻja hafiz hafez hofiz agha aga ogha bibi begum khanum
    bano beg
    сайид саййид сейид мир мирза мирзо хон хан хоҷа хожа ходжа хафиз ҳофиз ага бибі биби бегим
    """
)
_SOFT_TITLES_ARABIC = _norm_all("سید السيد السید میر میرزا خان خواجه حافظ آغا بیبی")

# Nasab particles (the next token is the father's name: optional), §5.1.
_PARTICLES = _fold_all("bin ibn ben bint binti ould ould walad vald бин ибн бинт") | {"b"}
_PARTICLES_RAW = frozenset({"s/o", "d/o", "w/o", "b/o", "s.o", "d.o"})
_PARTICLES_ARABIC = _norm_all("بن ابن بنت ولد")
# Articles standing alone before a name: al-, el-, ul-, ud- and sun-letter forms.
_ARTICLES = frozenset(
    str.split("al el ul il ol ad ar as at az aS an ud ur us ut uz uS un ed er es et ez eS en ال")
)

# Patronymic markers and suffixes, §3 and §6.1 item 5.
_PATRONYMIC_WORDS = _fold_all(
    "ogli oglu ugli o'g'li oʻgʻli ўғли угли qizi кизи қизи uly ұлы улы kyzy қызы кызы uulu уулу"
)
_PATRONYMIC_SUFFIX = re.compile(r"(?:[oe]viC|viC|[oe]vna|iCna|vic|vna)$")
_PATRONYMIC_FUSED = re.compile(r"(?:uli|kizi)$")

# Surname suffixes (stems compare across the 2016 Tajik reform and Persian cognates), §1.3.
_SURNAME_SUFFIXES = (
    "zoda",
    "zada",
    "zade",
    "zadeh",
    "zod",
    "iyon",
    "yon",
    "pur",
    "far",
    "niyo",
    "nia",
    "zai",
    "zoi",
    "hel",
    "hail",
    "yeva",
    "yev",
    "ova",
    "eva",
    "ov",
    "ev",
    "ina",
    "i",
)
# Optional suffixes of Central Asian given names (Akbarjon ~ Akbar), §3.1.
_GIVEN_SUFFIXES = ("jon", "bek", "boi", "hon", "han")

# Organisation legal forms, matched on normalised tokens (dots removed), §brief.
_LEGAL_FORMS: dict[tuple[str, ...], str] = {}


def _legal(label: str, *variants: str) -> None:
    for variant in variants:
        key = tuple(normalize_text(variant).replace(".", "").split())
        _LEGAL_FORMS[key] = label


_legal("llc", "llc", "l.l.c.", "limited liability company", "мчж", "mchj")
_legal("ooo", "ooo", "ооо")
_legal("ltd", "ltd", "limited", "pvt ltd", "private limited", "pte ltd")
_legal("co ltd", "co ltd", "company limited", "co limited")
_legal(
    "jsc",
    "jsc",
    "ojsc",
    "cjsc",
    "pjsc",
    "ao",
    "oao",
    "zao",
    "pao",
    "ао",
    "оао",
    "зао",
    "пао",
    "joint stock company",
    "public joint stock company",
    "closed joint stock company",
    "ojsc",
)
_legal("gmbh", "gmbh")
_legal("ag", "ag")
_legal("co", "co", "company", "& co", "and co")
_legal("inc", "inc", "incorporated")
_legal("corp", "corp", "corporation")
_legal("sa", "sa", "sal", "sarl", "sas", "s a")
_legal("llp", "llp", "тоо", "too", "lp")
_legal("fze", "fze", "fzc", "fzco", "fz llc", "fz-llc", "dmcc")
_legal("plc", "plc")
_legal("bv", "bv", "nv")
_legal("ug", "ug")
_LEGAL_MAX = max(len(k) for k in _LEGAL_FORMS)
_ABBREVIATIONS = {"md": "muhamad", "mohd": "muhamad", "muhd": "muhamad", "mhd": "muhamad"}


def is_title(token: str, script: Script) -> bool:
    """True when the normalised token is a hard title (Haji, Mullah, Dr, …) to drop."""
    if script == "arabic":
        return token in _HARD_TITLES_ARABIC
    form = fold_cyrillic(token) if script == "cyrillic" else fold_latin(token)
    return form in _HARD_TITLES


_VOWELS = frozenset("aeiou")
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")


_SPELLING_PAIRS = frozenset(frozenset(p) for p in ("ij", "uv", "uw", "eh", "ah"))
"""Vowel/consonant pairs that may spell the same sound in some romanisation (Hadi ~ Hadj,
Uali ~ Wali, a silent h after a vowel: Tahir ~ Taeir): never a slip."""


def _letter_class(text: str, k: int) -> str:
    """The class of the letter at ``k``: "v" a vowel, "c" a consonant, "" a y that is not
    clearly either (y counts as a consonant only before one: Yli, Yzia)."""
    ch = text[k]
    if ch in _VOWELS:
        return "v"
    if ch in _CONSONANTS:
        return "c"
    if ch == "y" and k + 1 < len(text) and text[k + 1] in _CONSONANTS:
        return "c"
    return ""


def vowel_slip(x: str, y: str) -> bool:
    """Whether two spellings of the same length differ in exactly one letter, a vowel on
    one side and a consonant on the other (Rage ~ Rfge, Haji ~ Hwji, Ali ~ Yli): a typing
    error rather than another name, as names one letter apart differ in a consonant (Amir,
    Amin) or a vowel (Omar, Umar). Half vowels (Ilya ~ Ilia) and letters that stand for a
    vowel in some romanisation (Hadi ~ Hadj, Uali ~ Wali) do not count.

    Example::

        >>> vowel_slip("rfge", "rage"), vowel_slip("amin", "amir"), vowel_slip("ilya", "ilia")
        (True, False, False)
    """
    if len(x) != len(y):
        return False
    diffs = [k for k in range(len(x)) if x[k] != y[k]]
    if len(diffs) != 1:
        return False
    k = diffs[0]
    if frozenset((x[k], y[k])) in _SPELLING_PAIRS:
        return False
    return {_letter_class(x, k), _letter_class(y, k)} == {"v", "c"}


TITLE_TYPO_MIN = 5
"""Titles from this many letters are recognised with two letters swapped, and longer ones
with a letter added or dropped (VSheikh, eGneral); shorter ones are one letter from too
many names (Qari ~ Qadri, Haji ~ Hani, Hadji ~ Hadi)."""
_TYPO_TITLES: dict[int, tuple[str, ...]] = {}
"""Latin hard titles of four letters or more, by length."""
for _word in sorted(set(_HARD_TITLE_WORDS.split())):
    if _word.isascii() and _word.isalpha() and len(_word) >= 4:
        _TYPO_TITLES[len(_word)] = (*_TYPO_TITLES.get(len(_word), ()), _word)


@lru_cache(maxsize=65_536)
def title_typo(token: str) -> str | None:
    """The hard title that a Latin token is one typing error from, else None: in any title
    of four letters or more a consonant typed for a vowel or the reverse (Hwji, Syhib,
    Mdulavi: see :func:`vowel_slip`), two letters swapped from five letters (Shaib), a
    letter added or dropped from six (VSheikh, Doctr). Other changes make names (Saqib,
    Mousavi, Shahab, Hadi are not Sahib, Moulavi, Sahab, Hadji), as do a dropped first
    letter (Ullah) and family or given names built on a title (Sheikhi, Shaikha).

    Example::

        >>> title_typo("vsheikh"), title_typo("egneral"), title_typo("doctr")
        ('sheikh', 'general', 'doctor')
        >>> title_typo("sheikhi"), title_typo("saqib"), title_typo("sheikh"), title_typo("qadri")
        (None, None, None, None)
        >>> title_typo("hwji"), title_typo("syhib"), title_typo("hadi"), title_typo("mousavi")
        ('haji', 'sahib', None, None)
    """
    letters = "".join(ch for ch in token.lower() if "a" <= ch <= "z")
    if len(letters) < 3 or fold_latin(letters) in _HARD_TITLES:
        return None
    if fold_latin(letters) in _SOFT_TITLES:
        return None
    n = len(letters)
    for title in (
        _TYPO_TITLES.get(n - 1, ()) + _TYPO_TITLES.get(n, ()) + _TYPO_TITLES.get(n + 1, ())
    ):
        if letters in (title + "i", title + "y", title + "a"):
            continue
        if OSA.distance(letters, title, score_cutoff=1) != 1:
            continue
        if len(letters) == len(title):
            swapped = sorted(letters) == sorted(title)
            if vowel_slip(letters, title) or (swapped and len(title) >= TITLE_TYPO_MIN):
                return title
        elif len(title) > TITLE_TYPO_MIN and letters != title[1:]:
            return title
    return None


def is_soft_title(form: str, token: str, script: Script) -> bool:
    """True for soft titles (Sayyid, Mirza, Khan, …): kept as optional tokens."""
    if script == "arabic":
        return token in _SOFT_TITLES_ARABIC
    return form in _SOFT_TITLES


def is_particle(form: str, token: str, script: Script) -> bool:
    """True for nasab particles (bin, ibn, ould, walad, s/o, بن …)."""
    if token in _PARTICLES_RAW:
        return True
    if script == "arabic":
        return token in _PARTICLES_ARABIC
    return form in _PARTICLES


def is_article(form: str, token: str) -> bool:
    """True for a free-standing article (al, el, ul, ad, ar, ال …)."""
    return form in _ARTICLES or token in _ARTICLES


def is_patronymic_word(form: str) -> bool:
    """True for the separate words oʻgʻli, qizi, uly, kyzy, uulu."""
    return form in _PATRONYMIC_WORDS


def is_patronymic(form: str) -> bool:
    """True for a patronymic by suffix: -ovich, -evna, -ichna, fused -uly/-kyzy."""
    if len(form) >= 6 and _PATRONYMIC_SUFFIX.search(form):
        return True
    return len(form) >= 7 and bool(_PATRONYMIC_FUSED.search(form))


def expand_abbreviation(form: str) -> str:
    """Md, Mohd → muhamad; other forms unchanged."""
    return _ABBREVIATIONS.get(form, form)


def strip_legal_forms(tokens: list[str]) -> tuple[list[str], str | None]:
    """Remove legal forms at the start or the end of an organisation's tokens.

    Example::

        >>> strip_legal_forms(["ооо", "ромашка"])
        (['ромашка'], 'ooo')
        >>> strip_legal_forms(["acme", "trading", "co", "ltd"])
        (['acme', 'trading'], 'co ltd')
    """
    found: list[str] = []
    changed = True
    while changed and tokens:
        changed = False
        for size in range(min(_LEGAL_MAX, len(tokens) - 1), 0, -1):
            tail = tuple(tokens[-size:])
            if tail in _LEGAL_FORMS:
                found.insert(0, _LEGAL_FORMS[tail])
                tokens = tokens[:-size]
                changed = True
                break
            head = tuple(tokens[:size])
            if head in _LEGAL_FORMS:
                found.append(_LEGAL_FORMS[head])
                tokens = tokens[size:]
                changed = True
                break
    if not found:
        return tokens, None
    label = " ".join(found)
    return tokens, "co ltd" if label == "co ltd" else label


# --- compounds -------------------------------------------------------------------------------

ULLAH_TOKENS = frozenset(
    {"ulah", "ula", "ulo", "uloh", "olah", "ola", "alah", "alh", "ulahi", "alla", "allah"}
)
_ULLAH_FUSED = re.compile(r"^(..+?)(?:[uoa]l[aoe]h?|alh)$")
UDDIN_TOKENS = frozenset({"udin", "edin", "idin", "odin", "adin", "aldin", "uldin", "ud-din"})
_UDDIN_FUSED = re.compile(r"^(...+?)(?:[uoiea]din|aldin)$")
ABD_TOKENS = frozenset(
    {"abd", "abdu", "abdul", "abdel", "abdal", "abdol", "abdur", "abdus", "abdo", "abdar", "abdas"}
)
ABU_TOKENS = frozenset({"abu", "abo", "abou", "ab", "abul", "abdu"})
ULLAH = "ula"
UDDIN = "udin"


def canonical_compound(form: str) -> str:
    """Canonicalise a fused compound: X+ullah → Xula, X+uddin → Xudin, Abd+u/l/doubled → abd.

    Works on matching forms (after doubled letters were collapsed).

    Example::

        >>> canonical_compound("rahmatulah"), canonical_compound("sirojidin")
        ('rahmatula', 'sirojudin')
        >>> canonical_compound("abdulaziz"), canonical_compound("abdalrhmn")
        ('abdaziz', 'abdrhmn')
    """
    if len(form) >= 5:
        m = _ULLAH_FUSED.match(form)
        if m and form not in ULLAH_TOKENS:
            form = m.group(1) + ULLAH
        elif not form.endswith(ULLAH):
            m = _UDDIN_FUSED.match(form)
            if m:
                form = m.group(1) + UDDIN
    if form.startswith("abd") and len(form) > 5 and form != "abd" + ULLAH:
        rest = form[3:]
        if rest[0] in "aeiou":
            rest = rest[1:]
        if rest.startswith("l") and len(rest) > 2:
            rest = rest[1:]
        form = "abd" + rest
    return form


_ABD_SPELLINGS = ("abdul", "abdel", "abdur", "abdal", "abdol", "abdus")


_HEAD_SLIPS = {"bu": "abu", "au": "abu", "aub": "abu", "bau": "abu", "bou": "abu"}
_HEAD_SLIPS |= {"bd": "abd", "adb": "abd"}
"""Abu and Abd with a letter dropped or two letters swapped, before a name (Bu Bakar, Aub
Bakr, Bou Mohamed: Bu and Bou are also how Gulf and Maghreb names write Abu)."""


def is_abd_typo(form: str, before_article: bool = False) -> str | None:
    """Read a mistyped Abdul/Abdel/Abdur/Abou (Adul, Akbdul, Abdwul, Abudl, Abdlu, Aub, Bu)
    as "abd"/"abu" (it is only asked of a token that a name follows).

    Before an article (X al-Y) one error from Abd/Abu is enough (Abb al-Khaliq). None when
    the form is not such a typo.

    Example::

        >>> is_abd_typo("adul"), is_abd_typo("akbdul"), is_abd_typo("abdi"), is_abd_typo("adel")
        ('abd', 'abd', None, None)
        >>> is_abd_typo("abs", before_article=True), is_abd_typo("abs")
        ('abd', None)
        >>> is_abd_typo("abdlu"), is_abd_typo("aub"), is_abd_typo("bu"), is_abd_typo("abduh")
        ('abd', 'abu', 'abu', None)
    """
    if form in ABD_TOKENS or form in ABU_TOKENS or form.startswith("abd" + ULLAH):
        return None
    if form in _HEAD_SLIPS:
        return _HEAD_SLIPS[form]
    if (
        len(form) == 5
        and form.startswith("abd")
        and form[-1] in "lrsmnu"
        and any(OSA.distance(form, s, score_cutoff=1) <= 1 for s in _ABD_SPELLINGS)
    ):
        return "abd"  # Abdlu, Abdsu, Abdum (not Abduh, a name of its own)
    if before_article and len(form) in (3, 4):
        if OSA.distance(form, "abd", score_cutoff=1) <= 1:
            return "abd"
        if OSA.distance(form, "abu", score_cutoff=1) <= 1:
            return "abu"
    if len(form) < 4 or len(form) > 6:
        return None
    if "b" not in form and "v" not in form and not (form[0] == "a" and form.endswith("ul")):
        return None
    if (
        "d" in form
        and form[-1] in "lrs"
        and any(OSA.distance(form, s, score_cutoff=1) <= 1 for s in _ABD_SPELLINGS)
    ):
        return "abd"
    if "d" not in form and OSA.distance(form, "abou", score_cutoff=1) <= 1:
        return "abu"
    return None


def fused_abd_typo(form: str) -> str | None:
    """The canonical form of a fused Abd- compound with a typing error in its Abd (a letter
    before it, its A dropped, a letter inside, -el- swapped: GAbdelmajid, Bdelrazak,
    Anbdulrazak, Abedlnasser), when the mended form is such a compound; else None.

    Example::

        >>> fused_abd_typo("gabdelmajid"), fused_abd_typo("bdelrazak"), fused_abd_typo("abedlnaser")
        ('abdmajid', 'abdrazak', 'abdnaser')
        >>> fused_abd_typo("badrudin"), fused_abd_typo("abdelrazak"), fused_abd_typo("kabdi")
        (None, None, None)
    """
    if len(form) < 6:
        return None
    if form[0] in "bcdfghjklmnpqrstvwxyz" and form[1:4] == "abd":
        mended = form[1:]
    elif form.startswith("bd"):
        mended = "a" + form
    elif form[0] == "a" and form[2:4] == "bd" and form[1] not in "aeiou":
        mended = "a" + form[2:]
    elif form.startswith("abedl"):
        mended = "abdel" + form[5:]
    else:
        return None
    canonical = canonical_compound(mended)
    if canonical == "abd" + ULLAH or split_abd(canonical) is not None:
        return canonical
    return None


_SLAVIC_SURNAME = re.compile(r"(?:ov|ova|ev|eva|in|ina|zoda|zada|zade|zadeh)$")


def split_abd(form: str) -> tuple[str, str] | None:
    """(head, name) of a fused Abd-/Abu- compound (canonical form ``abdX``, ``abuX``) when X
    is a name of its own; else None.

    Example::

        >>> split_abd("abdrahman"), split_abd("abdula"), split_abd("abdi")
        (('abd', 'rahman'), None, None)
        >>> split_abd("abdvahed"), split_abd("abubakar")
        (('abd', 'vahed'), ('abu', 'bakar'))
    """
    head = form[:3]
    if head not in ("abd", "abu") or form == "abd" + ULLAH or len(form) < 6:
        return None
    rest = form[3:]
    if head == "abu" and rest[0] == "l" and rest[1:2] not in ("", "a", "e", "i", "o", "u"):
        rest = rest[1:]  # Abul-Hasan
    if rest[0] == "u" and rest[1:2] in ("a", "e", "i"):
        rest = "v" + rest[1:]  # Abdelouahed, عبدالواحد: ou/و before a vowel is w
    consonants = sum(1 for ch in rest if ch not in "aeiouy")
    if consonants < 2 or rest in ULLAH_TOKENS or _SLAVIC_SURNAME.search(rest):
        return None  # Abdurakhmanov, Abdullaeva: a surname, not Abd + a name
    return head, rest


@lru_cache(maxsize=65_536)
def surname_stem(form: str) -> str | None:
    """The stem of a surname with a known suffix (-ov, -zoda, -i, -pur …), else None.

    Example::

        >>> surname_stem("karimzoda"), surname_stem("karimov"), surname_stem("karim")
        ('karim', 'karim', None)
    """
    for suffix in _SURNAME_SUFFIXES:
        if form.endswith(suffix) and len(form) - len(suffix) >= 3:
            stem = form[: -len(suffix)]
            if suffix == "i" and stem[-1] in "aeiou":
                return None
            return stem
    return None


@lru_cache(maxsize=65_536)
def given_stem(form: str) -> str | None:
    """The stem of a given name with an optional suffix (-jon, -bek, -boy, -khon), else None.

    Example::

        >>> given_stem("akbarjon")
        'akbar'
    """
    for suffix in _GIVEN_SUFFIXES:
        if form.endswith(suffix) and len(form) - len(suffix) >= 3:
            return form[: -len(suffix)]
    return None
