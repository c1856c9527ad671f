"""The planner's week kept with each program version, and late entries marked as late.

A program version keeps the week the planner made (which weekdays hold session A or B, which are
rest days, and which session each activity sits in), so the patient's Today page shows today's
session instead of every exercise with a weekly count. Versions saved before have no week (null)
and Today shows every activity, as before.

A session log or diary entry dated before the day it was recorded is "late": the column says so,
so a clinician reading the record knows it was filled in after the fact (docs/check-in.md).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('program_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'week', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True))
    for table in ('session_logs', 'diary_entries'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('late', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    for table in ('diary_entries', 'session_logs'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('late')
    with op.batch_alter_table('program_versions', schema=None) as batch_op:
        batch_op.drop_column('week')
