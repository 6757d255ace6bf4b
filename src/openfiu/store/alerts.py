"""Keeping monitoring alerts (``ALERT_SCHEMA`` rows) in the store.

Example::

    import pyarrow.parquet as pq
    with store.transaction() as session:
        added = save_alerts(session, pq.read_table("alerts.parquet").to_pylist())

Alert ids are deterministic (the same rule on the same data gives the same id), so saving
the same alerts again adds nothing and keeps the status analysts gave them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from openfiu.store.models.cases import Alert

ALERT_COLUMNS = (
    "alert_id",
    "rule",
    "typology",
    "score",
    "accounts",
    "transactions",
    "window_start",
    "window_end",
    "amount_base",
    "values",
    "explanation",
)


def alert_row(alert: Mapping[str, Any]) -> dict[str, Any]:
    """The store columns of one alert; ``values`` may be JSON text (as in Parquet) or a dict.

    >>> alert_row({"alert_id": "a1", "rule": "r", "typology": "t", "score": 0.5,
    ...            "accounts": ["A"], "transactions": [], "values": '{"n": 3}',
    ...            "explanation": "3 deposits"})["values"]
    {'n': 3}
    """
    row = {name: alert.get(name) for name in ALERT_COLUMNS}
    values = row["values"]
    if isinstance(values, str):
        row["values"] = json.loads(values) if values else None
    row["accounts"] = list(row["accounts"] or [])
    row["transactions"] = list(row["transactions"] or [])
    return row


def save_alerts(session: Session, alerts: Iterable[Mapping[str, Any]]) -> int:
    """Insert the alerts not stored yet (by ``alert_id``); return how many were added."""
    rows = {}
    for alert in alerts:
        row = alert_row(alert)
        rows[row["alert_id"]] = row
    if not rows:
        return 0
    known: set[str] = set()
    ids = list(rows)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        known.update(session.scalars(select(Alert.alert_id).where(Alert.alert_id.in_(chunk))))
    new = [row for alert_id, row in rows.items() if alert_id not in known]
    if new:
        session.execute(insert(Alert), new)
    return len(new)
