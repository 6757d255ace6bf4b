"""Synthetic data: invented persons, name variants, lists and customers to screen.

Everything here is deterministic by seed and contains no real person. Example::

    from openfiu.synth import synthetic_entities, synthetic_customers
    listed = list(synthetic_entities(1000, seed=1))
    customers = list(synthetic_customers(10_000, seed=2, listed=listed, hit_rate=0.01))
"""

from openfiu.synth.customers import PLANTED_VARIANTS, name_token_set, synthetic_customers
from openfiu.synth.lists import synthetic_entities, synthetic_un_list, write_un_xml
from openfiu.synth.people import CULTURES, SynthPerson, make_person, synthetic_people
from openfiu.synth.variants import (
    cyrillic_to_latin,
    drop_middle,
    passport_spelling,
    swap_tokens,
    to_russian_cyrillic,
    to_tajik_cyrillic,
    typo,
)

__all__ = [
    "CULTURES",
    "PLANTED_VARIANTS",
    "SynthPerson",
    "cyrillic_to_latin",
    "drop_middle",
    "make_person",
    "name_token_set",
    "passport_spelling",
    "swap_tokens",
    "synthetic_customers",
    "synthetic_entities",
    "synthetic_people",
    "synthetic_un_list",
    "to_russian_cyrillic",
    "to_tajik_cyrillic",
    "typo",
    "write_un_xml",
]
