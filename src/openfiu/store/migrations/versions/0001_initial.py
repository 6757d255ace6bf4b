"""Initial schema: lists, screening, alerts, cases, users and roles, the audit log.

Also makes the triggers that keep the audit log append-only (SQLite and PostgreSQL), puts
in the five roles and the audit chain's head row.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

TIMESTAMP = sa.DateTime(timezone=True)
GENESIS_HASH = "0" * 64

ROLES = [
    {
        "name": "analyst",
        "description": "Searches, works on the cases granted to them, proposes decisions.",
    },
    {"name": "reviewer", "description": "Approves or rejects decisions proposed by someone else."},
    {
        "name": "supervisor",
        "description": "Grants analysts and reviewers access to cases (need-to-know).",
    },
    {"name": "auditor", "description": "Reads the audit log; cannot change cases or data."},
    {"name": "admin", "description": "Manages users and roles; does not see case content."},
]

SQLITE_TRIGGERS = [
    """CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END""",
    """CREATE TRIGGER audit_details_no_update BEFORE UPDATE ON audit_details
    BEGIN SELECT RAISE(ABORT, 'audit_details is append-only: UPDATE refused'); END""",
]

POSTGRESQL_TRIGGERS = [
    """CREATE FUNCTION openfiu_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END
    $$""",
    """CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION openfiu_audit_refuse()""",
    """CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION openfiu_audit_refuse()""",
    """CREATE TRIGGER audit_details_no_update BEFORE UPDATE ON audit_details
    FOR EACH ROW EXECUTE FUNCTION openfiu_audit_refuse()""",
    """CREATE TRIGGER audit_details_no_truncate BEFORE TRUNCATE ON audit_details
    FOR EACH STATEMENT EXECUTE FUNCTION openfiu_audit_refuse()""",
]

TABLES = [
    "case_links",
    "screening_matches",
    "notes",
    "decisions",
    "case_grants",
    "attachments",
    "user_roles",
    "screening_runs",
    "entities",
    "cases",
    "audit_details",
    "alerts",
    "users",
    "roles",
    "list_versions",
    "audit_head",
    "audit_events",
]


def upgrade() -> None:
    _create_tables()
    roles = sa.table("roles", sa.column("name", sa.String), sa.column("description", sa.Text))
    op.bulk_insert(roles, ROLES)
    head = sa.table(
        "audit_head",
        sa.column("id", sa.Integer),
        sa.column("seq", sa.Integer),
        sa.column("hash", sa.String),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS_HASH}])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        statements = SQLITE_TRIGGERS
    elif dialect == "postgresql":
        statements = POSTGRESQL_TRIGGERS
    else:  # pragma: no cover - only the two supported databases
        raise RuntimeError(f"openfiu supports SQLite and PostgreSQL, not {dialect}")
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION openfiu_audit_refuse() CASCADE")
    for table in TABLES:
        op.drop_table(table)


# fmt: off
def _create_tables() -> None:
    """The tables, as Alembic rendered them from the models (checked by a test)."""
    op.create_table('audit_events',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', TIMESTAMP, nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target_type', sa.String(length=64), nullable=False),
    sa.Column('target_id', sa.String(length=128), nullable=False),
    sa.Column('justification', sa.Text(), nullable=True),
    sa.Column('details_hash', sa.String(length=64), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_events')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_events_hash'))
    )
    op.create_index(op.f('ix_audit_events_action'), 'audit_events', ['action'], unique=False)
    op.create_index(op.f('ix_audit_events_actor'), 'audit_events', ['actor'], unique=False)
    op.create_index(op.f('ix_audit_events_at'), 'audit_events', ['at'], unique=False)
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_audit_head_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('list_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('format', sa.String(length=32), nullable=False),
    sa.Column('path', sa.String(length=1024), nullable=False),
    sa.Column('loaded_at', TIMESTAMP, nullable=False),
    sa.Column('entity_count', sa.Integer(), nullable=False),
    sa.Column('issue_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_list_versions')),
    sa.UniqueConstraint('source', 'sha256', name=op.f('uq_list_versions_source_sha256'))
    )
    op.create_table('roles',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_roles'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=128), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('display_name', sa.String(length=256), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', TIMESTAMP, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.String(length=128), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('typology', sa.String(length=64), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('accounts', sa.JSON(), nullable=False),
    sa.Column('transactions', sa.JSON(), nullable=False),
    sa.Column('window_start', TIMESTAMP, nullable=True),
    sa.Column('window_end', TIMESTAMP, nullable=True),
    sa.Column('amount_base', sa.Float(), nullable=True),
    sa.Column('values', sa.JSON(), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', TIMESTAMP, nullable=False),
    sa.Column('triaged_by', sa.Integer(), nullable=True),
    sa.Column('triaged_at', TIMESTAMP, nullable=True),
    sa.CheckConstraint("status IN ('new', 'false_positive', 'escalated', 'closed')", name=op.f('ck_alerts_status')),
    sa.ForeignKeyConstraint(['triaged_by'], ['users.id'], name=op.f('fk_alerts_triaged_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alerts')),
    sa.UniqueConstraint('alert_id', name=op.f('uq_alerts_alert_id'))
    )
    op.create_index(op.f('ix_alerts_rule'), 'alerts', ['rule'], unique=False)
    op.create_index(op.f('ix_alerts_status'), 'alerts', ['status'], unique=False)
    op.create_table('audit_details',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['seq'], ['audit_events.seq'], name=op.f('fk_audit_details_seq_audit_events')),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_details'))
    )
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=512), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', TIMESTAMP, nullable=False),
    sa.Column('closed_at', TIMESTAMP, nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_cases_created_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('reference', name=op.f('uq_cases_reference'))
    )
    op.create_index(op.f('ix_cases_status'), 'cases', ['status'], unique=False)
    op.create_table('entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_version_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.String(length=128), nullable=False),
    sa.Column('reference', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('primary_name', sa.String(length=512), nullable=False),
    sa.Column('list_type', sa.String(length=128), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['list_version_id'], ['list_versions.id'], name=op.f('fk_entities_list_version_id_list_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entities')),
    sa.UniqueConstraint('list_version_id', 'reference', name=op.f('uq_entities_list_version_id_reference'))
    )
    op.create_index(op.f('ix_entities_entity_id'), 'entities', ['entity_id'], unique=False)
    op.create_index('ix_entities_primary_name', 'entities', ['primary_name'], unique=False)
    op.create_table('screening_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('started_at', TIMESTAMP, nullable=False),
    sa.Column('finished_at', TIMESTAMP, nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('parameters', sa.JSON(), nullable=False),
    sa.Column('list_version_id', sa.Integer(), nullable=True),
    sa.Column('record_count', sa.Integer(), nullable=False),
    sa.Column('match_count', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('running', 'complete', 'failed')", name=op.f('ck_screening_runs_status')),
    sa.ForeignKeyConstraint(['list_version_id'], ['list_versions.id'], name=op.f('fk_screening_runs_list_version_id_list_versions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_runs'))
    )
    op.create_index(op.f('ix_screening_runs_started_at'), 'screening_runs', ['started_at'], unique=False)
    op.create_table('user_roles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role_name', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['role_name'], ['roles.name'], name=op.f('fk_user_roles_role_name_roles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role_name', name=op.f('pk_user_roles'))
    )
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=512), nullable=False),
    sa.Column('media_type', sa.String(length=128), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('path', sa.String(length=1024), nullable=True),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', TIMESTAMP, nullable=False),
    sa.CheckConstraint('(content IS NULL) <> (path IS NULL)', name=op.f('ck_attachments_content_or_path')),
    sa.CheckConstraint('size >= 0', name=op.f('ck_attachments_size')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_attachments_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], name=op.f('fk_attachments_uploaded_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    op.create_index(op.f('ix_attachments_case_id'), 'attachments', ['case_id'], unique=False)
    op.create_table('case_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('granted_by', sa.Integer(), nullable=True),
    sa.Column('granted_at', TIMESTAMP, nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_grants_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['granted_by'], ['users.id'], name=op.f('fk_case_grants_granted_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_case_grants_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_grants')),
    sa.UniqueConstraint('case_id', 'user_id', name=op.f('uq_case_grants_case_id_user_id'))
    )
    op.create_index(op.f('ix_case_grants_user_id'), 'case_grants', ['user_id'], unique=False)
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('proposed_by', sa.Integer(), nullable=False),
    sa.Column('proposed_at', TIMESTAMP, nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', TIMESTAMP, nullable=True),
    sa.Column('review_reasons', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("(status = 'proposed') = (approved_by IS NULL AND decided_at IS NULL)", name=op.f('ck_decisions_reviewed')),
    sa.CheckConstraint("kind IN ('confirm_match', 'freeze', 'file_str', 'disseminate', 'close')", name=op.f('ck_decisions_kind')),
    sa.CheckConstraint("status IN ('proposed', 'approved', 'rejected')", name=op.f('ck_decisions_status')),
    sa.CheckConstraint('approved_by IS NULL OR approved_by <> proposed_by', name=op.f('ck_decisions_four_eyes')),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_decisions_approved_by_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_decisions_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by'], ['users.id'], name=op.f('fk_decisions_proposed_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    op.create_index(op.f('ix_decisions_case_id'), 'decisions', ['case_id'], unique=False)
    op.create_table('notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', TIMESTAMP, nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_notes_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notes'))
    )
    op.create_index(op.f('ix_notes_case_id'), 'notes', ['case_id'], unique=False)
    op.create_table('screening_matches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.String(length=256), nullable=True),
    sa.Column('query', sa.JSON(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('name_score', sa.Float(), nullable=False),
    sa.Column('reference', sa.String(length=128), nullable=False),
    sa.Column('entity_id', sa.String(length=128), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('list_type', sa.String(length=128), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('primary_name', sa.String(length=512), nullable=False),
    sa.Column('matched_name', sa.String(length=512), nullable=False),
    sa.Column('query_name', sa.String(length=512), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('features', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.CheckConstraint("status IN ('new', 'false_positive', 'escalated')", name=op.f('ck_screening_matches_status')),
    sa.ForeignKeyConstraint(['run_id'], ['screening_runs.id'], name=op.f('fk_screening_matches_run_id_screening_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_matches'))
    )
    op.create_index(op.f('ix_screening_matches_reference'), 'screening_matches', ['reference'], unique=False)
    op.create_index(op.f('ix_screening_matches_run_id'), 'screening_matches', ['run_id'], unique=False)
    op.create_table('case_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('target', sa.String(length=256), nullable=False),
    sa.Column('label', sa.String(length=512), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=True),
    sa.Column('match_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('added_by', sa.Integer(), nullable=True),
    sa.Column('added_at', TIMESTAMP, nullable=False),
    sa.CheckConstraint("kind <> 'alert' OR alert_id IS NOT NULL", name=op.f('ck_case_links_alert_row')),
    sa.CheckConstraint("kind <> 'match' OR match_id IS NOT NULL", name=op.f('ck_case_links_match_row')),
    sa.CheckConstraint("kind IN ('alert', 'match', 'subject', 'account', 'transaction')", name=op.f('ck_case_links_kind')),
    sa.ForeignKeyConstraint(['added_by'], ['users.id'], name=op.f('fk_case_links_added_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['alert_id'], ['alerts.id'], name=op.f('fk_case_links_alert_id_alerts')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_links_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['match_id'], ['screening_matches.id'], name=op.f('fk_case_links_match_id_screening_matches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_links')),
    sa.UniqueConstraint('case_id', 'kind', 'target', name=op.f('uq_case_links_case_id_kind_target'))
    )
    op.create_index(op.f('ix_case_links_alert_id'), 'case_links', ['alert_id'], unique=False)
    op.create_index(op.f('ix_case_links_case_id'), 'case_links', ['case_id'], unique=False)
    op.create_index(op.f('ix_case_links_match_id'), 'case_links', ['match_id'], unique=False)
# fmt: on
