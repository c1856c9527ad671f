"""Two ways a caller that checks people in by the thousand (the virtual cohort) saves work, with the
same decisions: a person's diary series kept as the diary grows, and words worded only when read."""

import pickle
from datetime import date, timedelta

import pytest

from rehab.core.engine import messages, monitoring
from rehab.core.engine.increments import DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER
from rehab.core.engine.progression import check_in
from rehab.core.models import Activity, CheckIn, DiaryEntry, Dose, SessionLog

START = date(2027, 1, 4)


def _amira_diary() -> tuple[monitoring.RunningDiary, list[DiaryEntry]]:
    """Amira logs her usual pain most evenings and her pain on waking most mornings (stored against
    the day before); she skips a few days, and declares a flare once."""
    entries: list[DiaryEntry] = []
    running = monitoring.RunningDiary(entries)
    for n in range(40):
        day = START + timedelta(days=n)
        if n % 5 != 3 and entries and entries[-1].date == day - timedelta(days=1):  # this morning's pain
            last = entries[-1]
            running.replace_latest(DiaryEntry(last.date, pain=last.pain, pain_next_morning=2 + n % 3,
                                              flare_declared=last.flare_declared))
        if n % 7 != 6:
            running.append(DiaryEntry(day, pain=3 + (n % 4), flare_declared=True if n == 20 else None))
    return running, entries


def test_a_running_diary_gives_the_series_a_fresh_read_of_the_same_days_gives():
    running, entries = _amira_diary()
    for first in (START, START + timedelta(days=9), START + timedelta(days=20), START + timedelta(days=45)):
        fresh = monitoring.diary_series([e for e in entries if e.date >= first])
        kept = running.series(first)
        assert (kept.usual.days, kept.usual.values) == (fresh.usual.days, fresh.usual.values)
        assert (kept.morning.days, kept.morning.values, kept.morning.by_day) == (
            fresh.morning.days, fresh.morning.values, fresh.morning.by_day)
        assert kept.flare_declared == fresh.flare_declared


def test_a_running_diary_refuses_an_earlier_day_and_notices_a_list_changed_behind_its_back():
    running, entries = _amira_diary()
    with pytest.raises(ValueError):
        running.append(DiaryEntry(entries[-1].date, pain=4))
    with pytest.raises(ValueError):
        running.replace_latest(DiaryEntry(entries[-2].date, pain=4))
    assert running.in_step(entries)
    entries.append(DiaryEntry(entries[-1].date + timedelta(days=1), pain=5))
    assert not running.in_step(entries), "an entry added to the list directly is not in the kept series"
    assert not running.in_step(list(entries))


def _ready_checkin(entries: list[DiaryEntry]) -> CheckIn:
    dose = Dose(duration_s=600)
    today = START + timedelta(days=40)
    sessions = tuple(SessionLog(today - timedelta(days=n), dose, pain_during=3, rpe=5) for n in (6, 4, 2, 1))
    return CheckIn(today, Activity("walking", dose, 3, DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER),
                   sessions=sessions, diary=tuple(entries))


def test_the_check_in_decides_the_same_with_the_kept_series_as_from_her_diary():
    running, entries = _amira_diary()
    ci = _ready_checkin(entries)
    with_kept = check_in(ci, running.series(START))
    fresh = check_in(ci)
    assert with_kept == fresh and repr(with_kept) == repr(fresh)


def test_the_words_are_worded_when_first_read_and_are_the_same_words(monkeypatch):
    _, entries = _amira_diary()
    calls = []
    real = messages.explain

    def counted(*args):
        calls.append(args[0])
        return real(*args)

    monkeypatch.setattr(messages, "explain", counted)
    decision = check_in(_ready_checkin(entries))
    assert calls == [], "nothing is worded for a caller that keeps only the kind and the dose"
    patient, clinician = decision.message_patient, decision.summary_clinician
    assert calls == [decision.kind] and patient and clinician
    assert decision.message_patient is patient and len(calls) == 1, "worded once"
    again = pickle.loads(pickle.dumps(check_in(_ready_checkin(entries))))
    assert again == decision and again.message_patient == patient and again.summary_clinician == clinician
    with pytest.raises(AttributeError):
        decision.kind = None
