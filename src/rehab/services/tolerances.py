"""Tolerances measured again at a reassessment: which measured tolerances the planner starts from.

The planner paces every first dose below a measured tolerance (clinical reference §3.4: "measure
tolerance ... on 3 occasions or days and average. Then reduce by 20%, i.e. start at 80%"). The
intake's tolerances go stale: after months of rehabilitation (or a setback) the person can do more
(or less). A clinician measures them again and confirms them here, an explicit and audited act;
from then on the planner, and every proposal after a goal change, starts below the latest
confirmed tolerances, and the program version it builds names the day they were measured.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, select

from rehab.content.loader import packaged_library
from rehab.contracts.replanning import MeasuredToleranceOut, ToleranceBaselineOut, ToleranceRebaselineIn
from rehab.core.planning.intake import Tolerance
from rehab.core.planning.replanning import MeasuredTolerances
from rehab.contracts.paging import Page
from rehab.services.access import CARE_TEAM, CARE_TEAM_AND_PATIENT, Actor, check_patient
from rehab.services.paging import Paging, read_page
from rehab.services.errors import Invalid
from rehab.services.record_dates import check_happened
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

_HISTORY = (
    select(tables.ToleranceBaseline, tables.User.display_name)
    .outerjoin(tables.User, tables.User.id == tables.ToleranceBaseline.recorded_by)
    .where(tables.ToleranceBaseline.patient_id == bindparam("patient_id"))
    .order_by(tables.ToleranceBaseline.created_at.desc())
)


def _core(row: tables.ToleranceBaseline) -> MeasuredTolerances:
    return MeasuredTolerances(row.measured_on, tuple(
        Tolerance(t["activity"], t["dimension"], tuple(t["measures"])) for t in row.tolerances))


def latest(uow: UnitOfWork, patient_id: uuid.UUID) -> MeasuredTolerances | None:
    """The latest confirmed tolerances, or None (the intake's apply). Part of an audited use case."""
    row = uow.session.scalar(select(tables.ToleranceBaseline).where(tables.ToleranceBaseline.patient_id == patient_id)
                             .order_by(tables.ToleranceBaseline.created_at.desc()).limit(1))
    return _core(row) if row is not None else None


def used(measured: MeasuredTolerances | None) -> dict[str, Any]:
    """What a stored plan says about the tolerances it was paced from."""
    if measured is None:
        return {"source": "intake", "measured_on": None}
    return {"source": "re-baseline", "measured_on": measured.measured_on.isoformat(),
            "activities": [t.activity for t in measured.tolerances]}


def _out(row: tables.ToleranceBaseline, name: str | None) -> ToleranceBaselineOut:
    return ToleranceBaselineOut(
        id=row.id, measured_on=row.measured_on, note=row.note, recorded_by=row.recorded_by, recorded_by_name=name,
        created_at=row.created_at,
        tolerances=[MeasuredToleranceOut(activity=t.activity, dimension=t.dimension, measures=list(t.measures),
                                         mean=round(t.mean, 2)) for t in _core(row).tolerances])


def _library_problem(given: ToleranceRebaselineIn) -> tuple[str, str] | None:
    library = packaged_library()
    for i, t in enumerate(given.tolerances):
        if not library.knows(t.activity):
            return f"tolerances[{i}].activity", f"{t.activity!r} is not in the library"
        dimensions = (library.exercises[t.activity].dimensions if t.activity in library.exercises
                      else (library.activities[t.activity].dimension,))
        if t.dimension not in dimensions:
            return f"tolerances[{i}].dimension", f"{t.activity} is not measured in {t.dimension}"
    return None


def record_tolerances(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, given: ToleranceRebaselineIn,
                      field: str = "") -> tuple[ToleranceBaselineOut, bool]:
    """Store re-measured tolerances inside the caller's transaction (a reassessment calls this with
    ``field`` "tolerances." so a refused field is named as the caller sent it). Only the care team
    may; audited. The same measurements confirmed again (a form sent twice, a retry) are the same
    re-baseline: the stored one comes back with ``True`` and nothing is added."""
    enrolled = check_patient(uow, actor, patient_id, action="create", resource="tolerance_baseline", roles=CARE_TEAM,
                             resource_id=given.measured_on.isoformat())
    check_happened(uow, f"{field}measured_on", given.measured_on, since=enrolled, what="a measurement")
    problem = _library_problem(given)
    if problem is not None:
        raise Invalid(field + problem[0], problem[1])
    # One re-baseline of a patient at a time, so two copies of one request store one.
    uow.session.execute(select(tables.Patient.id).where(tables.Patient.id == patient_id).with_for_update())
    measured = [t.model_dump(mode="json") for t in given.tolerances]
    previous = uow.session.execute(_HISTORY.limit(1), {"patient_id": patient_id}).first()
    if previous is not None:
        row, name = previous
        if (row.measured_on, row.tolerances, row.note) == (given.measured_on, measured, given.note):
            return _out(row, name), True
    now = uow.now()
    if previous is not None and now <= previous[0].created_at:  # the later one is always the later row
        now = previous[0].created_at + timedelta(microseconds=1)
    row = tables.ToleranceBaseline(patient_id=patient_id, measured_on=given.measured_on, tolerances=measured,
                                   note=given.note, recorded_by=actor.user_id, created_at=now)
    uow.session.add(row)
    uow.session.flush()
    user = uow.session.get(tables.User, actor.user_id)
    return _out(row, user.display_name if user else None), False


def rebaseline_tolerances(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID,
                          given: ToleranceRebaselineIn) -> tuple[ToleranceBaselineOut, bool]:
    """A clinician confirms newly measured tolerances; see :func:`record_tolerances`."""
    with uow:
        out = record_tolerances(uow, actor, patient_id, given)
        uow.commit()
        return out


TOLERANCE_ORDER = (tables.ToleranceBaseline.created_at, tables.ToleranceBaseline.id)


def tolerance_page(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, paging: Paging) -> Page[ToleranceBaselineOut]:
    """The tolerance re-baselines, newest first, a page at a time (the API's list; the first is the
    one the planner uses)."""
    query = (select(tables.ToleranceBaseline, tables.User.display_name)
             .outerjoin(tables.User, tables.User.id == tables.ToleranceBaseline.recorded_by)
             .where(tables.ToleranceBaseline.patient_id == patient_id))
    with uow:
        check_patient(uow, actor, patient_id, action="read", resource="tolerance_baselines",
                      roles=CARE_TEAM_AND_PATIENT)
        out = read_page(uow.session, query, TOLERANCE_ORDER, paging, lambda found: _out(*found),
                        keys_of=lambda found: (found[0].created_at, found[0].id), rows="tuples")
        uow.commit()
        return out


def tolerance_history(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID) -> list[ToleranceBaselineOut]:
    """Every tolerance re-baseline, newest first (the first is the one the planner uses)."""
    with uow:
        check_patient(uow, actor, patient_id, action="read", resource="tolerance_baselines",
                      roles=CARE_TEAM_AND_PATIENT)
        out = [_out(row, name) for row, name in uow.session.execute(_HISTORY, {"patient_id": patient_id})]
        uow.commit()
        return out
