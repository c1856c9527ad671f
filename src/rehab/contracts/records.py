"""Wire formats of the clinic's records: what the HTTP API (and the CLI) read and write.

Same conventions as the check-in contract: unknown fields are refused, numbers are never text,
dates are ``YYYY-MM-DD``. Decisions use :class:`rehab.contracts.checkin.DecisionOut`, so a decision
stored by the server is the same JSON ``rehab check-in`` prints.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from rehab.contracts.checkin import (
    DecisionOut,
    Dimension,
    DoseIn,
    DoseOut,
    Flag,
    IncrementIn,
    IsoDate,
    LimitsIn,
    RedFlagId,
    Score,
    TriggerTags,
    Wire,
    WireOut,
    check_increments,
)
from rehab.contracts.instruments import ScoreOut
from rehab.contracts.planning import CautionName, HomeIn, IntakeIn
from rehab.contracts.replanning import ToleranceBaselineOut, ToleranceRebaselineIn
from rehab.core.engine.rebaseline import REASONS
from rehab.core.models import DecisionKind, Strategy
from rehab.core.planning.goals import suggested_levels

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Password = Annotated[str, StringConstraints(min_length=10, max_length=200)]
Role = Literal["admin", "clinician", "patient"]
# An address with one @ and a dot after it; the clinic's own mail system is the real check.
Email = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=254,
                                         pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


# ---- accounts -------------------------------------------------------------------------------------

class LoginIn(Wire):
    email: Email
    password: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class UserOut(WireOut):
    id: uuid.UUID
    email: str
    display_name: str
    role: Role
    clinic_id: uuid.UUID
    patient_id: uuid.UUID | None = None


class LoginOut(WireOut):
    token: str = Field(description="send as `Authorization: Bearer <token>`")
    expires_at: datetime
    user: UserOut


class UserIn(Wire):
    """A clinic user created by the clinic's admin (patients get their login when enrolled)."""

    email: Email
    display_name: Name
    role: Literal["admin", "clinician"]
    password: Password


# ---- patients -------------------------------------------------------------------------------------

class PatientIn(Wire):
    display_name: Name
    condition: Text = Field(description="in the clinic's words, e.g. 'chronic low back pain, 3 years'")
    birth_year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    sex: Literal["female", "male", "other"] | None = None
    enrolled_on: IsoDate
    clinician_id: uuid.UUID | None = Field(None, description="the responsible clinician; default: the one enrolling")
    email: Email | None = Field(None, description="to give the patient a login")
    password: Password | None = None

    @model_validator(mode="after")
    def _login_needs_both(self) -> PatientIn:
        if (self.email is None) != (self.password is None):
            raise ValueError("password: a patient login needs both email and password")
        return self


class PatientOut(WireOut):
    id: uuid.UUID
    display_name: str
    condition: str
    birth_year: int | None
    sex: str | None
    status: Literal["active", "maintenance"]
    enrolled_on: date
    clinician_id: uuid.UUID | None
    user_id: uuid.UUID | None
    last_entry_on: date | None
    reassess_on: date | None
    checkin_failed: str | None = Field(
        None, description="'check-in failed: ...' while this patient's check-ins fail; the worker retries later")


class ProfileIn(Wire):
    """The person's context: what their days ask of them and what they prefer."""

    job_demands: Text | None = None
    caregiving: Text | None = None
    sleep: Text | None = None
    preferences: dict[str, Any] = Field(default_factory=dict, description="liked and disliked activities, time, equipment")
    comorbidities: list[Name] = Field(default_factory=list)
    home: HomeIn | None = Field(None, description="home and environment safety; the planner leaves out what the home makes unsafe")
    cautions: list[CautionName] = Field(
        default_factory=list, description="movements the clinician wants left out; every plan built for this person "
        "leaves them out, with the clinician's advice as the reason")


class ProfileOut(ProfileIn):
    patient_id: uuid.UUID
    updated_at: datetime


class CaseloadRow(WireOut):
    patient: PatientOut
    attention: int = Field(description="higher needs attention sooner")
    reason: str = Field(description="why, in words")
    days_since_entry: int | None
    need: Literal["refer", "safety", "checkin_failed", "flare", "regress", "symptoms", "reformulate", "missed_logs",
                  "reassessment", "review", "new", "none"] = Field("none", description="the kind of need behind the reason")


# ---- screening and assessment ---------------------------------------------------------------------

class RedFlagScreeningIn(Wire):
    id: uuid.UUID | None = Field(None, description=(
        "made by the client when the form was shown; a retry with the same id and answers stores nothing new "
        "and raises no second alert, the same id with other answers is refused (409)"))
    taken_on: IsoDate
    red_flags: list[RedFlagId] = Field(default_factory=list, description="questions answered yes")
    new_neuro_symptoms: Flag = False
    unexplained_swelling: Flag = False


class ScreeningOut(WireOut):
    id: uuid.UUID
    kind: Literal["red_flags", "psychosocial", "checkpoint"]
    taken_on: date
    answers: dict[str, Any]
    result: dict[str, Any]


class AssessmentIn(Wire):
    instrument: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    taken_on: IsoDate
    answers: list[Annotated[float, Field(allow_inf_nan=False)] | None] | dict[str, Annotated[float, Field(allow_inf_nan=False)] | None] = Field(
        description="in item order, or by item id (PSFS: by activity); a performance test takes one value"
    )


class AssessmentOut(WireOut):
    id: uuid.UUID
    instrument: str
    taken_on: date
    score: ScoreOut


# ---- goals ----------------------------------------------------------------------------------------

GasLevels = dict[Literal["-2", "-1", "0", "1", "2"], Text]


class GoalIn(Wire):
    words: Text = Field(description="the goal in the patient's own words")
    icf_code: Annotated[str, StringConstraints(pattern=r"^[bdes]\d{3,5}$")]
    task: Text = Field(description="the measurable task")
    success_criterion: Text
    baseline: Text
    gas_levels: GasLevels = Field(description="what each level from -2 to +2 looks like; -2, -1 and 0 left out are "
                                  "written from the baseline and the success criterion (worse than now, as now, "
                                  "goal reached); +1 and +2 are needed")
    priority: Annotated[int, Field(ge=1, le=5)] = 1
    target_date: IsoDate | None = None

    @model_validator(mode="after")
    def _five_levels(self) -> GoalIn:
        written = suggested_levels(self.baseline, f"{self.task}, {self.success_criterion}")
        for level, words in written.items():
            self.gas_levels.setdefault(str(level), words[:1].upper() + words[1:])
        missing = sorted({"-2", "-1", "0", "1", "2"} - set(self.gas_levels))
        if missing:
            raise ValueError(f"gas_levels: describe every level; missing {', '.join(missing)}")
        return self


def _kept(value: Any) -> Any:
    if value is None:
        raise ValueError("cannot be null; leave the field out to keep it as it is")
    return value


# A field a change may set but never clear (a goal always has words, a rating, a status...): left
# out it stays as it is; sent as null it is refused (422), where it once reached the database (500).
Kept = BeforeValidator(_kept)


class GoalUpdate(Wire):
    """A change to a goal: any field, or a new GAS rating; kept in the goal's history. Only the
    target date can be cleared (null); a field left out stays as it is."""

    words: Annotated[Text, Kept] = None  # type: ignore[assignment]
    task: Annotated[Text, Kept] = None  # type: ignore[assignment]
    success_criterion: Annotated[Text, Kept] = None  # type: ignore[assignment]
    gas_levels: Annotated[GasLevels, Kept] = None  # type: ignore[assignment]
    gas_level: Annotated[int, Field(ge=-2, le=2), Kept] = None  # type: ignore[assignment]
    priority: Annotated[int, Field(ge=1, le=5), Kept] = None  # type: ignore[assignment]
    target_date: IsoDate | None = None
    status: Annotated[Literal["active", "achieved", "dropped"], Kept] = None  # type: ignore[assignment]

    @model_validator(mode="after")
    def _five_levels(self) -> GoalUpdate:
        if self.gas_levels is not None:
            missing = sorted({"-2", "-1", "0", "1", "2"} - set(self.gas_levels))
            if missing:
                raise ValueError(f"gas_levels: describe every level; missing {', '.join(missing)}")
        return self


class GoalOut(WireOut):
    id: uuid.UUID
    words: str
    icf_code: str
    task: str
    success_criterion: str
    baseline: str
    gas_levels: dict[str, str]
    gas_level: int
    priority: int
    target_date: date | None
    status: str
    history: list[dict[str, Any]] = Field(default_factory=list)


# ---- programs -------------------------------------------------------------------------------------

class PrescriptionIn(Wire):
    activity_id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,100}$")]
    name: Name
    strategy: Strategy = Strategy.SYMPTOM_CONTINGENT
    dose: DoseIn = Field(description="the starting dose")
    sessions_per_week: Annotated[float, Field(gt=0, le=14, allow_inf_nan=False)]
    # Checked as a check-in's activity is: a key that is not a dose dimension was stored, and then
    # every later check-in of the patient (a session, a diary entry, a screening) answered 500.
    increments: dict[Dimension, IncrementIn] = Field(default_factory=dict)
    progression_order: list[Dimension] | None = None
    limits: LimitsIn = Field(default_factory=LimitsIn)

    @model_validator(mode="after")
    def _can_be_checked_in(self) -> PrescriptionIn:
        check_increments(self.increments, self.progression_order)
        return self


class PlannedProgramIn(Wire):
    """Build the program with the planner from an intake; the first phase's prescriptions start."""

    reason: Text = Field(description="why this version, e.g. 'first program'")
    intake: IntakeIn


class ProgramIn(Wire):
    reason: Text = Field(description="why this version: first program, a swap, new limits, ...")
    prescriptions: Annotated[list[PrescriptionIn], Field(min_length=1, max_length=40)]
    document: dict[str, Any] = Field(default_factory=dict, description="the planner's full program, kept with the version")

    @model_validator(mode="after")
    def _distinct(self) -> ProgramIn:
        ids = [p.activity_id for p in self.prescriptions]
        if len(set(ids)) != len(ids):
            raise ValueError("prescriptions: an activity appears twice")
        # One fear hierarchy per patient: its experiments would otherwise count for two activities.
        exposing = [p.activity_id for p in self.prescriptions if p.strategy is Strategy.GRADED_EXPOSURE]
        if len(exposing) > 1:
            raise ValueError("prescriptions: only one activity can use graded_exposure (one fear hierarchy per "
                             f"patient); found {', '.join(exposing)}")
        return self


class PrescriptionOut(WireOut):
    activity_id: str
    name: str
    strategy: Strategy
    starting_dose: DoseOut
    current_dose: DoseOut | None
    sessions_per_week: float
    increments: dict[str, Any]
    progression_order: list[str] | None
    limits: dict[str, Any]


class WeekDayOut(WireOut):
    weekday: int = Field(ge=0, le=6, description="0 is Monday")
    day: str = Field(description="the weekday's name")
    session: str | None = Field(description="A or B; null on a rest day")


class UsualWeekOut(WireOut):
    """The planner's usual week, kept with the program version: which weekdays hold session A or B
    and which are rest days, and the session each activity sits in."""

    days: list[WeekDayOut] = Field(description="Monday first, seven days")
    sessions: dict[str, str | None] = Field(
        description="activity id -> A, B or A+B; null for a quota done across the day (due every day)")


class ProgramVersionOut(WireOut):
    version: int
    reason: str
    created_at: datetime
    prescriptions: list[PrescriptionOut]
    document: dict[str, Any]
    week: UsualWeekOut | None = Field(
        None, description="the usual week; null for a version saved before the week was kept: every activity is due daily")
    review_id: uuid.UUID | None = Field(None, description="the program review this version came out of, if any")


# ---- logs and decisions ---------------------------------------------------------------------------

class SessionLogIn(Wire):
    id: uuid.UUID = Field(description="made by the client; a retry with the same id creates nothing new")
    activity_id: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    date: IsoDate
    completed: DoseIn
    pain_during: Score | None = None
    pain_after: Score | None = None
    rpe: Score | None = None
    rir: Annotated[float, Field(ge=0, le=50, allow_inf_nan=False)] | None = None


class SessionLogOut(SessionLogIn):
    completed: DoseOut  # type: ignore[assignment]
    recorded_at: datetime
    late: bool = Field(False, description="dated before the day it was recorded (at most REHAB_LATE_ENTRY_DAYS back, "
                                          "default 3); its check-in ran on the day it was recorded")
    set_aside: str | None = Field(None, description="why the session is kept but never counted by a check-in: "
                                                    "neuro_signs_in_flare (logged while new numbness, tingling or "
                                                    "weakness during a flare stopped exercise; hazard H44), "
                                                    "new_neuro_signs (the same outside a flare; H50); null: counted")


class DiaryEntryIn(Wire):
    id: uuid.UUID = Field(description="made by the client; a retry with the same id creates nothing new")
    date: IsoDate
    pain: Score | None = None
    pain_next_morning: Score | None = None
    sleep_hours: Annotated[float, Field(ge=0, le=24, allow_inf_nan=False)] | None = None
    mood: Score | None = None
    stress: Score | None = None
    flare_declared: Flag | None = None
    note: Annotated[str, StringConstraints(max_length=2000)] | None = None
    tags: TriggerTags = Field(default_factory=list, description="triggers the patient marked that day: "
                              "activity, stress, weather, work (the diary insights look at each one used)")


class DiaryEntryOut(DiaryEntryIn):
    recorded_at: datetime
    late: bool = Field(False, description="dated before the day it was recorded (at most REHAB_LATE_ENTRY_DAYS back, "
                                          "default 3); its check-in ran on the day it was recorded")


class LogResult(WireOut):
    """A stored log and the check-ins it ran. ``replayed`` is true when the same id was sent
    before: the stored record is returned and nothing new was created."""

    replayed: bool
    checkins: Literal["done", "queued"] = Field(
        "done", description="queued: an ordinary diary entry's check-ins run moments later; see the decisions list")
    session: SessionLogOut | None = None
    diary_entry: DiaryEntryOut | None = None
    decisions: list[DecisionOut]
    advice: str | None = Field(None, description="what the patient is told to do now when the log was kept but set "
                                                 "aside (exercise stopped: stop the exercises, the clinic will call today)")


class StoredDecision(WireOut):
    id: uuid.UUID
    trigger: str
    decided_at: datetime
    decision: DecisionOut
    override: OverrideOut | None = None
    summary: str = Field("", description="the decision as a physiotherapist would write it: the exercise's name, "
                         "what happened, the value against the threshold, what to consider "
                         "(decision.summary_clinician keeps the engine's terse form)")


class OverrideIn(Wire):
    decision: DecisionKind = Field(description="the clinician's decision in place of the engine's")
    next_dose: DoseIn | None = Field(None, description="the dose to prescribe; default: the engine's")
    reason: Text
    confirm_large_change: Flag = Field(
        False, description="true to store a dose below half or above 1.5 times the dose in force (the flare cut); "
        "without it such a dose is refused with 422 naming this field")


class OverrideOut(WireOut):
    id: uuid.UUID
    decision_id: uuid.UUID
    decision: DecisionKind
    next_dose: DoseOut | None
    reason: str
    clinician_id: uuid.UUID
    created_at: datetime


class FlareIn(Wire):
    date: IsoDate
    id: uuid.UUID = Field(description="made by the client, for the diary entry that records the flare")
    pain: Score | None = None


class AlertOut(WireOut):
    id: uuid.UUID
    patient_id: uuid.UUID
    code: str
    severity: Literal["emergency", "urgent", "routine"]
    message: str
    created_at: datetime
    acknowledged_at: datetime | None


class AuditOut(WireOut):
    at: datetime
    user_id: uuid.UUID | None
    role: str | None
    action: str
    resource: str
    resource_id: str | None
    patient_id: uuid.UUID | None
    address: str | None


# ---- checkpoints and discharge --------------------------------------------------------------------

class ReassessmentIn(Wire):
    taken_on: IsoDate
    red_flags: RedFlagScreeningIn
    assessments: Annotated[list[AssessmentIn], Field(max_length=30)] = Field(default_factory=list)
    rebaseline: RebaselineIn | None = Field(
        None, description="re-baseline the diary yardstick from these dates (clinical reference §7.2 step 5), "
                          "in the same transaction and by the same rule as POST /patients/{id}/baseline")
    tolerances: ToleranceRebaselineIn | None = Field(
        None, description="activity tolerances measured again at this reassessment (clinical reference §3.4); the "
                          "planner starts below these from now on, by the same rule as POST /patients/{id}/tolerances")


class ReassessmentOut(WireOut):
    taken_on: date
    screening: ScreeningOut
    assessments: list[AssessmentOut]
    recommendation: Literal["advance", "pause", "reformulate", "refer"]
    reasons: list[str]
    next_reassessment: date
    rebaseline: BaselineAnchorOut | None = Field(
        None, description="the re-baseline this reassessment confirmed; check-ins from now on name it in their "
                          "personal_baseline criterion")
    tolerances: ToleranceBaselineOut | None = Field(
        None, description="the tolerances this reassessment confirmed; plans from now on start below them")


class DischargeIn(Wire):
    discharged_on: IsoDate
    re_entry_triggers: list[Text] = Field(default_factory=list, description="extra 'if X, contact your clinic' triggers")


class MaintenanceOut(WireOut):
    discharged_on: date
    reassessment_dates: list[date]
    re_entry_triggers: list[str]
    plan: list[PrescriptionOut]


# ---- personal baseline ----------------------------------------------------------------------------

RebaselineReason = Literal[tuple(REASONS)]  # type: ignore[valid-type]


class RebaselineIn(Wire):
    """A clinician's re-baseline (clinical reference §7.2 step 5): the diary days the patient's usual
    pain is judged against from now on, and why. The service checks the days against the diary."""

    first: IsoDate = Field(description="first diary day of the new baseline window")
    last: IsoDate = Field(description="last diary day of the window; not after today")
    reason: RebaselineReason = Field(description="why: setback, medication_change or new_phase (§7.2 step 5)")
    note: Text | None = Field(None, description="what changed, in the clinic's words (e.g. the new analgesic)")

    @model_validator(mode="after")
    def _in_order(self) -> RebaselineIn:
        if self.last < self.first:
            raise ValueError(f"last: {self.last} is before first ({self.first})")
        return self


class BaselineAnchorOut(WireOut):
    """A stored re-baseline: the window, the reason, and who confirmed it when."""

    id: uuid.UUID
    first: date
    last: date
    reason: str
    note: str | None
    confirmed_on: date
    confirmed_by: uuid.UUID
    confirmed_by_name: str | None = Field(None, description="the clinician's name, when they are still a user here")
    created_at: datetime


class PersonalBaselineOut(WireOut):
    """The baseline the engine judges the patient's pain by today: ``anchored`` (a fixed window),
    ``provisional`` (the baseline phase or a new window is still running: the days so far), or
    ``collecting`` (fewer than the days a baseline needs, so no mean or band yet)."""

    status: Literal["anchored", "provisional", "collecting"]
    kind: str = Field(description="intake, or the clinician's reason for the re-baseline")
    first: date
    last: date
    days: int = Field(description="diary days with a pain entry in the window used")
    mean: float | None = Field(description="usual pain, 0-10")
    noise_band: float | None = Field(description="the day-to-day noise band in NRS points (§7.2 step 2)")
    confirmed_on: date | None = None


class BaselineOut(WireOut):
    current: PersonalBaselineOut | None = Field(description="None before the first diary entry with pain")
    history: list[BaselineAnchorOut] = Field(description="every re-baseline, newest first")


StoredDecision.model_rebuild()


# ---- referral steps (psychosocial support) ---------------------------------------------------------

ReferralDestination = Literal["risk_assessment", "gp", "psychology", "pain_management"]
ReferralOutcome = Literal["taken_up", "declined", "not_yet", "risk_assessed"]


class ReferralFollowUpIn(Wire):
    """The answer at a review: was the referral taken up? ``not_yet`` keeps it open; a same-day risk
    assessment is closed by ``risk_assessed`` only (and only then does automated advice resume)."""

    outcome: ReferralOutcome
    on: IsoDate = Field(description="the day of the review or assessment; not after today")
    note: Text | None = Field(None, description="what was agreed, in the clinic's words")


class ReferralFollowUpOut(WireOut):
    outcome: str
    on: date
    note: str | None
    by: uuid.UUID
    at: datetime


class ReferralStepOut(WireOut):
    """A referral step: where to, why, on which scores, and every follow-up answer."""

    id: uuid.UUID
    destination: ReferralDestination
    asks: str = Field(description="what the step asks, in the clinician's words")
    reason: str
    scores: dict[str, float]
    source: str
    same_day: bool
    status: Literal["open", "taken_up", "declined", "risk_assessed"]
    opened_on: date
    follow_ups: list[ReferralFollowUpOut]
