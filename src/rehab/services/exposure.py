"""Graded exposure on stored records: the fear hierarchy, its re-ratings, the agreed safety
behaviours, and the patient's behavioural experiments (clinical reference §3.3).

The clinician builds the hierarchy with the patient; every rating is a row of its own, so each
item's history is kept and a change beyond ``exposure_harm_true_change`` (20 points) shows as a true
change. The patient logs experiments from the phone; each one runs the exposure activity's check-in
with :func:`rehab.core.engine.progression.check_in`, on the same core types ``rehab check-in`` builds
from its JSON (:func:`exposure_records`), and the decision's exposure step names the item to practise
next. Each use case is one transaction and audited; experiments are retried safely by their id.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from rehab.content.loader import packaged_library
from rehab.contracts.checkin import DecisionOut, LimitsIn
from rehab.contracts.fear_hierarchy import (
    ExperimentLogIn,
    ExperimentOut,
    ExperimentResult,
    FearHierarchyOut,
    FearItemIn,
    FearItemOut,
    FearRatingIn,
    FearRatingOut,
    SafetyBehavioursIn,
)
from rehab.core.engine.exposure_evidence import evidence
from rehab.core.engine.safety import stops_exercise
from rehab.core.models import BehaviouralExperiment, ExposureItem, FearHierarchy, Limits, Strategy
from rehab.services import baselines, checkins
from rehab.services import today as todays
from rehab.contracts.paging import Page
from rehab.services.access import (
    CARE_TEAM,
    CARE_TEAM_AND_PATIENT,
    PATIENT,
    Actor,
    check_patient,
    open_patient,
    read_audited,
)
from rehab.services.paging import Paging, read_page
from rehab.services.errors import Conflict, ExercisePaused, Invalid, NotFound
from rehab.services.record_dates import check_logged_day
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

# How far back a check-in reads experiments: as far as it reads sessions.
EXPERIMENT_DAYS = checkins.HISTORY_DAYS

_ITEMS = (select(tables.FearItem).where(tables.FearItem.patient_id == bindparam("patient_id"))
          .order_by(tables.FearItem.created_at, tables.FearItem.id))
# An item is re-rated at every review for as long as the exposure goes on; what is read is its
# first rating (the change is measured from it), its latest RATINGS_SHOWN (the latest ranks it)
# and how many there are, so a person two years into graded exposure reads as much as one two
# months in (issue 15 §7).
RATINGS_SHOWN = 10
_R = tables.FearRating
_RANKED = (select(_R.id,
                  func.row_number().over(partition_by=_R.item_id,
                                         order_by=(_R.rated_on.desc(), _R.recorded_at.desc(), _R.id.desc())).label("newest"),
                  func.row_number().over(partition_by=_R.item_id,
                                         order_by=(_R.rated_on, _R.recorded_at, _R.id)).label("oldest"),
                  func.count().over(partition_by=_R.item_id).label("rated"))
           .where(_R.patient_id == bindparam("patient_id"), _R.rated_on <= bindparam("today"))
           .subquery())
_RATINGS = (select(_R, _RANKED.c.rated).join(_RANKED, _RANKED.c.id == _R.id)
            .where(or_(_RANKED.c.newest <= RATINGS_SHOWN, _RANKED.c.oldest == 1))
            .order_by(_R.rated_on, _R.recorded_at, _R.id))
_EXPERIMENTS = (select(tables.BehaviouralExperiment)
                .where(tables.BehaviouralExperiment.patient_id == bindparam("patient_id"),
                       tables.BehaviouralExperiment.date > bindparam("since"),
                       tables.BehaviouralExperiment.date <= bindparam("today"))
                .order_by(tables.BehaviouralExperiment.date, tables.BehaviouralExperiment.recorded_at))
_NEW_EXPERIMENT = {
    name: insert(tables.BehaviouralExperiment.__table__).on_conflict_do_nothing(index_elements=["patient_id", "id"])
    .returning(tables.BehaviouralExperiment.__table__.c.id)
    for name, insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
}


# ---- reading the records ------------------------------------------------------------------------

def exposure_prescription(uow: UnitOfWork, patient_id: uuid.UUID) -> tables.Prescription | None:
    """The current program's graded-exposure activity (a program has at most one)."""
    return next((p for p in checkins.prescriptions(uow, patient_id) if p.strategy == Strategy.GRADED_EXPOSURE.value),
                None)


def _limits(uow: UnitOfWork, patient_id: uuid.UUID) -> Limits:
    prescription = exposure_prescription(uow, patient_id)
    if prescription is not None:
        return LimitsIn.model_validate(prescription.limits).to_core()
    return baselines.limits_of(uow, patient_id)


def _current_item(uow: UnitOfWork, patient_id: uuid.UUID, activity_id: str | None, today: date) -> str | None:
    """The item the latest check-in of the exposure activity said to practise next."""
    if activity_id is None:
        return None
    document = uow.session.scalar(
        select(tables.Decision.document).where(tables.Decision.patient_id == patient_id,
                                               tables.Decision.activity_id == activity_id,
                                               tables.Decision.date <= today)
        .order_by(tables.Decision.date.desc(), tables.Decision.decided_at.desc()).limit(1))
    return ((document or {}).get("exposure") or {}).get("item")


def _rated(uow: UnitOfWork, patient_id: uuid.UUID, today: date,
           counts: dict[str, int] | None = None) -> list[tuple[tables.FearItem, list[tables.FearRating]]]:
    """Each item rated by ``today`` with its first and latest ratings (:data:`RATINGS_SHOWN`),
    oldest first; ``counts`` is filled with how many ratings each item has in all."""
    ratings: dict[str, list[tables.FearRating]] = {}
    for rating, rated in uow.session.execute(_RATINGS, {"patient_id": patient_id, "today": today}):
        ratings.setdefault(rating.item_id, []).append(rating)
        if counts is not None:
            counts[rating.item_id] = rated
    return [(item, ratings[item.id]) for item in uow.session.scalars(_ITEMS, {"patient_id": patient_id})
            if item.id in ratings]


def _hierarchy(rated, current: str | None) -> FearHierarchy:
    items = tuple(ExposureItem(item.id, item.activity, rows[-1].harm, item.goal,
                               rows[0].harm if len(rows) > 1 else None) for item, rows in rated)
    known = {item.id for item in items}
    return FearHierarchy(items, current if current in known else None)


def _experiment(row: tables.BehaviouralExperiment) -> BehaviouralExperiment:
    return BehaviouralExperiment(row.date, row.item_id, row.expected, row.belief_before, row.fear_before,
                                 row.stopped_early, row.outcome, row.feared_outcome_happened, row.belief_after,
                                 tuple(row.safety_behaviours), row.pain_during)


def exposure_records(uow: UnitOfWork, patient_id: uuid.UUID, activity_id: str,
                     today: date) -> tuple[FearHierarchy | None, tuple[BehaviouralExperiment, ...]]:
    """The hierarchy and experiments a check-in on ``today`` reads: the same core types
    ``rehab check-in`` builds from its ``hierarchy`` and ``experiments`` (None before any item is rated)."""
    rated = _rated(uow, patient_id, today)
    if not rated:
        return None, ()
    hierarchy = _hierarchy(rated, _current_item(uow, patient_id, activity_id, today))
    rows = uow.session.scalars(_EXPERIMENTS, {"patient_id": patient_id, "today": today,
                                              "since": today - timedelta(days=EXPERIMENT_DAYS)})
    return hierarchy, tuple(_experiment(row) for row in rows)


def _safety_behaviours(uow: UnitOfWork, patient_id: uuid.UUID) -> list[str]:
    latest = uow.session.scalar(select(tables.SafetyBehaviourList.behaviours)
                                .where(tables.SafetyBehaviourList.patient_id == patient_id)
                                .order_by(tables.SafetyBehaviourList.recorded_at.desc()).limit(1))
    return list(latest or [])


def _hierarchy_out(uow: UnitOfWork, patient_id: uuid.UUID, today: date) -> FearHierarchyOut:
    limits = _limits(uow, patient_id)
    counts: dict[str, int] = {}
    rated = _rated(uow, patient_id, today, counts)
    prescription = exposure_prescription(uow, patient_id)
    core = _hierarchy(rated, _current_item(uow, patient_id, prescription.activity_id if prescription else None, today))
    rows = {item.id: (item, ratings) for item, ratings in rated}
    current = core.current_item.id if core.items else None
    items = []
    for rank, ranked in enumerate(core.items, start=1):
        item, ratings = rows[ranked.id]
        change = ratings[-1].harm - ratings[0].harm
        items.append(FearItemOut(
            id=item.id, activity=item.activity, goal=item.goal, library_activity=item.library_activity, rank=rank,
            harm=ratings[-1].harm, first_harm=ratings[0].harm, change=change,
            true_change=abs(change) > limits.exposure_harm_true_change, current=item.id == current,
            ratings=[FearRatingOut(harm=r.harm, rated_on=r.rated_on, recorded_at=r.recorded_at) for r in ratings],
            rating_count=counts[item.id]))
    return FearHierarchyOut(items=items, current=current, safety_behaviours=_safety_behaviours(uow, patient_id),
                            true_change_points=limits.exposure_harm_true_change,
                            offered=_offered(uow, patient_id, [item.activity for item, _ in rated]))


def _offered(uow: UnitOfWork, patient_id: uuid.UUID, in_hierarchy: list[str]) -> list[str]:
    """The feared activities the planner offered for graded exposure (the intake's, in the person's
    words, kept in the planned program the current version was built from), less those already
    rated into the hierarchy, so what the patient named at intake is not typed again or forgotten."""
    program = checkins.current_program(uow, patient_id)
    planned = ((program.document or {}).get("planned") or {}) if program is not None else {}
    taken = {_same_words(words) for words in in_hierarchy}
    return [words for words in planned.get("exposure_offered") or [] if _same_words(words) not in taken]


def _same_words(words: str) -> str:
    return " ".join(words.casefold().split())


# ---- the clinician's hierarchy --------------------------------------------------------------------

def fear_hierarchy(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, today: date) -> FearHierarchyOut:
    """The hierarchy from the least to the most feared, each item with every rating."""
    with uow:
        check_patient(uow, actor, patient_id, action="read", resource="fear_hierarchy", roles=CARE_TEAM_AND_PATIENT)
        out = _hierarchy_out(uow, patient_id, today)
        uow.commit()
        return out


def add_item(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, given: FearItemIn,
             today: date) -> tuple[FearHierarchyOut, bool]:
    """Put an activity on the hierarchy with its first harm rating. The same item sent again (a
    form sent twice) is the one stored: ``True`` and nothing added; other words for an item already
    there are a conflict (re-rate it instead)."""
    item_id = given.item_id
    with uow:
        check_patient(uow, actor, patient_id, action="create", resource="fear_item", roles=CARE_TEAM,
                      resource_id=item_id)
        if given.library_activity and given.library_activity not in packaged_library().activities:
            raise Invalid("library_activity", f"{given.library_activity!r} is not a daily activity of the library")
        rated_on = _rating_day(uow, given.rated_on, today)
        uow.session.execute(select(tables.Patient.id).where(tables.Patient.id == patient_id).with_for_update())
        existing = uow.session.get(tables.FearItem, (patient_id, item_id))
        if existing is not None:
            first = uow.session.scalar(select(tables.FearRating.harm).where(
                tables.FearRating.patient_id == patient_id, tables.FearRating.item_id == item_id)
                .order_by(tables.FearRating.recorded_at).limit(1))
            if (existing.activity, existing.goal, existing.library_activity, first) != (
                    given.activity, given.goal, given.library_activity, given.harm):
                raise Conflict(f"activity: {given.activity!r} is already on the hierarchy; re-rate it instead")
            out = _hierarchy_out(uow, patient_id, today)
            uow.commit()
            return out, True
        now = uow.now()
        uow.session.add(tables.FearItem(id=item_id, patient_id=patient_id, activity=given.activity, goal=given.goal,
                                        library_activity=given.library_activity, recorded_by=actor.user_id,
                                        created_at=now))
        uow.session.add(tables.FearRating(patient_id=patient_id, item_id=item_id, harm=given.harm, rated_on=rated_on,
                                          recorded_by=actor.user_id, recorded_at=now))
        uow.session.flush()
        out = _hierarchy_out(uow, patient_id, today)
        uow.commit()
        return out, False


def _rating_day(uow: UnitOfWork, rated_on: date | None, today: date) -> date:
    if rated_on is None:
        return today
    if rated_on > today:
        raise Invalid("rated_on", f"{rated_on} is after today ({today})")
    return rated_on


def rerate(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, item_id: str, given: FearRatingIn,
           today: date) -> tuple[FearHierarchyOut, bool]:
    """A new harm rating of one item, kept beside the earlier ones. The same rating the same day
    again (a retry) adds nothing: ``True``."""
    with uow:
        check_patient(uow, actor, patient_id, action="create", resource="fear_rating", roles=CARE_TEAM,
                      resource_id=item_id)
        rated_on = _rating_day(uow, given.rated_on, today)
        uow.session.execute(select(tables.Patient.id).where(tables.Patient.id == patient_id).with_for_update())
        if uow.session.get(tables.FearItem, (patient_id, item_id)) is None:
            raise NotFound(f"there is no {item_id!r} on this patient's fear hierarchy")
        latest = uow.session.scalar(select(tables.FearRating).where(
            tables.FearRating.patient_id == patient_id, tables.FearRating.item_id == item_id)
            .order_by(tables.FearRating.recorded_at.desc()).limit(1))
        replayed = latest is not None and (latest.harm, latest.rated_on) == (given.harm, rated_on)
        if not replayed:
            now = uow.now()
            if latest is not None and now <= latest.recorded_at:
                now = latest.recorded_at + timedelta(microseconds=1)
            uow.session.add(tables.FearRating(patient_id=patient_id, item_id=item_id, harm=given.harm,
                                              rated_on=rated_on, recorded_by=actor.user_id, recorded_at=now))
            uow.session.flush()
        out = _hierarchy_out(uow, patient_id, today)
        uow.commit()
        return out, replayed


def set_safety_behaviours(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, given: SafetyBehavioursIn,
                          today: date) -> FearHierarchyOut:
    """The safety behaviours agreed with the patient; the experiment form offers these."""
    with uow:
        check_patient(uow, actor, patient_id, action="update", resource="safety_behaviours", roles=CARE_TEAM)
        if _safety_behaviours(uow, patient_id) != given.behaviours:
            uow.session.add(tables.SafetyBehaviourList(patient_id=patient_id, behaviours=list(given.behaviours),
                                                       recorded_by=actor.user_id, recorded_at=uow.now()))
            uow.session.flush()
        out = _hierarchy_out(uow, patient_id, today)
        uow.commit()
        return out


# ---- the patient's experiments --------------------------------------------------------------------

def _experiment_out(row: tables.BehaviouralExperiment, activity: str) -> ExperimentOut:
    return ExperimentOut(id=row.id, date=row.date, item=row.item_id, activity=activity, expected=row.expected,
                         belief_before=row.belief_before, fear_before=row.fear_before, stopped_early=row.stopped_early,
                         outcome=row.outcome, feared_outcome_happened=row.feared_outcome_happened,
                         belief_after=row.belief_after, safety_behaviours=list(row.safety_behaviours),
                         pain_during=row.pain_during, evidence=evidence(_experiment(row), activity),
                         recorded_at=row.recorded_at)


def _activities(uow: UnitOfWork, patient_id: uuid.UUID) -> dict[str, str]:
    return {item.id: item.activity for item in uow.session.scalars(_ITEMS, {"patient_id": patient_id})}


def log_experiment(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, given: ExperimentLogIn) -> ExperimentResult:
    """Store a behavioural experiment and run the exposure activity's check-in: its decision says
    which item to practise next. Refused (nothing stored) without a graded-exposure activity in the
    program, for an item not on the hierarchy, for a safety behaviour not on the agreed list, and
    while an emergency or urgent referral stands. A retry with the same id returns what was stored."""
    trigger = f"experiment:{given.id}"
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="behavioural_experiment",
                               roles=CARE_TEAM_AND_PATIENT, resource_id=given.id)
        activities = _activities(uow, patient.id)
        existing = uow.session.get(tables.BehaviouralExperiment, (patient.id, given.id))
        if existing is not None:
            return _replayed(uow, patient, given, existing, activities, trigger)
        prescription = exposure_prescription(uow, patient.id)
        if prescription is None:
            raise Invalid("item", "there is no graded-exposure activity in this patient's current program")
        if given.item not in activities:
            raise Invalid("item", f"{given.item!r} is not on this patient's fear hierarchy")
        agreed = {b.lower() for b in _safety_behaviours(uow, patient.id)}
        for k, behaviour in enumerate(given.safety_behaviours):
            if behaviour.lower() not in agreed:
                raise Invalid(f"safety_behaviours[{k}]", f"{behaviour!r} is not on the list agreed with the clinician")
        referral = todays.standing_referral(uow, patient.id)
        if stops_exercise(referral):
            raise ExercisePaused(referral.value)
        today = check_logged_day(uow, patient.enrolled_on, "date", given.date, actor.role == PATIENT)
        row = {**given.model_dump(exclude={"item"}), "item_id": given.item, "patient_id": patient.id,
               "recorded_by": actor.user_id, "recorded_at": uow.now()}
        connection = uow.session.connection()
        if connection.execute(_NEW_EXPERIMENT[connection.dialect.name], row).first() is None:
            existing = uow.session.get(tables.BehaviouralExperiment, (patient.id, given.id), populate_existing=True)
            return _replayed(uow, patient, given, existing, activities, trigger)
        stored = uow.session.get(tables.BehaviouralExperiment, (patient.id, given.id))
        out = _experiment_out(stored, activities[given.item])
        _, decision = checkins.run_check_in(uow, patient, prescription, today, trigger)
        uow.commit()
        return ExperimentResult(replayed=False, experiment=out, decisions=[decision])


def _replayed(uow: UnitOfWork, patient: tables.Patient, given: ExperimentLogIn, existing: tables.BehaviouralExperiment,
              activities: dict[str, str], trigger: str) -> ExperimentResult:
    stored = ExperimentLogIn(id=existing.id, date=existing.date, item=existing.item_id, expected=existing.expected,
                             belief_before=existing.belief_before, fear_before=existing.fear_before,
                             stopped_early=existing.stopped_early, outcome=existing.outcome,
                             feared_outcome_happened=existing.feared_outcome_happened,
                             belief_after=existing.belief_after, safety_behaviours=list(existing.safety_behaviours),
                             pain_during=existing.pain_during)
    if stored != given:
        raise Conflict(f"id: {given.id} was already used for a different experiment")
    decisions = [DecisionOut.model_validate(r.document) for r in uow.session.scalars(
        select(tables.Decision).where(tables.Decision.patient_id == patient.id, tables.Decision.trigger == trigger)
        .order_by(tables.Decision.decided_at))]
    result = ExperimentResult(replayed=True, experiment=_experiment_out(existing, activities.get(existing.item_id, "")),
                              decisions=decisions)
    uow.commit()  # the audit entry of this read
    return result


EXPERIMENT_ORDER = (tables.BehaviouralExperiment.date, tables.BehaviouralExperiment.recorded_at,
                    tables.BehaviouralExperiment.id)


def experiment_page(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, paging: Paging) -> Page[ExperimentOut]:
    """The experiments newest first, a page at a time: the patient's page shows the latest ones and
    an "older" link, so a person two years into graded exposure does not load every experiment on
    every visit."""
    def read(reading: UnitOfWork) -> Page[ExperimentOut]:
        activities = _activities(reading, patient_id)
        query = select(tables.BehaviouralExperiment).where(tables.BehaviouralExperiment.patient_id == patient_id)
        return read_page(reading.session, query, EXPERIMENT_ORDER, paging,
                         lambda row: _experiment_out(row, activities.get(row.item_id, row.item_id)))

    return read_audited(uow, actor, patient_id, resource="behavioural_experiments", roles=CARE_TEAM_AND_PATIENT,
                        read=read)


def exposure_program_activity(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID) -> str | None:
    """The name of the current program's graded-exposure activity, if it has one (for the pages)."""
    with uow:
        check_patient(uow, actor, patient_id, action="read", resource="program", roles=CARE_TEAM_AND_PATIENT)
        prescription = exposure_prescription(uow, patient_id)
        name = prescription.name if prescription is not None else None
        uow.commit()
        return name
