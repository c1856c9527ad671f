"""The people the planner is tested with, as core values.

Margaret (68) has knee pain and wants to get down on the floor to play with her grandchildren; she
has no exercise equipment and 15 minutes a day. Dev (40) lifts 15 kg boxes on night shifts at a
warehouse, has chronic low back pain and a gym. Aisha (46) works at a desk with neck and shoulder
pain, hates gyms, loves her garden and is very wary of movement.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rehab.core.models import Dose
from rehab.core.planning.goals import Goal, Task
from rehab.core.planning.intake import (
    Baseline,
    Caregiving,
    Constraints,
    Intake,
    Job,
    PerformanceTest,
    Person,
    Preferences,
    Psychosocial,
    RiskGroup,
    Tolerance,
)
from rehab.core.planning.library import Region

TODAY = date(2026, 12, 1)


def margaret() -> Intake:
    return Intake(
        today=TODAY,
        person=Person(68, (Region.KNEE,)),
        baseline=Baseline(
            tolerances=(
                Tolerance("walking", "duration_s", (900, 1200, 1000)),
                Tolerance("sit_to_stand_chair", "reps", (8, 10, 9)),
            ),
            performance=(PerformanceTest("30-second chair stand", 9, "stands"),),
            usual_pain=4,
            psychosocial=Psychosocial(start_back=RiskGroup.LOW),
        ),
        goals=(
            Goal(
                id="floor",
                words="Get down on the floor and up again to play with my grandchildren",
                icf="d410",
                task=Task("get down to the floor and back up without holding on", Dose(reps=3), Dose(reps=0),
                          "floor_sit_without_support", 4),
                priority=1,
                target_date=date(2027, 3, 1),
            ),
        ),
        preferences=Preferences(minutes_per_day=15, days_per_week=5, preferred_time="morning"),
        constraints=Constraints(caregiving=Caregiving("grandchildren, two afternoons a week"), sleep_hours=7),
    )


def dev() -> Intake:
    return Intake(
        today=TODAY,
        person=Person(40, (Region.LUMBAR,)),
        baseline=Baseline(
            tolerances=(
                Tolerance("box_lift_floor_to_waist", "reps", (8, 10, 9)),
                Tolerance("work_duties", "duration_s", (14400, 14400, 18000)),
            ),
            performance=(PerformanceTest("5 times sit to stand", 9.5, "s"),),
            usual_pain=5,
            psychosocial=Psychosocial(start_back=RiskGroup.MEDIUM),
        ),
        goals=(
            Goal(
                id="lifting",
                words="Lift 15 kg boxes for a full shift at the warehouse",
                icf="d430",
                task=Task("lift, carry and place a 15 kg box at work pace in 5-minute rounds",
                          Dose(sets=3, load_kg=15, duration_s=300), Dose(load_kg=10, duration_s=120),
                          "lifting_circuit", 4),
                priority=1,
                target_date=date(2027, 6, 30),
            ),
            Goal(
                id="shift",
                words="Work my full 8-hour night shifts again",
                icf="d850",
                task=Task("usual warehouse duties for a whole shift", Dose(duration_s=28800), Dose(duration_s=14400),
                          "work_duties"),
                priority=2,
                target_date=date(2027, 6, 30),
            ),
        ),
        preferences=Preferences(minutes_per_day=40, days_per_week=4, gym_access=True,
                                likes=frozenset({"kettlebell_deadlift"}), preferred_time="afternoon"),
        constraints=Constraints(job=Job("warehouse worker", ("d430", "d4154", "d850"), "night"), sleep_hours=5.5),
    )


def aisha() -> Intake:
    return Intake(
        today=TODAY,
        person=Person(46, (Region.CERVICAL_THORACIC, Region.SHOULDER)),
        baseline=Baseline(
            tolerances=(
                Tolerance("screen_work", "duration_s", (1500, 1800, 1200)),
                Tolerance("gardening", "duration_s", (1200, 900, 1500)),
            ),
            usual_pain=5,
            psychosocial=Psychosocial(start_back=RiskGroup.HIGH, fear_avoidance_high=True,
                                      self_efficacy_low=True, low_mood=True),
        ),
        goals=(
            Goal(
                id="garden",
                words="Spend a morning in my garden again",
                icf="d650",
                task=Task("garden for 90 minutes with short breaks", Dose(duration_s=5400), Dose(duration_s=1200),
                          "gardening", 5),
                priority=1,
                target_date=date(2027, 6, 1),
            ),
            Goal(
                id="desk",
                words="Get through a working day at my desk without neck pain taking over",
                icf="d4153",
                task=Task("screen work in blocks of 45 minutes with a movement break", Dose(duration_s=2700),
                          Dose(duration_s=1500), "screen_work"),
                priority=2,
                target_date=date(2027, 4, 1),
            ),
        ),
        preferences=Preferences(minutes_per_day=20, days_per_week=5, equipment=frozenset({"band"}),
                                likes=frozenset({"gardening"}), dislikes=frozenset({"gym"}), preferred_time="evening"),
        constraints=Constraints(job=Job("office worker", ("d4153", "d850"), "day"), sleep_hours=6.5),
    )


def with_preferences(intake: Intake, **changes) -> Intake:
    return replace(intake, preferences=replace(intake.preferences, **changes))


def with_constraints(intake: Intake, **changes) -> Intake:
    return replace(intake, constraints=replace(intake.constraints, **changes))
