"""Indexes for the history lists paged or bounded in issue 15 §7 (second round).

The patient's changes within the agreed bounds and the behavioural experiments are paged newest
first (``patient_id = ?`` and the list's sort keys, ending with the unique id); a check-in reads
the red-flag screenings only from the latest clinician's on. Each becomes one index range. The
experiments' old index (patient, date) is a prefix of the new one, so it goes.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

NEW = {
    "self_adjustments": ("ix_self_adjustments_patient_newest", ["patient_id", "date", "recorded_at", "id"]),
    "behavioural_experiments": ("ix_behavioural_experiments_patient_newest", ["patient_id", "date", "recorded_at", "id"]),
    "screenings": ("ix_screenings_patient_kind_taken", ["patient_id", "kind", "taken_on", "created_at"]),
}
REPLACED = {
    "behavioural_experiments": ("ix_behavioural_experiments_patient_date", ["patient_id", "date"]),
}


def upgrade() -> None:
    for table, (name, columns) in NEW.items():
        op.create_index(name, table, columns, unique=False)
    for table, (name, _) in REPLACED.items():
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for table, (name, columns) in REPLACED.items():
        op.create_index(name, table, columns, unique=False)
    for table, (name, _) in NEW.items():
        op.drop_index(name, table_name=table)
