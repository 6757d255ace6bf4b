"""Screening of people, companies, vessels and wallets against sanctions lists.

Public API::

    from openfiu.screening import Screener
    s = Screener.from_files(["consolidated.xml"])
    ms = s.screen({"name": "…", "birth_date": "1971", "nationality": "IQ", "kind": "person"})
    ms[0].score, ms[0].reference, ms[0].explanation
    batch = s.screen_many(list_of_query_dicts)
"""

from openfiu.screening.match import Match
from openfiu.screening.query import Query, parse_query
from openfiu.screening.screener import DEFAULT_THRESHOLD, Screener

__all__ = ["DEFAULT_THRESHOLD", "Match", "Query", "Screener", "parse_query"]
