"""Cutting a rule's WITH query into stages (for engines that inline CTEs)."""

from __future__ import annotations

import pytest

from openfiu.monitoring.rules import DIALECTS, RULES_BY_NAME, RuleError
from openfiu.monitoring.rules.stages import split_ctes, staged

SPARK = DIALECTS["spark"]


def test_split_reads_nested_parentheses_and_quoted_ones() -> None:
    sql = """WITH a AS (SELECT COUNT(*) AS n FROM (SELECT 1) s WHERE 'x)' <> ')'),
    b AS (SELECT n FROM a), c AS (SELECT * FROM a JOIN b ON TRUE)
    SELECT * FROM c"""
    ctes, final = split_ctes(sql)
    assert [name for name, _ in ctes] == ["a", "b", "c"]
    assert ctes[0][1] == "SELECT COUNT(*) AS n FROM (SELECT 1) s WHERE 'x)' <> ')'"
    assert final == "SELECT * FROM c"
    assert split_ctes("SELECT 1") == ([], "SELECT 1")


def test_split_names_what_it_cannot_read() -> None:
    with pytest.raises(RuleError, match="unbalanced"):
        split_ctes("WITH a AS (SELECT (1) SELECT 1")
    with pytest.raises(RuleError, match="cannot read the CTE"):
        split_ctes("WITH 1a AS (SELECT 1) SELECT 1")


def test_steps_read_twice_are_cached_the_others_are_views_and_all_are_dropped() -> None:
    sql = "WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a), c AS (SELECT x FROM a) " + (
        "SELECT * FROM b JOIN c USING (x)"
    )
    steps = list(staged(sql, SPARK))
    assert [kind for kind, _ in steps] == ["stage", "stage", "stage", "query", "cleanup"]
    assert steps[0][1][-1] == "CACHE LAZY TABLE a AS SELECT 1 AS x"
    assert steps[1][1][-1] == "CREATE TEMPORARY VIEW b AS SELECT x FROM a"
    assert steps[3][1] == ["SELECT * FROM b JOIN c USING (x)"]
    assert "DROP VIEW IF EXISTS a" in steps[4][1]
    assert steps[4][1][-1] == "DROP VIEW IF EXISTS a"


def test_every_rule_is_staged_and_splits_into_its_steps() -> None:
    assert all(rule.staged for rule in RULES_BY_NAME.values())
    for rule in RULES_BY_NAME.values():
        ctes, final = split_ctes(rule.render(SPARK))
        assert final.startswith("SELECT account"), rule.name
        names = [name for name, _ in ctes]
        if rule.family == "network" and rule.name != "gather_scatter":
            assert names[0] == "e", rule.name
        else:  # windowed: the candidate rows, read by both grids and the final join
            assert names[-1] == "alerts" and "cand" in names, rule.name
            kept = {
                s.split()[3]
                for kind, steps in staged(rule.render(SPARK), SPARK)
                if kind == "stage"
                for s in steps
                if s.startswith("CACHE")
            }
            assert "cand" in kept, rule.name


def test_spark_counts_distinct_values_with_a_set_duckdb_with_count_distinct() -> None:
    from openfiu.monitoring.rules import DIALECTS as ALL

    sql = "SELECT COUNT_DISTINCT(CASE WHEN kind = 'in' THEN x END) AS n FROM t"
    assert ALL["duckdb"].expand(sql) == (
        "SELECT COUNT(DISTINCT CASE WHEN kind = 'in' THEN x END) AS n FROM t"
    )
    assert ALL["spark"].expand(sql) == (
        "SELECT size(collect_set(CASE WHEN kind = 'in' THEN x END)) AS n FROM t"
    )
