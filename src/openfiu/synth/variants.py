"""Name perturbations used to build query sets and planted hits.

Each function takes a name and returns the same name written the way another record would
write it: Russian or Tajik Cyrillic, another Latin romanisation, a typing error, a different
token order, a dropped middle name. The rules follow docs/NAMES.md (shared docs): they are
deliberately simple and deterministic given the ``random.Random`` passed in.

Example::

    >>> to_russian_cyrillic("Jumakhon Khalimov")
    'Джумахон Халимов'
    >>> to_tajik_cyrillic("Jumakhon Halimov")
    'Ҷумахон Ҳалимов'
"""

from __future__ import annotations

import random
import re
import unicodedata
from functools import lru_cache

__all__ = [
    "cyrillic_to_latin",
    "drop_middle",
    "passport_spelling",
    "swap_tokens",
    "to_russian_cyrillic",
    "to_tajik_cyrillic",
    "typo",
]

_VOWELS = set("aeiouy")

# Latin → Cyrillic, longest match first. Shared by the Russian and Tajik tables.
_COMMON: dict[str, str] = {
    "shch": "щ",
    "sh": "ш",
    "ch": "ч",
    "zh": "ж",
    "kh": "х",
    "ts": "ц",
    "ph": "ф",
    "ou": "у",
    "oo": "у",
    "ee": "и",
    "yu": "ю",
    "ya": "я",
    "yo": "ё",
    "ye": "е",
    "yi": "йи",
    "a": "а",
    "b": "б",
    "c": "к",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "i": "и",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "в",
    "x": "кс",
    "z": "з",
}
_RUSSIAN: dict[str, str] = {
    **_COMMON,
    "dzh": "дж",
    "tch": "ч",
    "dj": "дж",
    "gh": "г",
    "j": "дж",
    "h": "х",
    "q": "к",
}
_TAJIK: dict[str, str] = {
    **_COMMON,
    "dzh": "ҷ",
    "dj": "ҷ",
    "tch": "ч",
    "gh": "ғ",
    "ts": "тс",
    "shch": "шч",
    "j": "ҷ",
    "h": "ҳ",
    "q": "қ",
    "x": "х",
}
# Tajik endings where Latin writes a and Tajik writes о (long ā), and other suffixes.
_TAJIK_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ullah", "улло"),
    ("ulla", "улло"),
    ("uddin", "иддин"),
    ("zadeh", "зода"),
    ("zada", "зода"),
    ("khan", "хон"),
    ("jan", "ҷон"),
)
_APOSTROPHES = "'ʻʼ’‘`ʹʺ"


def _strip_marks(text: str) -> str:
    """Remove accents from Latin letters only (é → e); Cyrillic й, ӣ, ӯ keep theirs."""
    if text.isascii():
        return text
    out: list[str] = []
    base_is_latin = False
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if not base_is_latin:
                out.append(ch)
            continue
        base_is_latin = ord(ch) < 0x250
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _restore_case(original: str, converted: str) -> str:
    letters = [ch for ch in original if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return converted.upper()
    if original[:1].isupper():
        return converted[:1].upper() + converted[1:]
    return converted


def _convert_word(word: str, table: dict[str, str], tajik: bool) -> str:
    """Transliterate one lower-case Latin word (no spaces, no hyphens)."""
    out: list[str] = []
    suffix = ""
    if tajik:
        for latin, cyr in _TAJIK_SUFFIXES:
            if word.endswith(latin) and len(word) > len(latin) + 1:
                word, suffix = word[: -len(latin)], cyr
                break
    if not suffix and len(word) > 4 and word.endswith(("ah", "eh")):
        word = word[:-1]  # silent final h: Abdullah → Абдулла
    i = 0
    n = len(word)
    while i < n:
        ch = word[i]
        if ch in _APOSTROPHES:
            out.append("ъ" if tajik and 0 < i < n - 1 else "")
            i += 1
            continue
        if ch == "y" and not word.startswith(("ya", "yu", "yo", "ye", "yi"), i):
            prev_vowel = i > 0 and word[i - 1] in _VOWELS
            if prev_vowel or i == 0 or word.startswith("iy", i - 1):
                out.append("й")
            else:
                out.append("и" if tajik else "ы")
            i += 1
            continue
        if ch == "e" and i == 0:
            out.append("э")
            i += 1
            continue
        if (
            ch == "i"
            and i > 0
            and word[i - 1] in "aeo"
            and (i == n - 1 or word[i + 1] not in _VOWELS)
        ):
            out.append("й")  # diphthong: Ahmadzai → Ахмадзай, Haidar → Хайдар
            i += 1
            continue
        for size in (4, 3, 2, 1):
            piece = word[i : i + size]
            if len(piece) == size and piece in table:
                out.append(table[piece])
                i += size
                break
        else:
            out.append(ch)
            i += 1
    if tajik and len(word) >= 3 and not suffix and out and out[-1] == "и" and word[-1] == "i":
        out[-1] = "ӣ"  # Tajik final -ӣ: Sharifi → Шарифӣ
    return "".join(out) + suffix


_LATIN_RUN = re.compile("[A-Za-z" + _APOSTROPHES + "]+")


@lru_cache(maxsize=65536)
def _convert_token(token: str, tajik: bool) -> str:
    table = _TAJIK if tajik else _RUSSIAN
    plain = _strip_marks(token)

    def convert(match: re.Match[str]) -> str:
        run = match.group()
        lower = run.lower()
        if lower in ("al", "el") and plain[match.end() : match.end() + 1] == "-":
            word = "аль" if lower == "al" else "эль"
        else:
            word = _convert_word(lower, table, tajik)
        return _restore_case(run, word)

    converted = _LATIN_RUN.sub(convert, plain)
    return converted if converted != plain else token


def to_russian_cyrillic(latin: str) -> str:
    """Write a Latin name as a Russian record would (j → дж, kh/h → х, q → к, gh → г).

    Example::

        >>> to_russian_cyrillic("Jumakhon Khalimov")
        'Джумахон Халимов'
        >>> to_russian_cyrillic("ABDULLAH YUSUF")
        'АБДУЛЛА ЮСУФ'
    """
    return " ".join(_convert_token(tok, False) for tok in latin.split())


def to_tajik_cyrillic(latin: str) -> str:
    """Write a Latin name in Tajik Cyrillic (ҷ ҳ қ ғ ӣ; -ullah → -улло, -zada → -зода).

    Which Latin a becomes Tajik о (long ā) cannot be known from Latin alone; only the
    endings -ullah, -uddin, -zada, -khan, -jan are rewritten.

    Example::

        >>> to_tajik_cyrillic("Jumakhon Halimov")
        'Ҷумахон Ҳалимов'
        >>> to_tajik_cyrillic("Rahmatullah Sharifi")
        'Раҳматулло Шарифӣ'
    """
    return " ".join(_convert_token(tok, True) for tok in latin.split())


# Russian Cyrillic → Latin as in Russian passports since 2013 (ICAO Doc 9303).
_ICAO: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
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
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "ie",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
    "ҳ": "h",
    "ҷ": "j",
    "қ": "q",
    "ғ": "gh",
    "ӯ": "u",
    "ӣ": "i",
}


def cyrillic_to_latin(cyrillic: str) -> str:
    """Romanise Russian (and Tajik) Cyrillic the way a Russian passport does (ICAO 9303).

    Example::

        >>> cyrillic_to_latin("Юлия Щербакова")
        'Iuliia Shcherbakova'
    """
    out: list[str] = []
    for ch in cyrillic:
        low = ch.lower()
        latin = _ICAO.get(low)
        if latin is None:
            out.append(ch)
        elif ch != low:
            out.append(latin[:1].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)


# --- another Latin romanisation -------------------------------------------------------------

_Rule = tuple[str, tuple[str, ...]]
_PASSPORT_RULES: tuple[_Rule, ...] = (
    (
        r"\b(?:muhamm[ae]d|mohamm?[ae]d|mukhamm[ae]d|mohd)\b",
        ("muhammad", "mohammad", "mohammed", "mohamed", "mukhammad", "muhammed"),
    ),
    (r"\ba(?:h|kh)m[ae]d\b", ("ahmad", "ahmed", "akhmad", "akhmed")),
    (r"(?:ullah|ulla|ullo|ulloh|ollah)\b", ("ullah", "ulla", "ullo", "ollah")),
    (r"(?:uddin|ud-din|eddine|iddin|oddin)\b", ("uddin", "iddin", "eddine", "oddin")),
    (r"\babd(?:ul|el|ur|us|u)[ -](?=[a-z]{3,})", ("abdul", "abd al-", "abdel")),
    (r"\babd(?:ul|el)(?=[b-km-z][a-z]{2,})", ("abdul ", "abdel ", "abd al-")),
    (r"\babu (?=[a-z]{3,})", ("abu", "abou ")),
    (r"(?<![dz])j", ("dzh", "dj")),
    (r"dzh|dj", ("j",)),
    (r"kh", ("h", "x")),
    (r"(?<![kscgzdtpaeiou])h|(?<=[aeiou])h(?=[aeiou])", ("kh",)),
    (r"x", ("kh",)),
    (r"q", ("k",)),
    (r"gh", ("g",)),
    (r"ou", ("u",)),
    (r"(?<![aeiouy])u(?![aeiouy])", ("ou",)),
    (r"ee", ("i",)),
    (r"ay(?![aeiou])", ("ai",)),
    (r"ai", ("ay",)),
    (r"ei", ("ey",)),
    (r"ey(?![aeiou])", ("ei",)),
    (r"(?<=[aeiou])ev\b", ("yev",)),
    (r"yev\b", ("ev",)),
    (r"(?:zoda|zada|zadeh)\b", ("zoda", "zada", "zadeh")),
    (r"(?<=[^aeiou\W])o(?=[nmr]\b)", ("a",)),
    (r"(?<=[^aeiou\W])a(?=[nmr]\b)", ("o",)),
    (r"w", ("v",)),
    (r"(?<=[aeiou])v(?=[aeiou])", ("w",)),
    (r"iy\b", ("ii", "y", "i")),
    (r"\by(?=[aue])", ("i",)),
    (r"\bal-", ("al ", "el-", "")),
    (r"ph", ("f",)),
)
_COMPILED_RULES = tuple((re.compile(p), reps) for p, reps in _PASSPORT_RULES)
_ONCE_RULE = (re.compile(r"(?<=[^aeiouy\W])i(?=[^aeiouy\W])"), ("ee",))


def _apply_rule(
    text: str, rule: tuple[re.Pattern[str], tuple[str, ...]], rng: random.Random
) -> str:
    pattern, replacements = rule
    matches = pattern.findall(text)
    choices = [r for r in replacements if r not in matches] or list(replacements)
    replacement = rng.choice(choices)
    count = 1 if rule is _ONCE_RULE else 0
    return pattern.sub(lambda _m: replacement, text, count=count)


def _tokens_style(original: str, lower: str) -> str:
    """Give ``lower`` the letter case of ``original`` (per token where counts agree)."""
    orig_tokens = original.split()
    new_tokens = lower.split()
    letters = [c for c in original if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return lower.upper()
    if letters and all(c.islower() for c in letters):
        return lower
    styled: list[str] = []
    for index, token in enumerate(new_tokens):
        ref = orig_tokens[index] if len(orig_tokens) == len(new_tokens) else "Xx"
        if len(ref) > 1 and ref.isupper():
            styled.append(token.upper())
        else:
            parts = token.split("-")
            keep_article = index > 0 and len(parts) > 1 and parts[0] in ("al", "el")
            styled.append(
                "-".join(
                    part if (pos == 0 and keep_article) else part[:1].upper() + part[1:]
                    for pos, part in enumerate(parts)
                )
            )
    return " ".join(styled)


def passport_spelling(latin: str, rng: random.Random) -> str:
    """Rewrite a Latin name in another romanisation system, as another passport would.

    Applies one to three rules such as j ↔ dzh/dj, kh ↔ h/x, q → k, u → ou,
    Muhammad → Mukhammad/Mohammed, -ullah → -ulla/-ullo, -uddin → -iddin, Abdul X ↔ Abdulx.
    Returns the input unchanged only when no rule applies.

    Example::

        >>> passport_spelling("Jumakhon Halimov", random.Random(1)) != "Jumakhon Halimov"
        True
    """
    plain = _strip_marks(latin)
    lower = " ".join(plain.lower().split())
    rules = [r for r in _COMPILED_RULES if r[0].search(lower)]
    if _ONCE_RULE[0].search(lower):
        rules.append(_ONCE_RULE)
    rng.shuffle(rules)
    wanted = rng.choice((1, 1, 2, 3))
    result = lower
    applied = 0
    for rule in rules:
        changed = " ".join(_apply_rule(result, rule, rng).split())
        if changed != result and changed:
            result = changed
            applied += 1
            if applied >= wanted:
                break
    if result == lower:
        return latin
    return _tokens_style(latin, result)


# --- typing errors and structure changes -----------------------------------------------------

_LATIN = "abcdefghijklmnopqrstuvwxyz"
_CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюя"
_ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _alphabet(ch: str) -> str:
    low = ch.lower()
    if low in _CYRILLIC or "\u0400" <= low <= "\u04ff":
        return _CYRILLIC
    if "\u0600" <= low <= "\u06ff":
        return _ARABIC
    return _LATIN


def _with_case(letter: str, like: str) -> str:
    return letter.upper() if like.isupper() else letter


def _edit(token: str, rng: random.Random) -> str:
    positions = [i for i, ch in enumerate(token) if ch.isalpha()]
    op = rng.choice(("substitute", "delete", "insert", "transpose"))
    pos = rng.choice(positions)
    alphabet = _alphabet(token[pos])
    if op == "substitute":
        letter = rng.choice([c for c in alphabet if c != token[pos].lower()])
        return token[:pos] + _with_case(letter, token[pos]) + token[pos + 1 :]
    if op == "delete":
        return token[:pos] + token[pos + 1 :]
    if op == "insert":
        letter = _with_case(rng.choice(alphabet), token[pos])
        return token[:pos] + letter + token[pos:]
    pairs = [i for i in positions if i + 1 < len(token) and token[i + 1].isalpha()]
    if not pairs:
        return token
    i = rng.choice(pairs)
    return token[:i] + token[i + 1] + token[i] + token[i + 2 :]


def typo(text: str, rng: random.Random) -> str:
    """Make one typing error (substitution, deletion, insertion or transposition) inside one
    token of three letters or more, in that token's own script. Short names are returned as is.

    Example::

        >>> out = typo("Jumakhon Halimov", random.Random(3))
        >>> out != "Jumakhon Halimov" and len(out.split()) == 2
        True
    """
    tokens = text.split()
    eligible = [i for i, t in enumerate(tokens) if sum(ch.isalpha() for ch in t) >= 3]
    if not eligible:
        return text
    for _ in range(20):
        index = rng.choice(eligible)
        edited = _edit(tokens[index], rng)
        if edited != tokens[index]:
            return " ".join([*tokens[:index], edited, *tokens[index + 1 :]])
    return text


def swap_tokens(text: str, rng: random.Random) -> str:
    """Change the token order: surname first ("HALIMOV Jumakhon"), or two tokens swapped.

    Example::

        >>> swap_tokens("Jumakhon Halimov", random.Random(0)).lower()
        'halimov jumakhon'
    """
    tokens = text.split()
    if len(tokens) < 2 or len(set(tokens)) < 2:
        return text
    if len(tokens) == 2 or rng.random() < 0.6:
        out = [tokens[-1], *tokens[:-1]]
        if rng.random() < 0.5:
            out[0] = out[0].upper()
    else:
        i, j = rng.sample(range(len(tokens)), 2)
        out = list(tokens)
        out[i], out[j] = out[j], out[i]
    if out == tokens:
        out = [tokens[-1], *tokens[:-1]]
    return " ".join(out)


def drop_middle(text: str, rng: random.Random) -> str:
    """Drop one middle token of a name of three tokens or more (a father's name, a second
    given name); shorter names are returned as is.

    Example::

        >>> drop_middle("Khalid Omar al-Tamimi", random.Random(0))
        'Khalid al-Tamimi'
    """
    tokens = text.split()
    if len(tokens) < 3:
        return text
    index = rng.randrange(1, len(tokens) - 1)
    return " ".join(tokens[:index] + tokens[index + 1 :])
