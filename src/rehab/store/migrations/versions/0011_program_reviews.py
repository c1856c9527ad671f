"""Program reviews after a stall, and the program version each one leads to.

A "reformulate" alert (the engine's stall rule, or a second checkpoint without important
improvement) opens a guided review: the barriers found, the goals re-expressed, the change decided
and why. The review is stored, and the new program version names it in ``review_id``
(docs/web.md, "Program review after a stall").

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    op.create_table('program_reviews',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('alert_id', sa.Uuid(), nullable=False),
    sa.Column('decision_id', sa.Uuid(), nullable=True),
    sa.Column('checkpoint_id', sa.Uuid(), nullable=True),
    sa.Column('barriers', DOCUMENT, nullable=False),
    sa.Column('suggested', DOCUMENT, nullable=False),
    sa.Column('goal_ids', DOCUMENT, nullable=False),
    sa.Column('changes', DOCUMENT, nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('patient_words', sa.Text(), nullable=False),
    sa.Column('program_version', sa.Integer(), nullable=False),
    sa.Column('request', DOCUMENT, nullable=False),
    sa.Column('recorded_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_program_reviews_patient_id_patients')),
    sa.ForeignKeyConstraint(['alert_id'], ['alerts.id'], name=op.f('fk_program_reviews_alert_id_alerts')),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_program_reviews_decision_id_decisions')),
    sa.ForeignKeyConstraint(['checkpoint_id'], ['screenings.id'],
                            name=op.f('fk_program_reviews_checkpoint_id_screenings')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_program_reviews_recorded_by_users')),
    sa.PrimaryKeyConstraint('patient_id', 'id', name=op.f('pk_program_reviews')),
    sa.UniqueConstraint('alert_id', name=op.f('uq_program_reviews_alert_id'))
    )
    op.create_index('ix_program_reviews_patient_newest', 'program_reviews', ['patient_id', 'created_at'], unique=False)
    with op.batch_alter_table('program_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_id', sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('program_versions', schema=None) as batch_op:
        batch_op.drop_column('review_id')
    op.drop_index('ix_program_reviews_patient_newest', table_name='program_reviews')
    op.drop_table('program_reviews')
