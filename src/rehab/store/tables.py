"""The tables: everything a clinic keeps about its people and their programs.

Records of what happened (session logs, diary entries, decisions, overrides, audit entries) are
only ever added, never changed. Programs are versioned: a change is a new version and the old one
is kept. The few rows that are updated in place (an activity's current dose, a patient's summary
for the caseload) are projections of those records, updated in the same transaction, so a list
of 300 patients is one indexed query rather than a scan of millions of diary rows.

Identifiers are UUIDs made by the application, so a phone can name a diary entry before it is
sent and a retry on a bad connection finds the same record.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# JSONB on PostgreSQL (indexable, compact), JSON text on SQLite.
Document = JSON().with_variant(JSONB(), "postgresql")


class Timestamp(TypeDecorator):
    """A moment in UTC. PostgreSQL keeps the time zone; SQLite does not, so times are stored in UTC
    and given back with it, and every comparison is between aware times."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("timestamps must carry a time zone")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class Clinic(Base):
    __tablename__ = "clinics"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(Timestamp)


class User(Base):
    """Someone who logs in: an ``admin`` or ``clinician`` of a clinic, or a ``patient``."""

    __tablename__ = "users"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinics.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(254), index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp)

    # Unique within a clinic, not across clinics: one clinic must not learn, by adding a user,
    # that an address has an account at another (a person may be a patient of two clinics).
    __table_args__ = (UniqueConstraint("clinic_id", "email"),)


class AccessToken(Base):
    """A login: a bearer token for the API or a page session. Only its hash is kept."""

    __tablename__ = "access_tokens"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    expires_at: Mapped[datetime] = mapped_column(Timestamp)
    revoked_at: Mapped[datetime | None] = mapped_column(Timestamp)


class LoginAttempt(Base):
    """Failed logins, a record for the operator (the counting is in ``login_throttles``)."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(Timestamp, index=True)


class LoginThrottle(Base):
    """How many failed logins one thing that logs in has had: an account from one address, an
    address, an account from unknown devices, or one known device (``key`` says which). A try takes
    its row's lock and counts itself before the password is checked, so concurrent tries from many
    app processes count exactly (see rehab.services.login_throttle). Rows quiet for a window are
    dropped by later failed tries (index on ``wait_until``)."""

    __tablename__ = "login_throttles"
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[datetime] = mapped_column(Timestamp)
    wait_until: Mapped[datetime] = mapped_column(Timestamp, index=True)


class KnownDevice(Base):
    """A browser or phone that logged in to an account before: its cookie lets the right password in
    even while strangers' failures hold the account or the address back. Only the hash is kept."""

    __tablename__ = "known_devices"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    last_login_at: Mapped[datetime] = mapped_column(Timestamp)


class Patient(Base):
    __tablename__ = "patients"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinics.id"))
    clinician_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[str | None] = mapped_column(String(20))
    condition: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | maintenance
    enrolled_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    # Caseload projection, updated with every log and decision (see module docstring).
    last_entry_on: Mapped[date | None] = mapped_column(Date)
    attention: Mapped[int] = mapped_column(Integer, default=0)  # higher needs attention sooner
    attention_reason: Mapped[str | None] = mapped_column(String(300))
    reassess_on: Mapped[date | None] = mapped_column(Date)
    # Set by a diary entry whose check-ins have not run yet; cleared by the check-in worker.
    checkins_due_since: Mapped[datetime | None] = mapped_column(Timestamp, index=True)
    # A check-in that raised for this patient: how many times in a row, the error (shown to the
    # clinic), and when the worker tries again (later each time). Cleared by the next check-in that
    # runs. One patient's bad record never holds up the others (hazard H35).
    checkin_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    checkin_error: Mapped[str | None] = mapped_column(String(300))
    checkin_retry_at: Mapped[datetime | None] = mapped_column(Timestamp)

    __table_args__ = (Index("ix_patients_clinic_attention", "clinic_id", "attention"),
                      Index("ix_patients_clinician_id", "clinician_id"))


class PatientProfile(Base):
    """The person's context: what their days ask of them and what they prefer."""

    __tablename__ = "patient_profiles"
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), primary_key=True)
    job_demands: Mapped[str | None] = mapped_column(Text)
    caregiving: Mapped[str | None] = mapped_column(Text)
    sleep: Mapped[str | None] = mapped_column(Text)
    preferences: Mapped[dict[str, Any]] = mapped_column(Document, default=dict)
    comorbidities: Mapped[list[str]] = mapped_column(Document, default=list)
    # Home and environment safety (contracts.planning.HomeIn as JSON); None: not assessed.
    home: Mapped[dict[str, Any] | None] = mapped_column(Document, nullable=True)
    # Movements the clinician wants left out (library caution names): every plan built for this
    # person leaves them out, whatever the planner form or the API sends (None before 0014).
    cautions: Mapped[list[str] | None] = mapped_column(Document, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(Timestamp)


class ReferralStep(Base):
    """A referral the psychosocial screens called for (psychology, a pain-management programme, the
    GP, or a same-day risk assessment), with its reason and the scores behind it, followed up at the
    next review. ``follow_ups`` keeps every answer given (when, what, by whom); ``status`` is the
    latest: open until it was taken up, declined or (for a risk assessment) done. ``evidence`` names
    the assessments behind it, so the same scores never open the same step twice."""

    __tablename__ = "referral_steps"
    __table_args__ = (UniqueConstraint("patient_id", "destination", "evidence"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    destination: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    scores: Mapped[dict[str, Any]] = mapped_column(Document)
    source: Mapped[str] = mapped_column(Text)
    same_day: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[str] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(20), default="open")
    follow_ups: Mapped[list[dict[str, Any]]] = mapped_column(Document, default=list)
    opened_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    updated_at: Mapped[datetime] = mapped_column(Timestamp)


class Screening(Base):
    """A red-flag or psychosocial screening, with its result as decided at the time."""

    __tablename__ = "screenings"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # red_flags | psychosocial
    taken_on: Mapped[date] = mapped_column(Date)
    answers: Mapped[dict[str, Any]] = mapped_column(Document)
    result: Mapped[dict[str, Any]] = mapped_column(Document)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp)

    __table_args__ = (Index("ix_screenings_patient_kind_taken", "patient_id", "kind", "taken_on", "created_at"),)


class BaselineAnchor(Base):
    """A re-baseline a clinician confirmed: the diary days the patient's usual pain is judged against
    from then on (clinical reference §7.2 step 5: after a setback, a medication change or a new phase).
    Only ever added; the latest applies. Without one, the baseline phase at the start of the diary is
    the anchor."""

    __tablename__ = "baseline_anchors"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    first: Mapped[date] = mapped_column(Date)
    last: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    confirmed_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp)


class ToleranceBaseline(Base):
    """Activity tolerances a clinician measured again at a reassessment (clinical reference §3.4:
    up to three measures, averaged). Only ever added; the latest applies to the planner from then
    on, in place of the intake's for the same activities."""

    __tablename__ = "tolerance_baselines"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    measured_on: Mapped[date] = mapped_column(Date)
    # [{"activity": id, "dimension": ..., "measures": [numbers]}]
    tolerances: Mapped[list[dict[str, Any]]] = mapped_column(Document)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp)


class Assessment(Base):
    """One administration of a questionnaire or a performance test, scored on save."""

    __tablename__ = "assessments"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"))
    instrument: Mapped[str] = mapped_column(String(60))
    taken_on: Mapped[date] = mapped_column(Date)
    answers: Mapped[Any] = mapped_column(Document)
    total: Mapped[float | None] = mapped_column(Float)
    band: Mapped[str | None] = mapped_column(String(60))
    result: Mapped[dict[str, Any]] = mapped_column(Document)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp)

    __table_args__ = (Index("ix_assessments_patient_instrument", "patient_id", "instrument", "taken_on"),
                      Index("ix_assessments_patient_newest", "patient_id", "taken_on", "created_at", "id"))


class Goal(Base):
    """A goal in the patient's words, made measurable, with Goal Attainment Scaling levels."""

    __tablename__ = "goals"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    words: Mapped[str] = mapped_column(Text)
    icf_code: Mapped[str] = mapped_column(String(20))
    task: Mapped[str] = mapped_column(Text)
    success_criterion: Mapped[str] = mapped_column(Text)
    baseline: Mapped[str] = mapped_column(Text)
    gas_levels: Mapped[dict[str, str]] = mapped_column(Document)  # "-2".."2" -> description
    gas_level: Mapped[int] = mapped_column(Integer, default=-1)  # Turner-Stokes: baseline is -1
    priority: Mapped[int] = mapped_column(Integer, default=1)
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")
    updated_at: Mapped[datetime] = mapped_column(Timestamp)


class GoalChange(Base):
    """The history of a goal: every change and every GAS rating, with who and when."""

    __tablename__ = "goal_changes"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    goal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("goals.id"), index=True)
    changed_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(Timestamp)
    snapshot: Mapped[dict[str, Any]] = mapped_column(Document)


class ProgramVersion(Base):
    """One version of a patient's program. A change makes a new version; old ones are kept."""

    __tablename__ = "program_versions"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"))
    version: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    document: Mapped[dict[str, Any]] = mapped_column(Document)  # the whole program as built
    # The planner's usual week: {"days": [{"weekday": 0-6 (Monday 0), "day": name, "session": "A",
    # "B" or null for a rest day}], "sessions": {activity id: "A", "B", "A+B" or null for a quota
    # done across the day}}. Null for a version saved before the week was kept, or set by hand.
    week: Mapped[dict[str, Any] | None] = mapped_column(Document, nullable=True)
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    # The goal change this version follows, when a clinician accepted the planner's proposal after
    # a goal changed; unique, so accepting the same proposal twice makes one version.
    goal_change_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("goal_changes.id"), nullable=True,
                                                             unique=True)
    # The program review this version came out of (the same patient's ``program_reviews`` row);
    # null for every other version.
    review_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)

    __table_args__ = (UniqueConstraint("patient_id", "version"),)


class Prescription(Base):
    """One activity of a program version: how it starts and how it progresses."""

    __tablename__ = "prescriptions"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    program_version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("program_versions.id"), index=True)
    activity_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    strategy: Mapped[str] = mapped_column(String(30))
    starting_dose: Mapped[dict[str, float]] = mapped_column(Document)
    sessions_per_week: Mapped[float] = mapped_column(Float)
    increments: Mapped[dict[str, Any]] = mapped_column(Document, default=dict)
    progression_order: Mapped[list[str] | None] = mapped_column(Document)
    limits: Mapped[dict[str, Any]] = mapped_column(Document, default=dict)

    __table_args__ = (UniqueConstraint("program_version_id", "activity_id"),)


class ActivityState(Base):
    """Where one activity stands now: its current dose and any flare in progress. A projection
    of the decisions (each of which is kept), so a check-in reads one row."""

    __tablename__ = "activity_states"
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), primary_key=True)
    activity_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    current_dose: Mapped[dict[str, float]] = mapped_column(Document)
    started_on: Mapped[date] = mapped_column(Date)
    flare_episode: Mapped[dict[str, Any] | None] = mapped_column(Document)
    updated_at: Mapped[datetime] = mapped_column(Timestamp)


class SessionLog(Base):
    """A session as the patient logged it. Its id is made by the client and is the patient's own:
    the key is (patient, id), so another patient's id is simply free (it tells nothing)."""

    __tablename__ = "session_logs"
    id: Mapped[uuid.UUID] = mapped_column(Uuid)  # made by the client
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"))
    activity_id: Mapped[str] = mapped_column(String(100))
    date: Mapped[date] = mapped_column(Date)
    completed: Mapped[dict[str, float]] = mapped_column(Document)
    pain_during: Mapped[float | None] = mapped_column(Float)
    pain_after: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    rir: Mapped[float | None] = mapped_column(Float)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(Timestamp)
    # Dated before the day it was recorded (rehab.services.record_dates).
    late: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Why a session was logged while exercise was stopped ("neuro_signs_in_flare": new numbness,
    # tingling or weakness during a flare, hazard H44; "new_neuro_signs": the same outside a flare, H50). What the patient did is kept, but no
    # check-in counts it: nothing done past an urgent referral moves anyone up. None: counted.
    set_aside: Mapped[str | None] = mapped_column(String(40))

    # The check-in reads one activity's sessions; the API lists them all, newest first, a page at a time.
    __table_args__ = (PrimaryKeyConstraint("patient_id", "id"),
                      Index("ix_session_logs_patient_activity_date", "patient_id", "activity_id", "date"),
                      Index("ix_session_logs_patient_newest", "patient_id", "date", "recorded_at", "id"))


class DiaryEntry(Base):
    """A diary entry (a declared flare is one). Keyed by (patient, id) as a session log is."""

    __tablename__ = "diary_entries"
    id: Mapped[uuid.UUID] = mapped_column(Uuid)  # made by the client
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"))
    date: Mapped[date] = mapped_column(Date)
    pain: Mapped[float | None] = mapped_column(Float)
    pain_next_morning: Mapped[float | None] = mapped_column(Float)
    sleep_hours: Mapped[float | None] = mapped_column(Float)
    mood: Mapped[float | None] = mapped_column(Float)
    stress: Mapped[float | None] = mapped_column(Float)
    flare_declared: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[str] | None] = mapped_column(Document)  # triggers the patient marked (TRIGGER_TAGS)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(Timestamp)
    # Dated before the day it was recorded (rehab.services.record_dates).
    late: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    # In the order the diary is paged (newest first): a page is one index range, however long the diary.
    __table_args__ = (PrimaryKeyConstraint("patient_id", "id"),
                      Index("ix_diary_entries_patient_newest", "patient_id", "date", "recorded_at", "id"))


class AgreedBounds(Base):
    """What a patient may change on their own in one activity, as the clinician agreed it with them
    (easier or harder steps, a ceiling, the shortest session, moves, swaps). Only ever added; the
    latest for the activity applies, so what was agreed when is kept."""

    __tablename__ = "agreed_bounds"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"))
    activity_id: Mapped[str] = mapped_column(String(100))
    bounds: Mapped[dict[str, Any]] = mapped_column(Document)  # as the check-in contract's `bounds`
    set_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(Timestamp)

    __table_args__ = (Index("ix_agreed_bounds_patient_activity", "patient_id", "activity_id", "set_at"),)


class SelfAdjustment(Base):
    """A change the patient made to one session within the agreed bounds, with the plain-words
    answer they were given and the bound that allowed it. Keyed by (patient, id) like a session log:
    the id is made by the phone, so a retry finds it."""

    __tablename__ = "self_adjustments"
    id: Mapped[uuid.UUID] = mapped_column(Uuid)  # made by the client
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"))
    activity_id: Mapped[str] = mapped_column(String(100))
    date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    dose: Mapped[dict[str, float] | None] = mapped_column(Document)
    moved_to: Mapped[date | None] = mapped_column(Date)
    alternative: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)  # the patient's own words
    answer: Mapped[str] = mapped_column(Text)  # what the patient was told
    bound: Mapped[str] = mapped_column(Text)  # the agreed bound that allowed it, for the clinician
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(Timestamp)

    __table_args__ = (PrimaryKeyConstraint("patient_id", "id"),
                      Index("ix_self_adjustments_patient_activity_date", "patient_id", "activity_id", "date"),
                      Index("ix_self_adjustments_patient_newest", "patient_id", "date", "recorded_at", "id"))


class Decision(Base):
    """A check-in decision exactly as the engine made it: the full criteria and the rule version."""

    __tablename__ = "decisions"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"))
    activity_id: Mapped[str] = mapped_column(String(100))
    date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[str | None] = mapped_column(String(20))
    rule_version: Mapped[str] = mapped_column(String(40))
    trigger: Mapped[str] = mapped_column(String(60), index=True)  # "session:<id>", "diary:<id>", "flare:<id>", manual, screening
    document: Mapped[dict[str, Any]] = mapped_column(Document)  # the decision JSON, as `rehab check-in` prints it
    decided_at: Mapped[datetime] = mapped_column(Timestamp)

    __table_args__ = (Index("ix_decisions_patient_activity_date", "patient_id", "activity_id", "date"),
                      Index("ix_decisions_patient_newest", "patient_id", "date", "decided_at", "id"))


class Override(Base):
    """A clinician's decision in place of the engine's, with the reason, kept beside it. One per
    decision: the database refuses a second (a unique index), however many clinicians click at once."""

    __tablename__ = "overrides"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    decision_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("decisions.id"), index=True, unique=True)
    clinician_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    next_dose: Mapped[dict[str, float] | None] = mapped_column(Document)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Timestamp)


class FlareEpisode(Base):
    __tablename__ = "flare_episodes"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    activity_id: Mapped[str] = mapped_column(String(100))
    started_on: Mapped[date] = mapped_column(Date)
    pre_flare_dose: Mapped[dict[str, float]] = mapped_column(Document)
    ended_on: Mapped[date | None] = mapped_column(Date)


class Alert(Base):
    """Something a clinician must see: a referral, a flare, a stall, missed logs, a safety finding."""

    __tablename__ = "alerts"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinics.id"))
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    decision_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("decisions.id"))
    code: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(20))  # emergency | urgent | routine
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    acknowledged_at: Mapped[datetime | None] = mapped_column(Timestamp)
    acknowledged_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (Index("ix_alerts_clinic_open", "clinic_id", "acknowledged_at"),)


class AuditEntry(Base):
    """Who read or wrote what patient data, when, from where. Append-only: the database itself
    refuses updates and deletes (triggers in the first migration) and, on PostgreSQL, truncation (the
    third migration; SQLite has no TRUNCATE, only DELETE, which its trigger refuses)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(Timestamp)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(20))  # read | create | update | login | ...
    resource: Mapped[str] = mapped_column(String(60))
    resource_id: Mapped[str | None] = mapped_column(String(60))
    patient_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    address: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_log_patient_newest", "patient_id", "at", "id"),)


# ---- graded exposure (clinical reference §3.3) ------------------------------------------------------

class FearItem(Base):
    """An activity the patient avoids or fears, in their own words or one of the library's daily
    activities, put on their fear hierarchy with the clinician. Its id is the patient's own (made
    from the library id or the words); its harm ratings are kept apart, one row each, so the
    hierarchy's history is never overwritten."""

    __tablename__ = "fear_items"
    id: Mapped[str] = mapped_column(String(100))
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"))
    activity: Mapped[str] = mapped_column(String(300))
    goal: Mapped[str] = mapped_column(String(300))
    library_activity: Mapped[str | None] = mapped_column(String(100))
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp)

    __table_args__ = (PrimaryKeyConstraint("patient_id", "id"),)


class FearRating(Base):
    """How harmful doing one hierarchy item feels, 0-100 (PHODA-style), as rated on one day. Only
    ever added: the first is the item's first rating, the latest ranks it on the hierarchy."""

    __tablename__ = "fear_ratings"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"))
    item_id: Mapped[str] = mapped_column(String(100))
    harm: Mapped[float] = mapped_column(Float)
    rated_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(Timestamp)

    __table_args__ = (Index("ix_fear_ratings_patient_item", "patient_id", "item_id", "rated_on"),)


class SafetyBehaviourList(Base):
    """The safety behaviours a clinician agreed with the patient to record (bracing, holding the
    breath, a brace, ...). Only ever added; the latest is the list the experiment form offers."""

    __tablename__ = "safety_behaviour_lists"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    behaviours: Mapped[list[str]] = mapped_column(Document)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(Timestamp)


class BehaviouralExperiment(Base):
    """One exposure to a hierarchy item as the patient logged it: what they feared and how strongly
    they believed it before, what happened and the belief after, and the safety behaviours used.
    Keyed by (patient, id) with a client-made id, as a session log is."""

    __tablename__ = "behavioural_experiments"
    id: Mapped[uuid.UUID] = mapped_column(Uuid)  # made by the client
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"))
    item_id: Mapped[str] = mapped_column(String(100))
    date: Mapped[date] = mapped_column(Date)
    expected: Mapped[str] = mapped_column(String(300))
    belief_before: Mapped[float] = mapped_column(Float)
    fear_before: Mapped[float | None] = mapped_column(Float)
    stopped_early: Mapped[bool] = mapped_column(Boolean)
    outcome: Mapped[str | None] = mapped_column(String(300))
    feared_outcome_happened: Mapped[bool | None] = mapped_column(Boolean)
    belief_after: Mapped[float | None] = mapped_column(Float)
    safety_behaviours: Mapped[list[str]] = mapped_column(Document)
    pain_during: Mapped[float | None] = mapped_column(Float)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(Timestamp)

    __table_args__ = (PrimaryKeyConstraint("patient_id", "id"),
                      Index("ix_behavioural_experiments_patient_newest", "patient_id", "date", "recorded_at", "id"))


# ---- program reviews after a stall (seed: when progress stalls) ------------------------------------

class ProgramReview(Base):
    """A clinician's guided review after a "reformulate" alert: what triggered it, the barriers
    found (with what the records showed), the goals re-expressed (their changes are in the goals'
    own history), the change decided and why, and the words the patient reads. It leads to one new
    program version, whose ``review_id`` names it. Keyed by (patient, id) with a client-made id, so
    a retry finds it; one review per alert."""

    __tablename__ = "program_reviews"
    id: Mapped[uuid.UUID] = mapped_column(Uuid)  # made by the client
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"))
    alert_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("alerts.id"), unique=True)
    decision_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("decisions.id"))
    checkpoint_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("screenings.id"))
    # [{"barrier": "sleep", "note": str | null, "seen": {finding, values, threshold, source} | null}]
    barriers: Mapped[list[dict[str, Any]]] = mapped_column(Document)
    suggested: Mapped[list[dict[str, Any]]] = mapped_column(Document)  # what the records showed at the time
    goal_ids: Mapped[list[str]] = mapped_column(Document)
    # [{"kind": "sequence" | "strategy" | "dose", "activity_id": ..., "before": ..., "after": ...}]
    changes: Mapped[list[dict[str, Any]]] = mapped_column(Document)
    reason: Mapped[str] = mapped_column(Text)
    patient_words: Mapped[str] = mapped_column(Text)
    program_version: Mapped[int] = mapped_column(Integer)
    request: Mapped[dict[str, Any]] = mapped_column(Document)  # as sent: a retry is compared with it
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp)

    __table_args__ = (PrimaryKeyConstraint("patient_id", "id"),
                      Index("ix_program_reviews_patient_newest", "patient_id", "created_at"))
