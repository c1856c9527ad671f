"""A note that changes no decision is not asked again the morning after a clinician read it.

Carol sleeps 4 to 5 hours a night with stress at 8/10. The check-in tells Bob, beside its decision
(sleep_and_stress: not a criterion). Bob reads it and acknowledges it. Her sleep does not change
overnight, so without a quiet period the same note would be back the next morning, and every
morning after: a clinician with 200 patients learns to click such notes away unread. It stays quiet
for two weeks, then comes back if her sleep is still short.
"""

import uuid
from datetime import timedelta

from clinic_cast import TODAY

from rehab.contracts.records import DiaryEntryIn
from rehab.services import checkins, logs, oversight


def a_short_night(cast, day):
    cast.clock.day = day
    logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id,
                   DiaryEntryIn(id=uuid.uuid4(), date=day, pain=5, pain_next_morning=5, sleep_hours=4.5, stress=8))
    checkins.run_due(cast.uow())


def sleep_notes(cast):
    return [a for a in oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id) if a.code == "sleep_and_stress"]


def test_bob_acknowledges_the_sleep_note_and_it_stays_quiet_for_two_weeks_then_comes_back(cast):
    start = TODAY - timedelta(days=30)
    for n in range(14):
        a_short_night(cast, start + timedelta(days=n))
    [note] = sleep_notes(cast)
    assert "sleep averaged 4.5 h" in note.message
    cast.clock.day = start + timedelta(days=13)
    oversight.acknowledge(cast.uow(), cast.bob, note.id)
    for n in range(14, 27):  # 13 more short nights: quiet
        a_short_night(cast, start + timedelta(days=n))
        assert sleep_notes(cast) == [], f"asked again on day {n}"
    a_short_night(cast, start + timedelta(days=28))  # two weeks on, still short: back
    assert len(sleep_notes(cast)) == 1
