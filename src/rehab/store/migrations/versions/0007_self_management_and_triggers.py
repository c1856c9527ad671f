"""Self-management within bounds on the server, and triggers in the diary.

The bounds a clinician agrees with a patient for an activity (``agreed_bounds``, only ever added)
and the changes the patient made within them (``self_adjustments``, keyed by (patient, id) like a
session log); the check-in reads both. A diary entry gains ``tags``: the triggers the patient
marked that day (activity, stress, weather, work), which the diary insights look at.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

Document = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    op.create_table('agreed_bounds',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('activity_id', sa.String(length=100), nullable=False),
    sa.Column('bounds', Document, nullable=False),
    sa.Column('set_by', sa.Uuid(), nullable=False),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_agreed_bounds_patient_id_patients')),
    sa.ForeignKeyConstraint(['set_by'], ['users.id'], name=op.f('fk_agreed_bounds_set_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreed_bounds'))
    )
    with op.batch_alter_table('agreed_bounds', schema=None) as batch_op:
        batch_op.create_index('ix_agreed_bounds_patient_activity', ['patient_id', 'activity_id', 'set_at'], unique=False)
    op.create_table('self_adjustments',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('activity_id', sa.String(length=100), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('dose', Document, nullable=True),
    sa.Column('moved_to', sa.Date(), nullable=True),
    sa.Column('alternative', sa.String(length=100), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('bound', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Uuid(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_self_adjustments_patient_id_patients')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_self_adjustments_recorded_by_users')),
    sa.PrimaryKeyConstraint('patient_id', 'id', name=op.f('pk_self_adjustments'))
    )
    with op.batch_alter_table('self_adjustments', schema=None) as batch_op:
        batch_op.create_index('ix_self_adjustments_patient_activity_date', ['patient_id', 'activity_id', 'date'],
                              unique=False)
    with op.batch_alter_table('diary_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tags', Document, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('diary_entries', schema=None) as batch_op:
        batch_op.drop_column('tags')
    with op.batch_alter_table('self_adjustments', schema=None) as batch_op:
        batch_op.drop_index('ix_self_adjustments_patient_activity_date')
    op.drop_table('self_adjustments')
    with op.batch_alter_table('agreed_bounds', schema=None) as batch_op:
        batch_op.drop_index('ix_agreed_bounds_patient_activity')
    op.drop_table('agreed_bounds')
