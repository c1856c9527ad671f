"""Re-baselines a clinician confirmed (the anchored personal baseline, clinical reference §7.2 step 5).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('baseline_anchors',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('first', sa.Date(), nullable=False),
    sa.Column('last', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('confirmed_on', sa.Date(), nullable=False),
    sa.Column('recorded_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_baseline_anchors_patient_id_patients')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_baseline_anchors_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_baseline_anchors'))
    )
    with op.batch_alter_table('baseline_anchors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_baseline_anchors_patient_id'), ['patient_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('baseline_anchors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_baseline_anchors_patient_id'))
    op.drop_table('baseline_anchors')
