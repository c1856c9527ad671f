"""Home and environment safety on the intake; referral steps from the psychosocial screens (issue 13).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

Document = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('patient_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('home', Document, nullable=True))
    op.create_table('referral_steps',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('destination', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('scores', Document, nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('same_day', sa.Boolean(), nullable=False),
    sa.Column('evidence', sa.String(length=400), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('follow_ups', Document, nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_referral_steps_patient_id_patients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_steps')),
    sa.UniqueConstraint('patient_id', 'destination', 'evidence', name=op.f('uq_referral_steps_patient_id'))
    )
    with op.batch_alter_table('referral_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_steps_patient_id'), ['patient_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('referral_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_steps_patient_id'))
    op.drop_table('referral_steps')
    with op.batch_alter_table('patient_profiles', schema=None) as batch_op:
        batch_op.drop_column('home')
