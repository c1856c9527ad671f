"""Diary insights on the stored diary, on SQLite and PostgreSQL.

Carol keeps her diary for eight weeks and marks the days the weather was bad; the morning after
those days her pain is about two points higher. The report finds it, worded as an association to
explore; her care team and she see the same report, nobody else does, and each reading is audited.
"""

import random
import uuid
from datetime import timedelta

import pytest
from clinic_cast import TODAY
from sqlalchemy import select

from rehab.contracts.records import DiaryEntryIn
from rehab.services import insights, logs
from rehab.services.errors import NotFound
from rehab.store import tables


def weather_diary(cast, days=56):
    rng = random.Random(5)
    entries = []
    for n in range(days, 0, -1):
        day = TODAY - timedelta(days=n)
        marked = n % 5 == 2
        pain = 4 + rng.choice((-1, 0, 0, 1))
        entries.append(DiaryEntryIn(id=uuid.uuid4(), date=day, pain=pain, pain_next_morning=pain + (2 if marked else 0),
                                    stress=3, tags=["weather", "work"] if marked else []))
    logs.log_diary_entries(cast.uow(), cast.carol, cast.carol.patient_id, entries)


def test_marked_weather_days_followed_by_worse_mornings_are_found_on_the_stored_diary(cast):
    weather_diary(cast)
    report = insights.diary_insights(cast.uow(), cast.bob, cast.carol.patient_id, TODAY)
    found = {i.id: i for i in report.insights}
    assert report.diary_days == 56
    assert found["tag_weather"].status == "association"
    assert found["tag_weather"].message_patient.startswith("On the 11 days after a day you marked the weather")
    assert "tag_stress" not in found  # never marked: not tested
    assert report == insights.diary_insights(cast.uow(), cast.carol, cast.carol.patient_id, TODAY)


def test_the_tags_are_stored_once_each_and_read_back(cast):
    entry = DiaryEntryIn(id=uuid.uuid4(), date=TODAY, pain=5, tags=["work", "stress", "work"])
    logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, entry)
    again = logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, entry)  # a retry compares equal
    assert again.replayed and again.diary_entry.tags == ["stress", "work"]
    assert logs.list_diary(cast.uow(), cast.bob, cast.carol.patient_id)[0].tags == ["stress", "work"]


def test_a_short_diary_says_not_enough_data_yet(cast):
    report = insights.diary_insights(cast.uow(), cast.carol, cast.carol.patient_id, TODAY)
    assert report.message_patient.startswith("Keep your diary going.")


def test_only_carol_and_her_care_team_see_her_insights_and_each_reading_is_audited(cast):
    for actor in (cast.dave, cast.erin, cast.frank):
        with pytest.raises(NotFound):
            insights.diary_insights(cast.uow(), actor, cast.carol.patient_id, TODAY)
    insights.diary_insights(cast.uow(), cast.bob, cast.carol.patient_id, TODAY)
    with cast.sessions() as session:
        readers = session.scalars(select(tables.AuditEntry.user_id).where(tables.AuditEntry.resource == "insights",
                                                                          tables.AuditEntry.action == "read")).all()
    assert readers == [cast.bob.user_id]
