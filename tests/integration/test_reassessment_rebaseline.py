"""A reassessment that re-baselines (issue 13): at the checkpoint Bob confirms Carol's new usual
pain after her medication change and ticks "re-baseline from these dates". The same service as
POST /patients/{id}/baseline stores it, in the reassessment's transaction, audited; the check-ins
after it name the window, its reason and the day it was confirmed. Both databases.
"""

from datetime import timedelta

import pytest
from clinic_cast import TODAY
from sqlalchemy import func, select
from test_rebaseline_service import anchors, criterion, diary, last_14_days

from rehab.contracts.records import ReassessmentIn, RebaselineIn, RedFlagScreeningIn
from rehab.services import baselines, care, logs
from rehab.services.errors import Invalid
from rehab.store import tables


def reassessment(rebaseline: RebaselineIn | None) -> ReassessmentIn:
    return ReassessmentIn(taken_on=TODAY, red_flags=RedFlagScreeningIn(taken_on=TODAY), rebaseline=rebaseline)


def checkpoints(cast) -> int:
    with cast.sessions() as session:
        return session.scalar(select(func.count()).select_from(tables.Screening)
                              .where(tables.Screening.kind == "checkpoint"))


def test_a_reassessment_re_baselines_and_later_decisions_name_that_baseline(cast):
    diary(cast, cast.carol)
    out = care.reassess(cast.uow(), cast.bob, cast.carol.patient_id, reassessment(last_14_days()))
    assert (out.rebaseline.first, out.rebaseline.last, out.rebaseline.reason, out.rebaseline.confirmed_on) == (
        TODAY - timedelta(days=14), TODAY - timedelta(days=1), "medication_change", TODAY)
    assert [a.id for a in baselines.baseline_history(cast.uow(), cast.bob, cast.carol.patient_id)] == [out.rebaseline.id]
    with cast.sessions() as session:
        audited = session.scalars(select(tables.AuditEntry.resource).where(
            tables.AuditEntry.patient_id == cast.carol.patient_id, tables.AuditEntry.action == "create")).all()
    assert "reassessment" in audited and "baseline_anchor" in audited

    decision = logs.run_check_in(cast.uow(), cast.bob, cast.carol.patient_id, "sit_to_stand", TODAY)
    used = criterion(decision, "personal_baseline").value
    assert (used["kind"], used["first"], used["confirmed_on"]) == (
        "medication_change", str(TODAY - timedelta(days=14)), str(TODAY))
    assert used["last"] <= str(TODAY - timedelta(days=1))  # within the window (the engine drops unsettled days)
    stored = logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id)
    assert used in [criterion(d.decision, "personal_baseline").value for d in stored]  # as stored, it names it too


def test_a_reassessment_without_a_re_baseline_keeps_the_yardstick(cast):
    diary(cast, cast.carol)
    out = care.reassess(cast.uow(), cast.bob, cast.carol.patient_id, reassessment(None))
    assert out.rebaseline is None and anchors(cast) == 0


def test_a_re_baseline_window_the_diary_cannot_support_refuses_the_whole_reassessment(cast):
    diary(cast, cast.carol, days=5)
    too_few = RebaselineIn(first=TODAY - timedelta(days=5), last=TODAY - timedelta(days=1), reason="setback")
    with pytest.raises(Invalid) as refused:
        care.reassess(cast.uow(), cast.bob, cast.carol.patient_id, reassessment(too_few))
    assert refused.value.field.startswith("rebaseline.")
    assert anchors(cast) == 0 and checkpoints(cast) == 0  # one transaction: nothing is kept
