"""Outcome measures and goals on record: scored on save, compared with the last time, and their
safety findings raised at once (a PHQ-9 item 9 answer reaches a clinician whatever the total)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from rehab.contracts.paging import Page

from rehab.contracts.instruments import ScoreOut, scored
from rehab.contracts.records import (
    AssessmentIn,
    AssessmentOut,
    GoalIn,
    GoalOut,
    GoalUpdate,
    ScreeningOut,
)
from rehab.instruments import (
    AnswerError,
    MeasurementError,
    UnknownInstrument,
    lookup,
    psychosocial_profile,
    score,
)
from rehab.instruments.model import Questionnaire
from rehab.services import checkins, referrals
from rehab.services.access import CARE_TEAM, CARE_TEAM_AND_PATIENT, Actor, open_patient
from rehab.services.errors import Invalid, NotFound
from rehab.services.paging import Paging, first_and_latest, read_page
from rehab.services.patients import screening_out
from rehab.services.record_dates import check_happened
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

# A safety finding in a questionnaire (e.g. thoughts of self-harm) tops the caseload.
SAFETY_FINDING_ATTENTION = checkins.SAFETY_FINDING_ATTENTION


def _latest(uow: UnitOfWork, patient_id: uuid.UUID, instrument: str, before=None) -> tables.Assessment | None:
    query = select(tables.Assessment).where(tables.Assessment.patient_id == patient_id,
                                            tables.Assessment.instrument == instrument)
    if before is not None:
        query = query.where(tables.Assessment.taken_on <= before)
    return uow.session.scalar(query.order_by(tables.Assessment.taken_on.desc(), tables.Assessment.created_at.desc()).limit(1))


def baseline_of(uow: UnitOfWork, patient_id: uuid.UUID, current: AssessmentOut, rebaselined_from: date | None
                ) -> tuple[tables.Assessment | None, tables.Assessment | None]:
    """What a checkpoint judges importance from, and the administration just before ``current``
    (clinical reference §7.1, §7.2 steps 4-5). The baseline is the instrument's first administration
    (the intake's) or, after a re-baseline, the first on or after the start of its window; when none
    comes before ``current``, the last one before it. (None, None) at the first administration."""
    earlier = select(tables.Assessment).where(
        tables.Assessment.patient_id == patient_id, tables.Assessment.instrument == current.instrument,
        tables.Assessment.taken_on <= current.taken_on, tables.Assessment.id != current.id)
    previous = uow.session.scalar(earlier.order_by(*(c.desc() for c in ASSESSMENT_ORDER)).limit(1))
    since = earlier if rebaselined_from is None else earlier.where(tables.Assessment.taken_on >= rebaselined_from)
    baseline = uow.session.scalar(since.order_by(*ASSESSMENT_ORDER).limit(1))
    return baseline or previous, previous


def record(uow: UnitOfWork, actor: Actor, patient: tables.Patient, given: AssessmentIn, field: str = "") -> AssessmentOut:
    """Score and store one administration (inside the caller's transaction)."""
    check_happened(uow, f"{field}taken_on", given.taken_on, what="an assessment")
    previous = _latest(uow, patient.id, given.instrument, given.taken_on)
    try:
        result = scored(given.instrument, given.answers, previous.answers if previous else None)
    except UnknownInstrument as error:
        raise Invalid(f"{field}instrument", str(error)) from None
    except (AnswerError, MeasurementError) as error:
        raise Invalid(f"{field}answers", str(error).removeprefix("--previous: ")) from None
    row = tables.Assessment(patient_id=patient.id, instrument=given.instrument, taken_on=given.taken_on,
                            answers=given.answers, total=result.total, band=result.band,
                            result=result.model_dump(mode="json"), recorded_by=actor.user_id, created_at=uow.now())
    uow.session.add(row)
    uow.session.flush()
    for alert in result.alerts:
        checkins.raise_alert(uow, patient, alert.code, "urgent", alert.message)
        patient.attention = max(patient.attention, SAFETY_FINDING_ATTENTION)
        patient.attention_reason = f"Safety finding in {result.name}: {alert.message}"
    # A score that calls for a referral is never stored without its referral step.
    if given.instrument in referrals.SCREENS:
        referrals.open_steps(uow, actor, patient)
    return AssessmentOut(id=row.id, instrument=row.instrument, taken_on=row.taken_on, score=result)


def record_assessment(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, given: AssessmentIn) -> AssessmentOut:
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="assessment",
                               roles=CARE_TEAM_AND_PATIENT)
        out = record(uow, actor, patient, given)
        uow.commit()
        return out


ASSESSMENT_ORDER = (tables.Assessment.taken_on, tables.Assessment.created_at, tables.Assessment.id)
# Of each questionnaire or test the pages read the first score (change is measured from it) and the
# latest ones: a year of reviews every four weeks. The API pages through all of them.
SCORES_KEPT = 13


def _assessment_out(r: tables.Assessment) -> AssessmentOut:
    return AssessmentOut(id=r.id, instrument=r.instrument, taken_on=r.taken_on, score=ScoreOut.model_validate(r.result))


def list_assessments(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, instrument: str | None = None) -> list[AssessmentOut]:
    """Of each instrument on record, the first score and the latest :data:`SCORES_KEPT`, oldest
    first: what the pages show (first and latest, the chart of the last year, the planner's
    latest), read in the same amount however many years of reviews lie behind them."""
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="assessments", roles=CARE_TEAM_AND_PATIENT)
        where = [tables.Assessment.patient_id == patient_id]
        if instrument is not None:
            where.append(tables.Assessment.instrument == instrument)
        rows = uow.session.scalars(first_and_latest(tables.Assessment, tables.Assessment.instrument, ASSESSMENT_ORDER,
                                                    *where, latest=SCORES_KEPT))
        out = [_assessment_out(r) for r in rows]
        uow.commit()
        return out


def get_assessment(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, assessment_id: uuid.UUID) -> AssessmentOut:
    """One scored measure of the patient (NotFound when it is not theirs)."""
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="assessments", roles=CARE_TEAM_AND_PATIENT)
        row = uow.session.scalar(select(tables.Assessment).where(tables.Assessment.patient_id == patient_id,
                                                                 tables.Assessment.id == assessment_id))
        if row is None:
            raise NotFound("no such assessment for this patient")
        out = _assessment_out(row)
        uow.commit()
        return out


def assessment_page(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, paging: Paging,
                    instrument: str | None = None) -> Page[AssessmentOut]:
    """The patient's scored measures, newest first, one page at a time (the API's list)."""
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="assessments", roles=CARE_TEAM_AND_PATIENT)
        query = select(tables.Assessment).where(tables.Assessment.patient_id == patient_id)
        if instrument is not None:
            query = query.where(tables.Assessment.instrument == instrument)
        out = read_page(uow.session, query, ASSESSMENT_ORDER, paging, lambda r: AssessmentOut(
            id=r.id, instrument=r.instrument, taken_on=r.taken_on, score=ScoreOut.model_validate(r.result)))
        uow.commit()
        return out


def record_psychosocial(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID) -> ScreeningOut:
    """The psychosocial profile from the latest administration of each questionnaire on record,
    kept as a screening so the clinician sees what it suggested at the time."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="screening", roles=CARE_TEAM)
        latest: dict[str, tables.Assessment] = {}
        for row in uow.session.scalars(first_and_latest(tables.Assessment, tables.Assessment.instrument, ASSESSMENT_ORDER,
                                                        tables.Assessment.patient_id == patient.id, latest=1,
                                                        first=False)):
            latest[row.instrument] = row
        scores = []
        for instrument_id, row in latest.items():
            instrument = lookup(instrument_id)
            if isinstance(instrument, Questionnaire):
                scores.append(score(instrument, row.answers))
        profile = psychosocial_profile(scores)
        result = {
            "flags": list(profile.flags),
            "screens": [{"domain": s.domain, "instrument": s.instrument, "score": s.score, "band": s.band,
                         "threshold": s.threshold, "flagged": s.flagged} for s in profile.screens],
            "suggestions": [{"text": s.text, "because": list(s.because), "source": s.source} for s in profile.suggestions],
            "suggested_strategy": profile.suggested_strategy,
            "not_screened": list(profile.not_screened),
        }
        row = tables.Screening(patient_id=patient.id, kind="psychosocial", taken_on=uow.now().date(),
                               answers={"instruments": sorted(latest)}, result=result, recorded_by=actor.user_id,
                               created_at=uow.now())
        uow.session.add(row)
        uow.session.flush()
        out = screening_out(row)
        uow.commit()
        return out


# ---- goals ----------------------------------------------------------------------------------------

def _goal_out(goal: tables.Goal, history: list[tables.GoalChange]) -> GoalOut:
    return GoalOut(id=goal.id, words=goal.words, icf_code=goal.icf_code, task=goal.task,
                   success_criterion=goal.success_criterion, baseline=goal.baseline, gas_levels=goal.gas_levels,
                   gas_level=goal.gas_level, priority=goal.priority, target_date=goal.target_date, status=goal.status,
                   history=[{"changed_at": h.changed_at.isoformat(), "changed_by": str(h.changed_by), **h.snapshot}
                            for h in history])


def goal_out(goal: tables.Goal, uow: UnitOfWork) -> GoalOut:
    """A goal with its whole history, read inside the caller's transaction."""
    return _goal_out(goal, _history(uow, goal.id))


def _snapshot(goal: tables.Goal) -> dict:
    return {"words": goal.words, "task": goal.task, "success_criterion": goal.success_criterion,
            "gas_level": goal.gas_level, "priority": goal.priority, "status": goal.status,
            "target_date": goal.target_date.isoformat() if goal.target_date else None}


def set_goal(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, given: GoalIn) -> GoalOut:
    """A goal set with the patient. Its baseline is GAS -1 (Turner-Stokes 2009; §6.2)."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="goal", roles=CARE_TEAM)
        goal = tables.Goal(patient_id=patient.id, gas_level=-1, status="active", updated_at=uow.now(),
                           **given.model_dump(mode="python"))
        uow.session.add(goal)
        uow.session.flush()
        change = tables.GoalChange(goal_id=goal.id, changed_by=actor.user_id, changed_at=uow.now(), snapshot=_snapshot(goal))
        uow.session.add(change)
        uow.commit()
        return _goal_out(goal, [change])


def update_goal(uow: UnitOfWork, actor: Actor, goal_id: uuid.UUID, update: GoalUpdate) -> GoalOut:
    with uow:
        goal = uow.session.get(tables.Goal, goal_id)
        unseen = f"no goal {goal_id}"
        if goal is None:
            raise NotFound(unseen)
        open_patient(uow, actor, goal.patient_id, action="update", resource="goal", roles=CARE_TEAM, resource_id=goal_id,
                     unseen=unseen)
        out = change_goal(uow, actor, goal, update)
        uow.commit()
        return out


def change_goal(uow: UnitOfWork, actor: Actor, goal: tables.Goal, update: GoalUpdate) -> GoalOut:
    """A goal changed inside the caller's transaction (a goal re-expressed at a program review),
    its history kept; the caller has checked who may change it."""
    for field, value in update.model_dump(exclude_unset=True).items():
        setattr(goal, field, value)
    goal.updated_at = uow.now()
    uow.session.add(tables.GoalChange(goal_id=goal.id, changed_by=actor.user_id, changed_at=uow.now(),
                                      snapshot=_snapshot(goal)))
    uow.session.flush()
    return _goal_out(goal, _history(uow, goal.id))


def _history(uow: UnitOfWork, goal_id: uuid.UUID) -> list[tables.GoalChange]:
    return list(uow.session.scalars(select(tables.GoalChange).where(tables.GoalChange.goal_id == goal_id)
                                    .order_by(tables.GoalChange.changed_at)))


def list_goals(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID) -> list[GoalOut]:
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="goals", roles=CARE_TEAM_AND_PATIENT)
        goals = uow.session.scalars(select(tables.Goal).where(tables.Goal.patient_id == patient_id)
                                    .order_by(tables.Goal.priority, tables.Goal.updated_at))
        out = [_goal_out(g, _history(uow, g.id)) for g in goals]
        uow.commit()
        return out
