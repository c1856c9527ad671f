"""A session logged while new neurological signs during a flare stop exercise is kept, set aside (hazard H44).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('session_logs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('set_aside', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('session_logs', schema=None) as batch_op:
        batch_op.drop_column('set_aside')
