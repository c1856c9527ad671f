"""The clinician's own cautions stored on the intake, so every later plan leaves them out (issue 13).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

Document = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('patient_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cautions', Document, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('patient_profiles', schema=None) as batch_op:
        batch_op.drop_column('cautions')
