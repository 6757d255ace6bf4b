"""Names across scripts: normalisation, transliteration, analysis and comparison.

The screening engine builds on this small API (see NAMES.md in the shared docs for the
conventions it implements)::

    >>> from openfiu.names import analyse_name, compare_analysed, compare_names
    >>> compare_names("Jumakhon Khalimov", "Ҷумъахон Ҳалимов") >= 0.9
    True
    >>> a = analyse_name("Gulbuddin Hekmatyar")
    >>> [t.skeleton for t in a.tokens]
    ['klbdn', 'hkmtr']
"""

from openfiu.names.analysis import AnalysedName, NameToken, analyse_name
from openfiu.names.compare import (
    NameComparison,
    TokenPair,
    compare_analysed,
    compare_names,
    explain_names,
    score_analysed,
)
from openfiu.names.normalize import MAX_INPUT_CHARS, Script, normalize_text
from openfiu.names.similarity import token_similarity
from openfiu.names.translit import transliterate

__all__ = [
    "MAX_INPUT_CHARS",
    "AnalysedName",
    "NameComparison",
    "NameToken",
    "Script",
    "TokenPair",
    "analyse_name",
    "compare_analysed",
    "compare_names",
    "explain_names",
    "normalize_text",
    "score_analysed",
    "token_similarity",
    "transliterate",
]
