"""Re-baselining: the clinician's explicit, audited move of a patient's yardstick (clinical reference
§7.2 step 5), on SQLite and PostgreSQL.

Carol (Bob's patient at Riverside) kept her diary at about 3/10 for four weeks. Then her GP changed
her analgesic and her pain settled at a new level, about 5.5/10, for four more weeks. Her own
yardstick is still the baseline phase at the start of her diary, so the engine sees a sustained
worsening and holds. Bob reviews her, agrees this is her new usual after the medication change, and
re-baselines on the last 14 days: the next check-in judges her against that window.
"""

import uuid
from datetime import date, timedelta

import pytest
from clinic_cast import TODAY
from sqlalchemy import func, select

from rehab.contracts.records import DiaryEntryIn, RebaselineIn
from rehab.services import baselines, logs
from rehab.services.errors import Denied, Invalid, NotFound
from rehab.store import tables

BEFORE = (3, 3, 2, 3, 4, 3, 3)  # her usual pain before the new analgesic
AFTER = (5, 6, 5, 6, 6, 5, 5)  # the level it settled at after the change


def diary(cast, patient, days: int = 56, change_on: date = TODAY - timedelta(days=28)):
    """Eight weeks of daily pain up to yesterday, the level changing on ``change_on``."""
    for n in range(days):
        day = TODAY - timedelta(days=days - n)
        level = (AFTER if day >= change_on else BEFORE)[n % 7]
        logs.log_diary(cast.uow(), patient, patient.patient_id, DiaryEntryIn(id=uuid.uuid4(), date=day, pain=level))


def last_14_days(reason="medication_change", note="GP changed her analgesic"):
    return RebaselineIn(first=TODAY - timedelta(days=14), last=TODAY - timedelta(days=1), reason=reason, note=note)


def criterion(decision, name):
    return next(c for c in decision.criteria if c.name == name)


def anchors(cast) -> int:
    with cast.sessions() as session:
        return session.scalar(select(func.count()).select_from(tables.BaselineAnchor))


def test_after_a_medication_change_the_next_check_in_judges_against_the_new_window(cast):
    diary(cast, cast.carol)
    before = logs.run_check_in(cast.uow(), cast.bob, cast.carol.patient_id, "sit_to_stand", TODAY)
    used = criterion(before, "personal_baseline").value
    assert used["kind"] == "intake" and used["mean"] < 3.5
    assert not criterion(before, "no_sustained_worsening").passed  # the new level reads as a setback

    stored, replayed = baselines.rebaseline(cast.uow(), cast.bob, cast.carol.patient_id, last_14_days(), TODAY)
    assert not replayed
    assert (stored.first, stored.last, stored.reason, stored.confirmed_on) == (
        TODAY - timedelta(days=14), TODAY - timedelta(days=1), "medication_change", TODAY)
    assert stored.confirmed_by == cast.bob.user_id and stored.confirmed_by_name == "Bob"

    # Today yesterday is still judged for a flare, so it is not yet part of its own yardstick (§5.3).
    same_day = logs.run_check_in(cast.uow(), cast.bob, cast.carol.patient_id, "sit_to_stand", TODAY)
    used = criterion(same_day, "personal_baseline").value
    assert (used["kind"], used["status"], used["last"]) == (
        "medication_change", "provisional", (TODAY - timedelta(days=2)).isoformat())

    # Her next diary day: the check-in judges her against the whole window Bob confirmed.
    cast.clock.day = TODAY + timedelta(days=1)
    for day in (TODAY, TODAY + timedelta(days=1)):
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, DiaryEntryIn(id=uuid.uuid4(), date=day, pain=5))
    after = logs.run_check_in(cast.uow(), cast.bob, cast.carol.patient_id, "sit_to_stand", TODAY + timedelta(days=1))
    used = criterion(after, "personal_baseline").value
    assert used["kind"] == "medication_change" and used["status"] == "anchored"
    assert (used["first"], used["last"]) == ((TODAY - timedelta(days=14)).isoformat(), (TODAY - timedelta(days=1)).isoformat())
    assert used["confirmed_on"] == TODAY.isoformat()
    assert 5 <= used["mean"] <= 6
    assert criterion(after, "no_sustained_worsening").passed  # her new usual is not a worsening of itself


def test_the_new_yardstick_still_sees_a_rise_above_the_new_usual(cast):
    """Re-baselining does not blind the engine: a flare above the new level is still a flare."""
    diary(cast, cast.carol)
    baselines.rebaseline(cast.uow(), cast.bob, cast.carol.patient_id, last_14_days(), TODAY)
    for day, pain in ((TODAY - timedelta(days=1), 9), (TODAY, 9)):
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, DiaryEntryIn(id=uuid.uuid4(), date=day, pain=pain))
    decision = logs.run_check_in(cast.uow(), cast.bob, cast.carol.patient_id, "sit_to_stand", TODAY)
    assert decision.decision.value == "flare"


def test_the_baseline_shows_which_window_the_engine_uses_and_who_confirmed_it(cast):
    diary(cast, cast.carol)
    shown = baselines.baseline(cast.uow(), cast.bob, cast.carol.patient_id, TODAY)
    assert shown.current.status == "anchored" and shown.current.kind == "intake"
    assert shown.current.first == TODAY - timedelta(days=56) and shown.history == []
    baselines.rebaseline(cast.uow(), cast.bob, cast.carol.patient_id, last_14_days("setback", None), TODAY)
    cast.clock.day = TODAY + timedelta(days=1)
    baselines.rebaseline(cast.uow(), cast.bob, cast.carol.patient_id, last_14_days(), TODAY + timedelta(days=1))
    shown = baselines.baseline(cast.uow(), cast.carol, cast.carol.patient_id, TODAY + timedelta(days=1))
    assert [(a.reason, a.confirmed_on, a.confirmed_by_name) for a in shown.history] == [
        ("medication_change", TODAY + timedelta(days=1), "Bob"), ("setback", TODAY, "Bob")]  # newest first
    assert shown.current.kind == "medication_change" and shown.current.confirmed_on == TODAY + timedelta(days=1)
    assert 5 <= shown.current.mean <= 6 and 1 <= shown.current.noise_band <= 2


def test_the_baseline_phase_is_provisional_while_it_runs_and_collecting_before_seven_days(cast):
    for n in range(4):
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id,
                       DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=4 - n), pain=4))
    shown = baselines.baseline(cast.uow(), cast.bob, cast.carol.patient_id, TODAY).current
    assert (shown.status, shown.mean, shown.days) == ("collecting", None, 4)
    for n in range(5, 10):
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id,
                       DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=n), pain=4))
    shown = baselines.baseline(cast.uow(), cast.bob, cast.carol.patient_id, TODAY).current
    assert shown.status == "provisional" and shown.kind == "intake" and shown.mean == 4


def test_the_same_re_baseline_sent_twice_the_same_day_is_stored_once(cast):
    diary(cast, cast.carol)
    first, replayed_first = baselines.rebaseline(cast.uow(), cast.bob, cast.carol.patient_id, last_14_days(), TODAY)
    again, replayed = baselines.rebaseline(cast.uow(), cast.bob, cast.carol.patient_id, last_14_days(), TODAY)
    assert (replayed_first, replayed) == (False, True)
    assert again == first and anchors(cast) == 1


def test_a_re_baseline_needs_seven_days_with_pain_in_the_window(cast):
    """§7.2 step 1: a baseline phase is at least 7 daily entries; fewer is refused and nothing moves."""
    for n in range(6):
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id,
                       DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=6 - n), pain=5))
    with pytest.raises(Invalid) as refused:
        baselines.rebaseline(cast.uow(), cast.bob, cast.carol.patient_id,
                             RebaselineIn(first=TODAY - timedelta(days=6), last=TODAY, reason="new_phase"), TODAY)
    assert refused.value.field == "first" and "only 6 days with a pain entry" in refused.value.message
    assert anchors(cast) == 0
    logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, DiaryEntryIn(id=uuid.uuid4(), date=TODAY, pain=5))
    baselines.rebaseline(cast.uow(), cast.bob, cast.carol.patient_id,
                         RebaselineIn(first=TODAY - timedelta(days=6), last=TODAY, reason="new_phase"), TODAY)
    assert anchors(cast) == 1


@pytest.mark.parametrize(("first", "last", "field", "words"), [
    (TODAY - timedelta(days=13), TODAY + timedelta(days=1), "last", "in the future"),
    (TODAY - timedelta(days=70), TODAY - timedelta(days=50), "first", "before the first diary entry"),
])
def test_a_window_of_days_not_yet_lived_or_before_the_diary_is_refused(cast, first, last, field, words):
    diary(cast, cast.carol)
    with pytest.raises(Invalid) as refused:
        baselines.rebaseline(cast.uow(), cast.bob, cast.carol.patient_id,
                             RebaselineIn(first=first, last=last, reason="setback"), TODAY)
    assert refused.value.field == field and words in refused.value.message
    assert anchors(cast) == 0


def test_only_her_clinicians_may_move_her_baseline(cast):
    """A patient cannot move her own yardstick (refused); an admin of her clinic is refused; another
    clinic's clinician and another patient are told she does not exist."""
    diary(cast, cast.carol)
    with pytest.raises(Denied):
        baselines.rebaseline(cast.uow(), cast.carol, cast.carol.patient_id, last_14_days(), TODAY)
    with pytest.raises(Denied):
        baselines.rebaseline(cast.uow(), cast.alice, cast.carol.patient_id, last_14_days(), TODAY)
    for outsider in (cast.erin, cast.dave):
        with pytest.raises(NotFound):
            baselines.rebaseline(cast.uow(), outsider, cast.carol.patient_id, last_14_days(), TODAY)
        with pytest.raises(NotFound):
            baselines.baseline(cast.uow(), outsider, cast.carol.patient_id, TODAY)
    assert anchors(cast) == 0


def test_a_re_baseline_is_in_the_audit_log_with_the_window_asked_for(cast):
    diary(cast, cast.carol)
    baselines.rebaseline(cast.uow(), cast.bob, cast.carol.patient_id, last_14_days(), TODAY)
    with cast.sessions() as session:
        entries = session.execute(select(tables.AuditEntry.user_id, tables.AuditEntry.action, tables.AuditEntry.resource_id)
                                  .where(tables.AuditEntry.resource == "baseline_anchor",
                                         tables.AuditEntry.patient_id == cast.carol.patient_id)).all()
    window = f"{(TODAY - timedelta(days=14)).isoformat()}..{(TODAY - timedelta(days=1)).isoformat()}"
    assert entries == [(cast.bob.user_id, "create", window)]
