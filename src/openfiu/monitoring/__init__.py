"""Transaction monitoring: one transaction schema, typology rules written once, engines
that run them (DuckDB embedded by default, Apache Spark for scale), explained alerts and
a learned score on top of the rules.
"""
