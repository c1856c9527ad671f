"""Graded exposure on the server: fear hierarchies with their harm ratings over time, the agreed
safety behaviours, and behavioural experiments (clinical reference §3.3).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def _who(table: str) -> list:
    return [sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f(f'fk_{table}_patient_id_patients')),
            sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f(f'fk_{table}_recorded_by_users'))]


def upgrade() -> None:
    op.create_table('fear_items',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('activity', sa.String(length=300), nullable=False),
    sa.Column('goal', sa.String(length=300), nullable=False),
    sa.Column('library_activity', sa.String(length=100), nullable=True),
    sa.Column('recorded_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    *_who('fear_items'),
    sa.PrimaryKeyConstraint('patient_id', 'id', name=op.f('pk_fear_items'))
    )
    op.create_table('fear_ratings',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.String(length=100), nullable=False),
    sa.Column('harm', sa.Float(), nullable=False),
    sa.Column('rated_on', sa.Date(), nullable=False),
    sa.Column('recorded_by', sa.Uuid(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    *_who('fear_ratings'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fear_ratings'))
    )
    op.create_index('ix_fear_ratings_patient_item', 'fear_ratings', ['patient_id', 'item_id', 'rated_on'], unique=False)
    op.create_table('safety_behaviour_lists',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('behaviours', DOCUMENT, nullable=False),
    sa.Column('recorded_by', sa.Uuid(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    *_who('safety_behaviour_lists'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_behaviour_lists'))
    )
    op.create_index(op.f('ix_safety_behaviour_lists_patient_id'), 'safety_behaviour_lists', ['patient_id'], unique=False)
    op.create_table('behavioural_experiments',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.String(length=100), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('expected', sa.String(length=300), nullable=False),
    sa.Column('belief_before', sa.Float(), nullable=False),
    sa.Column('fear_before', sa.Float(), nullable=True),
    sa.Column('stopped_early', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.String(length=300), nullable=True),
    sa.Column('feared_outcome_happened', sa.Boolean(), nullable=True),
    sa.Column('belief_after', sa.Float(), nullable=True),
    sa.Column('safety_behaviours', DOCUMENT, nullable=False),
    sa.Column('pain_during', sa.Float(), nullable=True),
    sa.Column('recorded_by', sa.Uuid(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    *_who('behavioural_experiments'),
    sa.PrimaryKeyConstraint('patient_id', 'id', name=op.f('pk_behavioural_experiments'))
    )
    op.create_index('ix_behavioural_experiments_patient_date', 'behavioural_experiments', ['patient_id', 'date'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_behavioural_experiments_patient_date', table_name='behavioural_experiments')
    op.drop_table('behavioural_experiments')
    op.drop_index(op.f('ix_safety_behaviour_lists_patient_id'), table_name='safety_behaviour_lists')
    op.drop_table('safety_behaviour_lists')
    op.drop_index('ix_fear_ratings_patient_item', table_name='fear_ratings')
    op.drop_table('fear_ratings')
    op.drop_table('fear_items')
