"""Login throttles and known devices; one override per decision; no truncating the audit log.

- ``login_throttles``: one counter per account and address, address, account from unknown devices
  and known device, counted under a row lock (issue 15 §2-3).
- ``known_devices``: browsers and phones that logged in before (their cookie's hash).
- ``overrides.decision_id`` becomes unique. Before it, concurrent overrides of one decision on
  PostgreSQL could all be stored; the first stored (earliest, then lowest id) is kept and later
  copies are removed, so the index can be built.
- PostgreSQL: ``TRUNCATE audit_log`` is refused like UPDATE and DELETE. SQLite has no TRUNCATE (its
  DELETE without WHERE is refused by the first migration's trigger).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_throttles',
    sa.Column('key', sa.String(length=400), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('wait_until', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttles'))
    )
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttles_wait_until'), ['wait_until'], unique=False)
    op.create_table('known_devices',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_known_devices_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_known_devices')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_known_devices_token_hash'))
    )
    with op.batch_alter_table('known_devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_known_devices_user_id'), ['user_id'], unique=False)

    op.execute(
        "DELETE FROM overrides WHERE EXISTS (SELECT 1 FROM overrides AS first "
        "WHERE first.decision_id = overrides.decision_id AND (first.created_at < overrides.created_at "
        "OR (first.created_at = overrides.created_at AND first.id < overrides.id)))"
    )
    with op.batch_alter_table('overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_overrides_decision_id'))
        batch_op.create_index(batch_op.f('ix_overrides_decision_id'), ['decision_id'], unique=True)

    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
    with op.batch_alter_table('overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_overrides_decision_id'))
        batch_op.create_index(batch_op.f('ix_overrides_decision_id'), ['decision_id'], unique=False)
    with op.batch_alter_table('known_devices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_known_devices_user_id'))
    op.drop_table('known_devices')
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttles_wait_until'))
    op.drop_table('login_throttles')
