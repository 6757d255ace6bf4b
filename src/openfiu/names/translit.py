"""Transliteration of name tokens into one lossy "matching Latin" (NAMES.md §6.1 item 1).

Three explicit tables, one per script: Latin digraph folding (all romanisation systems of
§2–§4 into one spelling), Cyrillic (Russian, Tajik, Uzbek, Kazakh, Kyrgyz letters) and Arabic
script (Arabic, Persian, Pashto letters of §4.2). The result is *not* a display form.

Internally a token is kept in a "matching form": ASCII a–z plus two placeholders, ``S`` for
the sh sound (ш ش sh sch ch-French is not guessed) and ``C`` for the ch sound (ч چ ch tch),
so that later rules cannot confuse s+h with sh. :func:`to_ascii` spells the placeholders out.

Arabic-script tokens have no short vowels: ا و ی are rendered as the vowels a, u, i (and as
the consonants v, y word-initially); ع is rendered ``a`` (it carries a vowel; dropped from
skeletons like every vowel).

Example::

    >>> latin_form("dzhumakhon", "latin"), latin_form("ҷумъахон", "cyrillic")
    ('jumahon', 'jumahon')
    >>> transliterate("Сираджуддин سراج")
    'sirajudin sraj'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from openfiu.names.normalize import Script, fix_lookalikes, normalize_text, split_tokens

VOWELS = frozenset("aeiou")

# --- Latin -----------------------------------------------------------------------------------

_LATIN_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "ı": "i",
        "ŋ": "ng",
    }
)
_APOSTROPHES = "'ʻʼ’‘`´ʹʺˈ′″\u02bf\u02be"

# ordered digraph rules: (old, new); S = sh, C = ch placeholders
_LATIN_RULES: tuple[tuple[str, str], ...] = (
    ("shch", "S"),
    ("sch", "S"),
    ("shh", "S"),
    ("tsch", "C"),
    ("tch", "C"),
    ("ch", "C"),
    ("sh", "S"),
    ("dzh", "j"),
    ("dj", "j"),
    ("dsh", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "s"),
    ("dh", "z"),
    ("ck", "k"),
    ("tc", "ts"),
    ("cz", "ts"),
    ("tz", "ts"),
    ("c", "k"),
    ("q", "k"),
    ("x", "h"),
    ("w", "v"),
    ("ou", "u"),
    ("ee", "i"),
    ("oo", "u"),
)
_LATIN_TABLE = dict(_LATIN_RULES)
_LATIN_PATTERN = re.compile(
    "|".join("^dsh" if old == "dsh" else re.escape(old) for old, _ in _LATIN_RULES)
)
"""The digraph rules in one left-to-right pass, earlier rules first at each position, so a
replacement never forms a new digraph with its neighbour (Shahid-khel: d + kh, not dh;
Ahmad-shah: d + sh; German dsh only word-initially)."""

_INITIAL = (("iu", "yu"), ("ia", "ya"), ("ie", "ye"), ("io", "yo"), ("ye", "e"))
_Y_BETWEEN_CONSONANTS = re.compile(r"(?<=[^aeiouy])y(?=[^aeiouy]|$)")
_Y_AFTER_VOWEL = re.compile(r"(?<=[aeiou])y(?=[^aeiou]|$)")
_DOUBLE = re.compile(r"(.)\1+")
_FRENCH_NE = re.compile(r"(?<=[aeiou]n)e$")


def _finish(form: str) -> str:
    """Rules shared by every script: y as a vowel, -iy endings, doubled letters."""
    form = _DOUBLE.sub(r"\1", form)
    form = _Y_BETWEEN_CONSONANTS.sub("i", form)
    form = _Y_AFTER_VOWEL.sub("i", form)
    return _DOUBLE.sub(r"\1", form)


def _replace_digraph(match: re.Match[str]) -> str:
    return _LATIN_TABLE[match.group(0)]


@lru_cache(maxsize=131_072)
def fold_latin(token: str) -> str:
    """Fold a Latin-script token into the matching form (with ``S``/``C`` placeholders)."""
    token = token.translate(_LATIN_SPECIAL)
    token = "".join(
        ch for ch in unicodedata.normalize("NFD", token) if unicodedata.category(ch) != "Mn"
    )
    token = "".join(ch for ch in token if "a" <= ch <= "z")
    if not token:
        return ""
    for prefix, repl in _INITIAL:
        if token.startswith(prefix) and len(token) > 3:
            token = repl + token[len(prefix) :]
    token = _LATIN_PATTERN.sub(_replace_digraph, token)
    if len(token) >= 5:
        token = _FRENCH_NE.sub("", token)
    if token.endswith("ij"):  # Dmitrij (scientific/German style) = Dmitriy
        token = token[:-1]
    return _finish(token)


# --- Cyrillic --------------------------------------------------------------------------------

_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "C",
    "ш": "S",
    "щ": "S",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Tajik
    "ғ": "g",
    "ӣ": "i",
    "қ": "k",
    "ӯ": "u",
    "ҳ": "h",
    "ҷ": "j",
    # Uzbek, Kazakh, Kyrgyz
    "ў": "u",
    "ә": "a",
    "ң": "n",
    "ө": "o",
    "ү": "u",
    "ұ": "u",
    "і": "i",
    "һ": "h",
    # Ukrainian, Belarusian, Serbian leftovers
    "є": "ye",
    "ї": "yi",
    "ґ": "g",
    "ј": "j",
    "ѕ": "dz",
    "ђ": "j",
    "ћ": "C",
    "љ": "l",
    "њ": "n",
    "џ": "j",
}


@lru_cache(maxsize=131_072)
def fold_cyrillic(token: str) -> str:
    """Transliterate a Cyrillic token into the matching form.

    Example::

        >>> fold_cyrillic("ибрагим"), fold_cyrillic("иброҳим")
        ('ibragim', 'ibrohim')
    """
    token = token.replace("дж", "ж").replace("тш", "ч")
    # Latin th, dh written letter by letter (Тхомас, Утхман, Кадхафи) fold like Latin th, dh
    token = token.replace("тх", "с").replace("тҳ", "с").replace("дх", "з").replace("дҳ", "з")
    token = re.sub(r"[иы]й$", "и", token)
    out = "".join(_CYRILLIC.get(ch, "") for ch in token)
    return _finish(out)


# --- Arabic script ---------------------------------------------------------------------------

_ARABIC = {
    "ا": "a",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ط": "t",
    "ث": "s",
    "ج": "j",
    "چ": "C",
    "ح": "h",
    "خ": "h",
    "د": "d",
    "ذ": "z",
    "ر": "r",
    "ز": "z",
    "ژ": "j",
    "س": "s",
    "ص": "s",
    "ش": "S",
    "ض": "z",
    "ظ": "z",
    "ع": "a",
    "غ": "g",
    "ف": "f",
    "ق": "k",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "h",
    "و": "u",
    "ی": "i",
    "ټ": "t",
    "ډ": "d",
    "ړ": "r",
    "ښ": "S",
    "ږ": "j",
    "ګ": "g",
    "ڼ": "n",
    "ځ": "z",
    "څ": "s",
    "ڵ": "l",
    "ۇ": "u",
    "ڤ": "v",
    "ڨ": "g",
}


@lru_cache(maxsize=131_072)
def fold_arabic(token: str) -> str:
    """Transliterate an Arabic-script token letter by letter into the matching form.

    Weak letters: ا → a, و → u (v word-initially), ی → i (y word-initially); ع → a (a
    vowel carrier: سعید said ≠ سید sid). Doubled letters are collapsed.

    Example::

        >>> fold_arabic("محمد"), fold_arabic("عمر"), fold_arabic("یوسف")
        ('mhmd', 'amr', 'yusf')
    """
    out: list[str] = []
    for i, ch in enumerate(token):
        if i == 0:
            if ch == "ع":
                out.append("a")
                continue
            if ch == "و":
                out.append("v")
                continue
            if ch == "ی":
                out.append("y")
                continue
        out.append(_ARABIC.get(ch, ""))
    return _DOUBLE.sub(r"\1", "".join(out))


def latin_form(token: str, script: Script) -> str:
    """The matching form of one normalised token in the given script (placeholders kept)."""
    if script == "cyrillic":
        return fold_cyrillic(token)
    if script == "arabic":
        return fold_arabic(token)
    return fold_latin(token)


def to_ascii(form: str) -> str:
    """Spell out the ``S``/``C`` placeholders: the ASCII a–z "matching Latin"."""
    return form.replace("S", "sh").replace("C", "ch")


def transliterate(text: str) -> str:
    """Transliterate any supported script into matching Latin, tokens separated by spaces.

    Example::

        >>> transliterate("Ҷумъахон Ҳалимов")
        'jumahon halimov'
        >>> transliterate("DZHUMAKHON KHALIMOV")
        'jumahon halimov'
    """
    out: list[str] = []
    for raw in split_tokens(normalize_text(text)):
        token, script = fix_lookalikes(raw)
        form = to_ascii(latin_form(token, script))
        if form:
            out.append(form)
    return " ".join(out)
