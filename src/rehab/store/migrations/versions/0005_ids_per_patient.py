"""Ids a client makes are a patient's own, and an e-mail is unique within a clinic.

A diary entry's or a session log's id is made by the phone, so a retry names the same record. It
was unique across the whole service, so a patient who sent another patient's id got "already
used", which told them that id exists. The key is now (patient, id): another patient's ids are
simply free. Likewise a login e-mail was unique across all clinics, so one clinic's admin adding a
user learnt that the address had an account somewhere else (for a patient's address: that the
person is someone's patient). It is now unique within a clinic.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

CLIENT_MADE = ('diary_entries', 'session_logs')


def upgrade() -> None:
    for table in CLIENT_MADE:
        with op.batch_alter_table(table, schema=None, recreate='always') as batch_op:
            batch_op.drop_constraint(f'pk_{table}', type_='primary')
            batch_op.create_primary_key(f'pk_{table}', ['patient_id', 'id'])
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint('uq_users_email', type_='unique')
        batch_op.create_unique_constraint('uq_users_clinic_id', ['clinic_id', 'email'])
        batch_op.create_index('ix_users_email', ['email'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_email')
        batch_op.drop_constraint('uq_users_clinic_id', type_='unique')
        batch_op.create_unique_constraint('uq_users_email', ['email'])
    for table in CLIENT_MADE:
        with op.batch_alter_table(table, schema=None, recreate='always') as batch_op:
            batch_op.drop_constraint(f'pk_{table}', type_='primary')
            batch_op.create_primary_key(f'pk_{table}', ['id'])
