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

from openfiu.names.parts import is_title
from openfiu.synth.cyrillic import (
    cyrillic_to_latin,
    strip_marks,
    to_russian_cyrillic,
    to_tajik_cyrillic,
)

__all__ = [
    "cyrillic_to_latin",
    "drop_middle",
    "passport_spelling",
    "swap_tokens",
    "to_russian_cyrillic",
    "to_tajik_cyrillic",
    "typo",
]

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
    plain = strip_marks(latin)
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
    """Change the token order: surname first ("HALIMOV Jumakhon"), or two names swapped.

    The halves of a compound name (Abdel Hamid, Abu Bakr, Noor ud Din, Abd El Illah) move
    together: a user who writes the surname first does not split their given name. The
    random draws are the same as for single tokens (one draw over the token positions), so
    the perturbations that follow see the same random stream; a name that is one compound
    only is returned as is.

    Example::

        >>> swap_tokens("Jumakhon Halimov", random.Random(0)).lower()
        'halimov jumakhon'
        >>> swap_tokens("Abdel Hamid Mahmoud", random.Random(0))
        'Mahmoud Abdel Hamid'
        >>> swap_tokens("Abd El Illah", random.Random(0))
        'Abd El Illah'
    """
    tokens = text.split()
    if len(tokens) < 2 or len(set(tokens)) < 2:
        return text
    units = _compound_units(tokens)
    unit_of = [k for k, unit in enumerate(units) for _ in unit]
    if len(tokens) == 2 or rng.random() < 0.6:
        out = [units[-1], *units[:-1]]
        if rng.random() < 0.5:
            out[0] = [token.upper() for token in out[0]]
    else:
        i, j = rng.sample(range(len(tokens)), 2)
        out = list(units)
        a, b = unit_of[i], unit_of[j]
        out[a], out[b] = out[b], out[a]
    if len(units) < 2:  # after the draws, which must not depend on the compounds
        return text
    if out == units:
        out = [units[-1], *units[:-1]]
    return " ".join(token for unit in out for token in unit)


def _compound_units(tokens: list[str]) -> list[list[str]]:
    """The tokens grouped into names: a token bound to the next (Abd, Abu, al, bin) or to
    the previous one (ud-Din, Ullah) stays with it, and so does an article before such a
    token (Noor ud Din, Abd al Lah)."""
    units: list[list[str]] = []
    bound_next = False
    bare_tokens = [_bare(t) for t in tokens]
    for k, (token, bare) in enumerate(zip(tokens, bare_tokens, strict=True)):
        nxt = bare_tokens[k + 1] if k + 1 < len(tokens) else ""
        to_previous = bare in _BOUND_TO_PREVIOUS or (
            bare in _ARTICLES and nxt in _BOUND_TO_PREVIOUS
        )
        if units and (bound_next or to_previous):
            units[-1].append(token)
        else:
            units.append([token])
        bound_next = bare in _BOUND_TO_NEXT
    return units


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_BOUND_TO_NEXT = _words(
    "abd abdel abdul abdal abdol abdu abu abou bin ibn ben bint ould walad "
    "al el ul ud ad ed ar as ash at az"
)
"""Tokens that make one name with the token after them (Abdel Hamid, Abu Bakr, ud Din)."""
_BOUND_TO_PREVIOUS = _words("din deen dine uddin uddeen allah ullah ulla")
"""Tokens that make one name with the token before them (Noor ud Din, Abd Allah)."""
_ARTICLES = _words("al el ul ud ad ed ar as ash at az")
"""Articles: bound to the next token, and with it to the one before (Noor ud Din)."""


def _bare(token: str) -> str:
    return re.sub(r"[^a-z]", "", token.lower())


def _droppable(tokens: list[str], index: int) -> bool:
    """A middle token whose removal leaves the other names whole: a name (not a title), not
    half of a compound (Abdel Hamid, Noor ud Din, Bashir Uddin), not the last name among
    titles."""
    here = _bare(tokens[index])
    before, after = _bare(tokens[index - 1]), _bare(tokens[index + 1])
    if here in _BOUND_TO_NEXT or here in _BOUND_TO_PREVIOUS or is_title(here, "latin"):
        return False
    if before in _BOUND_TO_NEXT or after in _BOUND_TO_PREVIOUS:
        return False
    rest = [_bare(t) for k, t in enumerate(tokens) if k != index]
    return sum(1 for t in rest if t and not is_title(t, "latin")) >= 2


def drop_middle(text: str, rng: random.Random) -> str:
    """Drop one middle name of a name of three tokens or more (a father's name, a second
    given name); shorter names, and names whose middle tokens are all halves of compound
    names (Abdel Hamid, Noor ud Din: dropping half changes the name) or would leave only
    titles, are returned as is.

    The random draw is the same whichever token is dropped (the next droppable one after
    the drawn position), so the perturbations that follow see the same random stream.

    Example::

        >>> drop_middle("Khalid Omar al-Tamimi", random.Random(0))
        'Khalid al-Tamimi'
        >>> drop_middle("Col Abdel Hamid Mahmoud", random.Random(0))
        'Col Abdel Hamid Mahmoud'
    """
    tokens = text.split()
    if len(tokens) < 3:
        return text
    drawn = rng.randrange(1, len(tokens) - 1)
    middle = list(range(1, len(tokens) - 1))
    start = middle.index(drawn)
    for index in middle[start:] + middle[:start]:
        if _droppable(tokens, index):
            return " ".join(tokens[:index] + tokens[index + 1 :])
    return text
