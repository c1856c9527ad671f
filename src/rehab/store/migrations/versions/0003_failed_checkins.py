"""A patient whose check-in failed: the error, the failures in a row, and when to try again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkin_failures', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('checkin_error', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('checkin_retry_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.drop_column('checkin_retry_at')
        batch_op.drop_column('checkin_error')
        batch_op.drop_column('checkin_failures')
