"""Decisions can be withdrawn by their proposer: status ``withdrawn``.

The status check of ``decisions`` gains ``withdrawn`` (a proposal its proposer took back
before review: no reviewer, ``decided_at`` set). SQLite cannot change a check constraint in
place, so the table is rebuilt there (Alembic's batch mode copies the rows); PostgreSQL
swaps the constraint. Downgrading turns withdrawn decisions into rejected ones without a
reviewer, which the earlier schema accepts.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

OLD = "status IN ('proposed', 'approved', 'rejected')"
NEW = "status IN ('proposed', 'approved', 'rejected', 'withdrawn')"


def _swap(check: str) -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_constraint(op.f("ck_decisions_status"), type_="check")
        batch.create_check_constraint(op.f("ck_decisions_status"), check)


def upgrade() -> None:
    _swap(NEW)


def downgrade() -> None:
    op.execute("UPDATE decisions SET status = 'rejected' WHERE status = 'withdrawn'")
    _swap(OLD)
