"""The simulated people behave as docs/cohort.md says a person does: these are the model's own
claims, checked without the engine (plain doses given day by day)."""

import random
from dataclasses import replace
from statistics import mean

from rehab.cohort.people import FEARFUL, HIGH_PAIN, SPARSE, SUBGROUPS, TYPICAL, draw, draw_in
from rehab.cohort.person import SimulatedPerson

WEEKS = 12


def person(subgroup=TYPICAL, seed=3, **changes):
    traits = replace(draw_in(subgroup, random.Random(seed), WEEKS), red_flag_day=None, red_flag=None,
                     life_events_per_year=0.0, **changes)
    return SimulatedPerson(traits, random.Random(seed + 1000))


def walk_every_day(p, days, share_of_tolerance=None, dose_s=None):
    lived = []
    for day in range(days):
        p.wake(day)
        lived.append(p.live(day, dose_s if dose_s is not None else share_of_tolerance * p.tolerance))
    return lived


def test_walking_near_capacity_every_day_builds_tolerance_and_endurance_comes_faster_than_strength():
    p = person(adherence=1.0, fear=0.0, boredom=0.0)
    start = p.tolerance
    walk_every_day(p, 28, share_of_tolerance=0.9)
    assert p.tolerance > start * 1.1
    assert p.endurance > p.strength > 0


def test_walking_well_below_capacity_builds_little():
    near, easy = person(adherence=1.0, fear=0.0), person(adherence=1.0, fear=0.0)
    walk_every_day(near, 28, share_of_tolerance=0.9)
    walk_every_day(easy, 28, share_of_tolerance=0.5)
    assert easy.tolerance < near.tolerance
    assert easy.strength + easy.endurance == 0


def test_an_overload_hurts_during_the_session_and_the_next_morning_and_costs_endurance():
    steady, overloaded = person(adherence=1.0, fear=0.0, flare_chance=0.0), person(adherence=1.0, fear=0.0, flare_chance=0.0)
    walk_every_day(steady, 21, share_of_tolerance=0.9)
    walk_every_day(overloaded, 21, share_of_tolerance=0.9)
    before = overloaded.endurance
    calm = steady.live(21, 0.9 * steady.tolerance)
    hard = overloaded.live(21, 1.8 * overloaded.tolerance)
    assert hard.pain_during - calm.pain_during >= 2
    assert overloaded.strain > steady.strain + 1.5  # felt on waking tomorrow
    assert overloaded.endurance < before


def test_overload_spikes_set_off_flares_in_a_flare_prone_person():
    p = person(adherence=1.0, fear=0.0, flare_threshold=1.1, flare_chance=1.0)
    lived = walk_every_day(p, 10, share_of_tolerance=1.5)
    assert any(day.flare_started for day in lived)


def test_usual_pain_is_autocorrelated_from_day_to_day():
    p = person(pain_sd=1.0, pain_rho=0.5)
    noise = []
    for day in range(2000):
        p.live(day, None)
        noise.append(p.noise)
    m = mean(noise)
    lag1 = sum((a - m) * (b - m) for a, b in zip(noise, noise[1:])) / sum((a - m) ** 2 for a in noise)
    assert 0.35 < lag1 < 0.65


def test_fear_of_movement_fades_with_sessions_that_go_well():
    p = person(FEARFUL, adherence=1.0, flare_chance=0.0)
    fear = p.fear
    walk_every_day(p, 42, dose_s=0.6 * p.tolerance)
    assert p.fear < fear / 2


def test_a_fearful_person_stops_short_of_a_new_level_more_often():
    def short_sessions(p):
        walk_every_day(p, 7, dose_s=0.6 * p.tolerance)
        short = 0
        for day in range(7, 28):
            dose = p.most_done * 1.1  # always a step above anything done before
            lived = p.live(day, dose)
            short += 0 < lived.done_s < dose
        return short

    assert short_sessions(person(FEARFUL, adherence=1.0, fear=0.9)) > short_sessions(person(adherence=1.0, fear=0.0))


def test_a_sparse_diarist_leaves_more_gaps_than_a_typical_one():
    def gaps(subgroup):
        p = person(subgroup, adherence=1.0)
        return sum(p.live(day, None).pain is None for day in range(200))

    assert gaps(SPARSE) > gaps(TYPICAL) + 30


def test_every_subgroup_is_drawn_and_high_usual_pain_is_high():
    people = [draw(random.Random(f"1:{i}:traits"), WEEKS) for i in range(600)]
    assert {t.subgroup for t in people} == set(SUBGROUPS)
    assert mean(t.usual_pain for t in people if t.subgroup == HIGH_PAIN) > mean(t.usual_pain for t in people) + 1.5


def test_the_same_seed_draws_the_same_person():
    assert draw(random.Random("7:1:traits"), WEEKS) == draw(random.Random("7:1:traits"), WEEKS)
    assert draw(random.Random("7:1:traits"), WEEKS) != draw(random.Random("7:2:traits"), WEEKS)
