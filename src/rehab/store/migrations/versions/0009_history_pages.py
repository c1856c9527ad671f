"""Indexes in the order the history lists are paged, newest first (issue 15 §7).

A page of a patient's diary, sessions, decisions, assessments or audit trail is read as one index
range: ``patient_id = ?`` and the list's sort keys, ending with the unique id so the order is
total. The diary's and the audit log's old indexes were prefixes of the new ones, so they go.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

NEW = {
    "diary_entries": ("ix_diary_entries_patient_newest", ["patient_id", "date", "recorded_at", "id"]),
    "session_logs": ("ix_session_logs_patient_newest", ["patient_id", "date", "recorded_at", "id"]),
    "decisions": ("ix_decisions_patient_newest", ["patient_id", "date", "decided_at", "id"]),
    "assessments": ("ix_assessments_patient_newest", ["patient_id", "taken_on", "created_at", "id"]),
    "audit_log": ("ix_audit_log_patient_newest", ["patient_id", "at", "id"]),
}
REPLACED = {
    "diary_entries": ("ix_diary_entries_patient_date", ["patient_id", "date"]),
    "audit_log": ("ix_audit_log_patient_at", ["patient_id", "at"]),
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
