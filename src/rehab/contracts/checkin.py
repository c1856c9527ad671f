"""The check-in contract: the JSON a check-in is read from and the JSON a decision is written as.

These Pydantic models are the wire format shared by the CLI (``rehab check-in``) and, later, the
HTTP API; they validate at the edge and convert to and from the plain core types, so the engine
never sees a malformed value. Unknown fields are rejected (a misspelt ``pain_durin`` must not be
silently ignored), numbers are not accepted as strings, and dates are ``YYYY-MM-DD``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, Strict, model_validator

from rehab.contracts.exposure import ExperimentIn, ExposureOut, HierarchyIn
from rehab.contracts.self_management import AdjustmentIn, BoundsIn
from rehab.contracts.wire import (  # noqa: F401  (re-exported: other contracts import them from here)
    Amount,
    Count,
    Dimension,
    DoseIn,
    DoseOut,
    Flag,
    IsoDate,
    Score,
    Wire,
    WireOut,
    dose_out,
)
from rehab.core.engine.increments import DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER
from rehab.core.engine.safety import ALL_FLAGS
from rehab.core.models import (
    TRIGGER_TAGS,
    Activity,
    BaselineAnchor,
    CheckIn,
    Decision,
    DecisionKind,
    DiaryEntry,
    FlareEpisode,
    HistoryEntry,
    Increment,
    Limits,
    SessionLog,
    Strategy,
    Symptoms,
    Urgency,
)

RedFlagId = Literal[tuple(ALL_FLAGS)]  # type: ignore[valid-type]


class IncrementIn(Wire):
    """Override of how one dimension moves; unset fields keep the evidence-based default."""

    step: Annotated[float, Strict(), Field(gt=0)] | None = None
    unit: Literal["percent", "absolute"] | None = None
    minimum: Annotated[float, Strict(), Field(gt=0)] | None = Field(None, description="rounding and smallest move")
    cap: Annotated[float, Strict(), Field(gt=0)] | None = Field(None, description="largest move per advance")
    floor: Amount | None = Field(None, description="never below (regression, flare)")
    ceiling: Annotated[float, Strict(), Field(gt=0)] | None = Field(None, description="never above (target)")

    def merged(self, default: Increment) -> Increment:
        percent = default.percent if self.unit is None else self.unit == "percent"
        return Increment(
            step=default.step if self.step is None else self.step,
            percent=percent,
            minimum=default.minimum if self.minimum is None else self.minimum,
            cap=default.cap if self.cap is None else self.cap,
            floor=default.floor if self.floor is None else self.floor,
            ceiling=default.ceiling if self.ceiling is None else self.ceiling,
        )


def check_increments(increments: dict[str, IncrementIn], progression_order: list[str] | None) -> None:
    """How an activity's dose may move must make sense; a stored prescription is checked the same
    way, so a program that was accepted can always be checked in."""
    for dimension, override in increments.items():
        inc = override.merged(DEFAULT_INCREMENTS[dimension])
        if inc.minimum > inc.cap:
            raise ValueError(f"increments.{dimension}: minimum {inc.minimum:g} is above cap {inc.cap:g}")
        if inc.ceiling is not None and inc.floor > inc.ceiling:
            raise ValueError(f"increments.{dimension}: floor {inc.floor:g} is above ceiling {inc.ceiling:g}")
    if progression_order is not None and len(set(progression_order)) != len(progression_order):
        raise ValueError("progression_order: lists a dimension twice")


class ActivityIn(Wire):
    id: Annotated[str, Field(min_length=1, max_length=100)]
    dose: DoseIn = Field(description="the current prescription")
    sessions_per_week: Annotated[float, Strict(), Field(gt=0, le=14)]
    increments: dict[Dimension, IncrementIn] = Field(default_factory=dict)
    progression_order: list[Dimension] | None = Field(
        None, description="dimensions in the order they are progressed; default: time, distance, steps, reps, sets, load, level"
    )
    started: IsoDate | None = Field(None, description="first day of this prescription in the program")

    @model_validator(mode="after")
    def _consistent(self) -> ActivityIn:
        check_increments(self.increments, self.progression_order)
        return self

    def to_core(self) -> Activity:
        increments = {d: (self.increments[d].merged(inc) if d in self.increments else inc)
                      for d, inc in DEFAULT_INCREMENTS.items()}
        order = tuple(self.progression_order) if self.progression_order is not None else DEFAULT_PROGRESSION_ORDER
        return Activity(self.id, self.dose.to_core(), self.sessions_per_week, increments, order, self.started)


class SessionIn(Wire):
    date: IsoDate
    completed: DoseIn = Field(description="what was actually done")
    pain_during: Score | None = Field(None, description="worst pain during the session, 0-10 NRS")
    pain_after: Score | None = Field(None, description="pain just after the session, 0-10 NRS")
    rpe: Score | None = Field(None, description="effort, 0-10 (10 = maximal)")
    rir: Annotated[float, Strict(), Field(ge=0, le=50)] | None = Field(None, description="reps in reserve")


def _distinct_sorted(tags: list[str]) -> list[str]:
    return sorted(set(tags))


# The triggers a patient marks on a diary day, each once, in one order (so a retry compares equal).
TriggerTags = Annotated[list[Literal[tuple(TRIGGER_TAGS)]], Field(max_length=len(TRIGGER_TAGS) * 2),
                        AfterValidator(_distinct_sorted)]


class DiaryIn(Wire):
    date: IsoDate
    pain: Score | None = Field(None, description="usual pain that day, 0-10 NRS")
    pain_next_morning: Score | None = Field(None, description="pain on waking the morning after `date`")
    sleep_hours: Annotated[float, Strict(), Field(ge=0, le=24)] | None = Field(
        None, description="hours slept the night before `date`")
    mood: Score | None = Field(None, description="0 = very low, 10 = very good")
    stress: Score | None = Field(None, description="0 = none, 10 = extreme")
    flare_declared: Flag | None = Field(None, description="the patient says: I'm having a flare")
    activity_level: Score | None = Field(None, description="how busy or physically heavy the day was: 0 = rested all day, 10 = the heaviest")
    sitting_hours: Annotated[float, Strict(), Field(ge=0, le=24)] | None = Field(None, description="hours spent sitting that day")
    tags: TriggerTags = Field(default_factory=list, description="triggers the patient marked that day: "
                              + ", ".join(TRIGGER_TAGS))


class SymptomsIn(Wire):
    new_neuro_symptoms: Flag = Field(False, description="new or worsening numbness, tingling or weakness")
    unexplained_swelling: Flag = False


class HistoryIn(Wire):
    date: IsoDate
    decision: DecisionKind


class FlareEpisodeIn(Wire):
    """A flare in progress, exactly as the previous decision returned it."""

    started: IsoDate
    pre_flare_dose: DoseIn


class BaselineAnchorIn(Wire):
    """The diary days the personal baseline is anchored to, when a clinician re-baselined (clinical
    reference §7.2 step 5); without it, the baseline phase at the start of the diary."""

    first: IsoDate
    last: IsoDate
    reason: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        description="why the baseline was set: intake, reassessment, setback, medication_change, new_phase")
    confirmed_on: IsoDate | None = Field(None, description="the day a clinician confirmed it")

    @model_validator(mode="after")
    def _in_order(self) -> BaselineAnchorIn:
        if self.last < self.first:
            raise ValueError(f"last: {self.last} is before first ({self.first})")
        return self

    def to_core(self) -> BaselineAnchor:
        return BaselineAnchor(self.first, self.last, self.reason, self.confirmed_on)


class LimitsIn(Wire):
    """Per-patient overrides of the rule thresholds (docs/check-in.md lists defaults and sources)."""

    pain_during_max: Score | None = None
    sessions_to_advance: Annotated[int, Strict(), Field(ge=1, le=10)] | None = None
    rpe_max_to_advance: Score | None = None
    rir_min_to_advance: Annotated[float, Strict(), Field(ge=0, le=10)] | None = None
    baseline_days: Annotated[int, Strict(), Field(ge=7, le=365)] | None = None
    baseline_min_days: Annotated[int, Strict(), Field(ge=3, le=365)] | None = None
    recent_days: Annotated[int, Strict(), Field(ge=3, le=28)] | None = None
    reliable_z: Annotated[float, Strict(), Field(gt=0, le=5)] | None = None
    noise_band_min: Annotated[float, Strict(), Field(ge=0, le=5)] | None = None
    noise_band_max: Annotated[float, Strict(), Field(gt=0, le=10)] | None = None
    intake_baseline_days: Annotated[int, Strict(), Field(ge=3, le=90)] | None = None
    pre_change_days: Annotated[int, Strict(), Field(ge=3, le=90)] | None = None
    drift_weeks: Annotated[int, Strict(), Field(ge=1, le=12)] | None = None
    drift_min_days: Annotated[int, Strict(), Field(ge=1, le=7)] | None = None
    autocorrelation_default: Annotated[float, Strict(), Field(ge=0, le=0.9)] | None = None
    flare_rise_min: Annotated[float, Strict(), Field(gt=0, le=10)] | None = None
    flare_days: Annotated[int, Strict(), Field(ge=1, le=14)] | None = None
    flare_dose_fraction: Annotated[float, Strict(), Field(gt=0, lt=1)] | None = None
    flare_return_steps: Annotated[int, Strict(), Field(ge=1, le=10)] | None = None
    flare_settled_days: Annotated[int, Strict(), Field(ge=1, le=14)] | None = None
    flare_step_days: Annotated[int, Strict(), Field(ge=0, le=14)] | None = None
    flare_step_days_after_recurrence: Annotated[int, Strict(), Field(ge=0, le=28)] | None = None
    flare_review_days: Annotated[int, Strict(), Field(ge=1, le=60)] | None = None
    recurring_flares: Annotated[int, Strict(), Field(ge=2, le=20)] | None = None
    recurring_flares_window_days: Annotated[int, Strict(), Field(ge=7, le=365)] | None = None
    adherence_min_share: Annotated[float, Strict(), Field(ge=0, le=1)] | None = None
    adherence_window_days: Annotated[int, Strict(), Field(ge=7, le=90)] | None = None
    stall_weeks: Annotated[int, Strict(), Field(ge=1, le=52)] | None = None
    quota_raise_every_days: Annotated[int, Strict(), Field(ge=1, le=60)] | None = None
    quota_met_share: Annotated[float, Strict(), Field(gt=0, le=1)] | None = None
    exposure_rating_drop: Annotated[float, Strict(), Field(gt=0, le=1)] | None = None
    exposure_disconfirmations: Annotated[int, Strict(), Field(ge=1, le=10)] | None = None
    exposure_harm_true_change: Annotated[float, Strict(), Field(ge=0, le=100)] | None = None
    self_easier_run: Annotated[int, Strict(), Field(ge=1, le=30)] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> LimitsIn:
        core = self.to_core()
        if core.baseline_min_days > core.baseline_days:
            raise ValueError("baseline_min_days is above baseline_days")
        if core.noise_band_min > core.noise_band_max:
            raise ValueError("noise_band_min is above noise_band_max")
        return self

    def to_core(self) -> Limits:
        return Limits(**{k: v for k, v in self.model_dump().items() if v is not None})


class CheckInRequest(Wire):
    """One check-in: where a patient stands with one activity today."""

    today: IsoDate
    strategy: Strategy = Strategy.SYMPTOM_CONTINGENT
    limits: LimitsIn = Field(default_factory=LimitsIn)
    activity: ActivityIn
    sessions: list[SessionIn] = Field(default_factory=list, max_length=1000)
    diary: list[DiaryIn] = Field(default_factory=list, max_length=5000)
    red_flags: list[RedFlagId] = Field(default_factory=list, description="red-flag questions answered yes")
    symptoms: SymptomsIn = Field(default_factory=SymptomsIn)
    history: list[HistoryIn] = Field(default_factory=list, max_length=5000, description="earlier decisions for this activity")
    flare_episode: FlareEpisodeIn | None = Field(None, description="the flare in progress, as the last decision returned it")
    hierarchy: HierarchyIn | None = Field(None, description="graded exposure: the fear hierarchy")
    experiments: list[ExperimentIn] = Field(default_factory=list, max_length=1000,
                                            description="graded exposure: each exposure as a behavioural experiment")
    bounds: BoundsIn | None = Field(None, description="self-management bounds agreed with the clinician")
    adjustments: list[AdjustmentIn] = Field(default_factory=list, max_length=1000,
                                            description="changes the patient made to sessions within the bounds")
    baseline_anchor: BaselineAnchorIn | None = Field(
        None, description="a clinician's re-baseline; without it, the baseline phase at the start of the diary")
    risk_assessment_due: Flag = Field(
        False, description="PHQ-9 item 9 above 0 or left unanswered, and no clinician's risk assessment recorded since: advice pauses (a hold)")

    @model_validator(mode="after")
    def _exposure_data_fits_the_strategy(self) -> CheckInRequest:
        if self.strategy is Strategy.GRADED_EXPOSURE:
            if self.hierarchy is None:
                raise ValueError("hierarchy: is required when the strategy is graded_exposure")
            if self.sessions:
                raise ValueError("sessions: under graded_exposure each exposure is logged in experiments, not sessions")
            known = {item.id for item in self.hierarchy.items}
            for i, experiment in enumerate(self.experiments):
                if experiment.item not in known:
                    raise ValueError(f"experiments[{i}].item: {experiment.item!r} is not an item of the hierarchy")
        else:
            for name in ("hierarchy", "experiments"):
                if getattr(self, name):
                    raise ValueError(f"{name}: is read only when the strategy is graded_exposure")
        return self

    @model_validator(mode="after")
    def _not_in_future(self) -> CheckInRequest:
        for name in ("sessions", "diary", "history", "experiments", "adjustments"):
            for i, item in enumerate(getattr(self, name)):
                if item.date > self.today:
                    raise ValueError(f"{name}[{i}].date: {item.date} is after today ({self.today})")
        if self.flare_episode and self.flare_episode.started > self.today:
            raise ValueError(f"flare_episode.started: {self.flare_episode.started} is after today ({self.today})")
        if self.activity.started and self.activity.started > self.today:
            raise ValueError(f"activity.started: {self.activity.started} is after today ({self.today})")
        if self.baseline_anchor and self.baseline_anchor.last > self.today:
            raise ValueError(f"baseline_anchor.last: {self.baseline_anchor.last} is after today ({self.today})")
        return self

    def to_core(self) -> CheckIn:
        episode = self.flare_episode
        return CheckIn(
            today=self.today,
            activity=self.activity.to_core(),
            strategy=self.strategy,
            limits=self.limits.to_core(),
            sessions=tuple(
                SessionLog(s.date, s.completed.to_core(), s.pain_during, s.pain_after, s.rpe, s.rir)
                for s in sorted(self.sessions, key=lambda s: s.date)
            ),
            diary=tuple(DiaryEntry(**{**e.model_dump(), "tags": frozenset(e.tags)}) for e in sorted(self.diary, key=lambda e: e.date)),
            red_flags=frozenset(self.red_flags),
            symptoms=Symptoms(**self.symptoms.model_dump()),
            history=tuple(HistoryEntry(h.date, h.decision) for h in sorted(self.history, key=lambda h: h.date)),
            flare_episode=FlareEpisode(episode.started, episode.pre_flare_dose.to_core()) if episode else None,
            hierarchy=self.hierarchy.to_core() if self.hierarchy else None,
            experiments=tuple(e.to_core() for e in sorted(self.experiments, key=lambda e: e.date)),
            bounds=self.bounds.to_core() if self.bounds else None,
            adjustments=tuple(a.to_core() for a in sorted(self.adjustments, key=lambda a: a.date)),
            baseline_anchor=self.baseline_anchor.to_core() if self.baseline_anchor else None,
            risk_assessment_due=self.risk_assessment_due,
        )


# ---- output ---------------------------------------------------------------------------------------

class CriterionOut(WireOut):
    name: str
    group: Literal["safety", "flare", "monitoring", "adherence", "pain", "dose", "effort", "schedule", "stall",
                   "exposure", "self_management"]
    value: Any = Field(description="the patient's value (number, text, list or object; null when not available)")
    threshold: str
    passed: bool
    source: str


class AlertOut(WireOut):
    code: str
    message: str


class ReturnStepOut(WireOut):
    dose: DoseOut
    percent_of_pre_flare: int


class FlarePlanOut(WireOut):
    reduced_dose: DoseOut
    steps: list[ReturnStepOut]
    step_rule: str = Field(description="how long to stay at each step before the next: the patient's words "
                                       "(short sentences, reading grade 8 or below)")
    review_by: date


class FlareEpisodeOut(WireOut):
    started: date
    pre_flare_dose: DoseOut


class DecisionOut(WireOut):
    """What happens next for one activity, and every reason why."""

    activity_id: str
    date: date
    decision: DecisionKind
    urgency: Urgency | None
    next_dose: DoseOut | None = Field(description="null when exercise must stop until a clinician has reviewed")
    criteria: list[CriterionOut]
    message_patient: str
    summary_clinician: str
    alerts: list[AlertOut]
    flare_episode: FlareEpisodeOut | None = Field(description="pass back as the next check-in's flare_episode; null when none")
    flare_plan: FlarePlanOut | None
    rule_version: str
    # New optional keys are written only when they apply (see :meth:`to_json`), so a check-in that
    # does not use them gets the same keys and values as before they existed (rule_version aside).
    exposure: ExposureOut | None = Field(
        None, description="graded exposure: the item to practise next; pass `item` back as `hierarchy.current`")

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_unset=True)

    @classmethod
    def from_core(cls, decision: Decision, checkin: CheckIn) -> DecisionOut:
        plan = decision.flare_plan
        episode = decision.flare_episode
        optional = {}
        if decision.exposure is not None:
            optional["exposure"] = ExposureOut.from_core(decision.exposure)
        return cls(
            activity_id=checkin.activity.id,
            date=checkin.today,
            decision=decision.kind,
            urgency=decision.urgency,
            next_dose=dose_out(decision.next_dose) if decision.next_dose is not None else None,
            criteria=[CriterionOut(name=c.name, group=c.group, value=c.value, threshold=c.threshold,
                                   passed=c.passed, source=c.source) for c in decision.criteria],
            message_patient=decision.message_patient,
            summary_clinician=decision.summary_clinician,
            alerts=[AlertOut(code=a.code, message=a.message) for a in decision.alerts],
            flare_episode=FlareEpisodeOut(started=episode.started, pre_flare_dose=dose_out(episode.pre_flare_dose))
            if episode else None,
            flare_plan=FlarePlanOut(
                reduced_dose=dose_out(plan.reduced_dose),
                steps=[ReturnStepOut(dose=dose_out(s.dose), percent_of_pre_flare=s.percent_of_pre_flare) for s in plan.steps],
                step_rule=plan.step_rule,
                review_by=plan.review_by,
            ) if plan else None,
            rule_version=decision.rule_version,
            **optional,
        )
