"""Triggers the patient marks in the diary (activity, stress, weather, work) are patterns like the
others: a planted one is found and worded as an association; on noise nothing is claimed; a
trigger never marked is not tested, so an untagged diary is judged exactly as before."""

import random
from dataclasses import replace
from datetime import timedelta

from diaries import TODAY, random_diary

from rehab.content.readability import grade
from rehab.core.insights.patterns import ASSOCIATION, NOT_ENOUGH_DATA, find_insights
from rehab.core.models import DiaryEntry


def day(n: int):
    return TODAY - timedelta(days=n)


def weather_diary(days=56, effect=2.0, seed=3):
    """Pain about 4; every fifth day marked "weather", and a worse next morning after it."""
    rng = random.Random(seed)
    entries = []
    for n in range(days - 1, -1, -1):
        marked = n % 5 == 2
        after_marked = n % 5 == 1
        pain = 4 + rng.choice((-1, 0, 0, 1))
        morning = pain + (effect if marked else 0)
        entries.append(DiaryEntry(day(n), pain=pain, pain_next_morning=round(morning),
                                  tags=frozenset({"weather"}) if marked else frozenset()))
        del after_marked
    return entries


def insight(report, insight_id):
    return next(i for i in report.insights if i.id == insight_id)


def test_a_worse_morning_after_days_marked_weather_is_found_and_worded_as_an_association():
    report = find_insights(weather_diary(), [], TODAY)
    weather = insight(report, "tag_weather")
    assert weather.status == ASSOCIATION
    assert 1.5 <= weather.comparison.difference <= 2.5
    assert weather.comparison.exposed_days == 11
    words = weather.message_patient
    assert words.startswith("On the 11 days after a day you marked the weather, your pain the next morning was")
    assert "not proof that one leads to the other" in words
    assert grade(words) <= 8
    assert weather.summary_clinician.startswith("tag_weather: ")


def test_a_trigger_never_marked_is_not_tested_so_untagged_diaries_keep_the_same_family():
    entries, sessions = random_diary(random.Random(2026), days=56)
    report = find_insights(entries, sessions, TODAY)
    assert not [i for i in report.insights if i.id.startswith("tag_")]
    assert "7 patterns tested" in report.summary_clinician


def test_a_trigger_marked_on_noise_days_claims_nothing_and_counts_in_holms_family():
    rng = random.Random(11)
    entries, sessions = random_diary(rng, days=56)
    tagged = [replace(e, tags=frozenset({"work"})) if rng.random() < 0.3 else e for e in entries]
    report = find_insights(tagged, sessions, TODAY)
    assert insight(report, "tag_work").status != ASSOCIATION
    assert "8 patterns tested" in report.summary_clinician


def test_a_trigger_marked_twice_is_not_enough_data():
    entries = [DiaryEntry(day(n), pain=4, tags=frozenset({"stress"}) if n in (3, 9) else frozenset())
               for n in range(30)]
    stress = insight(find_insights(entries, [], TODAY), "tag_stress")
    assert stress.status == NOT_ENOUGH_DATA
    assert "days marked stress" in stress.summary_clinician
