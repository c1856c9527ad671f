"""The program contract: the JSON ``rehab plan`` prints, built from :class:`rehab.core.program.Program`.

Doses are objects of dimension to number, as in the check-in contract, so a prescription's ``id``,
``dose``, ``sessions_per_week`` and ``target`` can seed a check-in's ``activity`` directly.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from rehab.contracts.checkin import DoseOut, IncrementIn, Wire, WireOut
from rehab.core.models import Strategy
from rehab.core.planning.program import Checkpoint, Phase, Prescription, Program


class PrescriptionOut(WireOut):
    id: str = Field(description="library id of the exercise or daily activity")
    name: str
    kind: str = Field(description="exercise or daily_activity")
    component: str | None
    region: str
    dose: DoseOut = Field(description="starting dose of the phase")
    target: DoseOut = Field(description="dose the phase builds to (the check-in engine's ceilings)")
    sessions_per_week: int
    session: str | None = Field(description="A, B or A+B; null for a quota done across the day")
    strategy: Strategy
    goals: list[str]
    ladder: list[str] = Field(description="usable rungs, easiest first; dose.level is the rung number")
    minutes: float = Field(description="one session's time for this item at the target dose")
    increments: dict[str, IncrementIn] = Field(
        description="how each dimension of the dose moves, with the target as ceiling: a check-in's activity.increments"
    )
    reasons: list[str] = Field(description="for the person: why it was chosen, in plain words")
    rationale: list[str] = Field(description="for the clinician: ICF codes and how closely they match, dose rules, sources")
    support: str = Field("", description="for the person: what to hold from the start, when balance work stays supported")
    limits: dict[str, float] = Field(
        default_factory=dict,
        description="the check-in limits this prescription carries (a check-in's limits): rpe_max_to_advance "
                    "under an effort cap from a health condition; empty when the usual limits apply",
    )

    @classmethod
    def from_core(cls, p: Prescription) -> PrescriptionOut:
        return cls(
            id=p.activity_id, name=p.name, kind=p.kind, component=p.component.value if p.component else None,
            region=p.region.value, dose=p.dose.as_dict(), target=p.target.as_dict(),
            sessions_per_week=p.sessions_per_week, session=p.session, strategy=p.strategy, goals=list(p.goals),
            ladder=list(p.ladder), minutes=p.minutes, reasons=list(p.reasons), rationale=list(p.rationale),
            support=p.support, limits=p.limits(),
            increments={
                d: IncrementIn(step=i.step, unit="percent" if i.percent else "absolute", minimum=i.minimum,
                               cap=i.cap, floor=i.floor, ceiling=i.ceiling)
                for d, i in p.increments_with_ceilings().items() if p.dose.get(d) is not None
            },
        )


class CheckpointOut(WireOut):
    week: int
    date: date
    measures: list[str]
    decides: str

    @classmethod
    def from_core(cls, c: Checkpoint) -> CheckpointOut:
        return cls(week=c.week, date=c.date, measures=list(c.measures), decides=c.decides)


class SessionDayOut(WireOut):
    day: str
    session: str | None = Field(description="null on a rest day")
    minutes: float


class PhaseOut(WireOut):
    name: str
    purpose: str
    first_week: int
    start: date
    weeks: int | None = Field(description="null for maintenance, which carries on")
    minutes_per_session: float
    week: list[SessionDayOut]
    prescriptions: list[PrescriptionOut]
    progression_criteria: list[str] = Field(description="for the person: when to move on, in plain words")
    criteria_sources: list[str] = Field(description="for the clinician: the same rules with their sources")
    checkpoint: CheckpointOut | None

    @classmethod
    def from_core(cls, p: Phase) -> PhaseOut:
        return cls(
            name=p.name, purpose=p.purpose, first_week=p.first_week, start=p.start, weeks=p.weeks,
            minutes_per_session=p.minutes_per_session,
            week=[SessionDayOut(day=d.day, session=d.session, minutes=d.minutes) for d in p.week],
            prescriptions=[PrescriptionOut.from_core(x) for x in p.prescriptions],
            progression_criteria=list(p.progression_criteria), criteria_sources=list(p.criteria_sources),
            checkpoint=CheckpointOut.from_core(p.checkpoint) if p.checkpoint else None,
        )


class EducationOut(WireOut):
    module: str
    title: str
    week: int
    reason: str


class GoalPathOut(WireOut):
    goal: str
    words: str
    icf: str
    success: str
    by_phase: dict[str, list[str]]
    projected_week: int | None
    target_week: int
    on_track: bool
    note: str


class HoldOut(WireOut):
    """Movements held until a clinician records a clearance in the intake's ``constraints.clearances``."""

    clearance: str = Field(description="the clearance to record: blood_pressure, cervical_arterial_screen, heart_condition_stable or pregnancy_cleared")
    cautions: list[str] = Field(description="the movements held")
    reason: str = Field(description="for the clinician: the finding, the threshold and the source")
    advice: str = Field(description="for the person, in plain words")


class StopSignsOut(WireOut):
    """Signs that mean stop exercising and get help, for a condition exercise can strain (heart disease)."""

    condition: str = Field(description="in plain words, e.g. heart condition")
    signs: list[str] = Field(description="each sign, in plain words")
    what_to_do: str = Field(description="what to do when one appears, in plain words")
    kinds: list[str] = Field(default_factory=list, description=(
        "the comorbidities the signs are for (heart_disease, pregnancy; both when both): what a page decides "
        "by, e.g. whether the heart signs can be sent from the help page"))


class ProgramOut(WireOut):
    """A phased program, with every choice explained."""

    start: date
    strategy: Strategy
    starting_fraction: float
    goals: list[GoalPathOut]
    phases: list[PhaseOut]
    education: list[EducationOut]
    checkpoints: list[CheckpointOut]
    reentry_triggers: list[str]
    decisions: list[str] = Field(description="for the person: the program's choices in plain words")
    left_out: list[str]
    holds: list[HoldOut] = Field(default_factory=list, description="movements held until a clearance is recorded")
    effort_cap: str = Field("", description="for the person: how hard any exercise may feel, when a condition caps it (heart disease)")
    stop_signs: StopSignsOut | None = Field(None, description="for the person: signs to stop and get help (heart disease)")
    rationale: list[str] = Field(description="for the clinician: each choice's readings, rule and source")
    warnings: list[str] = Field(default_factory=list, description=(
        "for the clinician only: what to check with the person before the plan is used, e.g. a goal whose "
        "task is tracked by an activity of another kind (both named)"))
    exposure_offered: list[str] = Field(
        description="feared activities offered as the first items of a graded-exposure hierarchy (empty when not offered)"
    )
    likes_kept: list[str] = Field(default_factory=list, description="liked activities not in the library, kept as said")
    dislikes_kept: list[str] = Field(default_factory=list, description="disliked activities not in the library, kept as said")
    words_read_as: dict[str, str] = Field(
        default_factory=dict, description="the person's words read as library words (as said: library word)")

    @classmethod
    def from_core(cls, program: Program) -> ProgramOut:
        return cls(
            start=program.start, strategy=program.strategy, starting_fraction=program.starting_fraction,
            goals=[GoalPathOut(goal=g.goal, words=g.words, icf=g.icf, success=g.success,
                               by_phase={k: list(v) for k, v in g.by_phase.items()},
                               projected_week=g.projected_week, target_week=g.target_week,
                               on_track=g.on_track, note=g.note) for g in program.goals],
            phases=[PhaseOut.from_core(p) for p in program.phases],
            education=[EducationOut(module=e.module, title=e.title, week=e.week, reason=e.reason) for e in program.education],
            checkpoints=[CheckpointOut.from_core(c) for c in program.checkpoints],
            reentry_triggers=list(program.reentry_triggers),
            decisions=list(program.decisions),
            left_out=list(program.left_out),
            holds=[HoldOut(clearance=h.clearance, cautions=list(h.cautions), reason=h.reason, advice=h.advice)
                   for h in program.holds],
            effort_cap=program.effort_cap,
            stop_signs=(StopSignsOut(condition=program.stop_signs.condition, signs=list(program.stop_signs.signs),
                                     what_to_do=program.stop_signs.what_to_do, kinds=list(program.stop_signs.kinds))
                        if program.stop_signs else None),
            rationale=list(program.rationale), warnings=list(program.warnings),
            exposure_offered=list(program.exposure_offered),
            likes_kept=list(program.likes_kept), dislikes_kept=list(program.dislikes_kept),
            words_read_as=dict(program.words_read_as),
        )
