"""Case work: assignments of alerts, matches and cases; teams; need-to-know for a team.

Only new tables (no change to existing ones), so SQLite needs no table rebuild:

* ``work_assignments`` — who an alert, a screening match or a case is assigned to;
* ``team_members`` — the teams each user belongs to;
* ``case_team_grants`` — a case granted to a whole team.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

TIMESTAMP = sa.DateTime(timezone=True)

ONE_ITEM = (
    "(CASE WHEN alert_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN match_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN case_id IS NULL THEN 0 ELSE 1 END) = 1"
)


# fmt: off
def upgrade() -> None:
    """The tables, as Alembic rendered them from the models (checked by a test)."""
    op.create_table('team_members',
    sa.Column('team', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_team_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('team', 'user_id', name=op.f('pk_team_members'))
    )
    op.create_index(op.f('ix_team_members_user_id'), 'team_members', ['user_id'], unique=False)
    op.create_table('case_team_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('team', sa.String(length=64), nullable=False),
    sa.Column('granted_by', sa.Integer(), nullable=True),
    sa.Column('granted_at', TIMESTAMP, nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_team_grants_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['granted_by'], ['users.id'], name=op.f('fk_case_team_grants_granted_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_team_grants')),
    sa.UniqueConstraint('case_id', 'team', name=op.f('uq_case_team_grants_case_id_team'))
    )
    op.create_index(op.f('ix_case_team_grants_case_id'), 'case_team_grants', ['case_id'], unique=False)
    op.create_table('work_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=True),
    sa.Column('match_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by', sa.Integer(), nullable=True),
    sa.Column('assigned_at', TIMESTAMP, nullable=False),
    sa.CheckConstraint(ONE_ITEM, name=op.f('ck_work_assignments_one_item')),
    sa.ForeignKeyConstraint(['alert_id'], ['alerts.id'], name=op.f('fk_work_assignments_alert_id_alerts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assigned_by'], ['users.id'], name=op.f('fk_work_assignments_assigned_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_work_assignments_assignee_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_work_assignments_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['match_id'], ['screening_matches.id'], name=op.f('fk_work_assignments_match_id_screening_matches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_assignments')),
    sa.UniqueConstraint('alert_id', name=op.f('uq_work_assignments_alert_id')),
    sa.UniqueConstraint('case_id', name=op.f('uq_work_assignments_case_id')),
    sa.UniqueConstraint('match_id', name=op.f('uq_work_assignments_match_id'))
    )
    op.create_index(op.f('ix_work_assignments_assignee_id'), 'work_assignments', ['assignee_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_work_assignments_assignee_id'), table_name='work_assignments')
    op.drop_table('work_assignments')
    op.drop_index(op.f('ix_case_team_grants_case_id'), table_name='case_team_grants')
    op.drop_table('case_team_grants')
    op.drop_index(op.f('ix_team_members_user_id'), table_name='team_members')
    op.drop_table('team_members')
# fmt: on
