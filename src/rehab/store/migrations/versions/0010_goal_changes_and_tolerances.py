"""Program versions that follow a goal change, and tolerances measured again at a reassessment
(issue 13: "when a goal changes"; "a reassessment can re-baseline the tolerances").

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tolerance_baselines',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('measured_on', sa.Date(), nullable=False),
    sa.Column('tolerances', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_tolerance_baselines_patient_id_patients')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_tolerance_baselines_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tolerance_baselines'))
    )
    with op.batch_alter_table('tolerance_baselines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tolerance_baselines_patient_id'), ['patient_id'], unique=False)
    with op.batch_alter_table('program_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('goal_change_id', sa.Uuid(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_program_versions_goal_change_id'), ['goal_change_id'])
        batch_op.create_foreign_key(batch_op.f('fk_program_versions_goal_change_id_goal_changes'), 'goal_changes',
                                    ['goal_change_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('program_versions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_program_versions_goal_change_id_goal_changes'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_program_versions_goal_change_id'), type_='unique')
        batch_op.drop_column('goal_change_id')
    with op.batch_alter_table('tolerance_baselines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tolerance_baselines_patient_id'))
    op.drop_table('tolerance_baselines')
