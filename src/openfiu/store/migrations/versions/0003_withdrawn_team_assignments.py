"""Withdrawn decisions, and work assigned to a team.

* ``decisions``: the status check gains ``withdrawn`` (a proposal its proposer took back
  before review: no reviewer, ``decided_at`` set).
* ``work_assignments``: an item or a case is assigned to a user *or* a team. The new
  column ``assignee_team`` (a team's name, indexed) joins ``assignee_id``, which may now
  be empty; the check ``one_assignee`` wants exactly one of the two.

SQLite cannot change a check constraint or a column's nullability in place, so both
tables are rebuilt there (Alembic's batch mode copies the rows); PostgreSQL alters them.
Downgrading turns withdrawn decisions into rejected ones without a reviewer, which the
earlier schema accepts, and deletes the assignments to teams, which it cannot hold (the
items and cases are then assigned to nobody).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

OLD = "status IN ('proposed', 'approved', 'rejected')"
NEW = "status IN ('proposed', 'approved', 'rejected', 'withdrawn')"
ONE_ASSIGNEE = (
    "(CASE WHEN assignee_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN assignee_team IS NULL THEN 0 ELSE 1 END) = 1"
)


def _swap(check: str) -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_constraint(op.f("ck_decisions_status"), type_="check")
        batch.create_check_constraint(op.f("ck_decisions_status"), check)


def upgrade() -> None:
    _swap(NEW)
    with op.batch_alter_table("work_assignments") as batch:
        batch.add_column(sa.Column("assignee_team", sa.String(length=64), nullable=True))
        batch.alter_column("assignee_id", existing_type=sa.Integer(), nullable=True)
        batch.create_check_constraint(op.f("ck_work_assignments_one_assignee"), ONE_ASSIGNEE)
        batch.create_index(
            op.f("ix_work_assignments_assignee_team"), ["assignee_team"], unique=False
        )


def downgrade() -> None:
    op.execute("DELETE FROM work_assignments WHERE assignee_team IS NOT NULL")
    with op.batch_alter_table("work_assignments") as batch:
        batch.drop_index(op.f("ix_work_assignments_assignee_team"))
        batch.drop_constraint(op.f("ck_work_assignments_one_assignee"), type_="check")
        batch.alter_column("assignee_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("assignee_team")
    op.execute("UPDATE decisions SET status = 'rejected' WHERE status = 'withdrawn'")
    _swap(OLD)
