"""Graded exposure in the virtual cohort (issue 14, ``engine-exposure``): a fearful simulated person
works up a fear hierarchy of walking by behavioural experiments, and the real engine moves her up
only when the experiments disconfirmed what she feared without a safety behaviour to credit (or
with her belief at least halved during it), never during a flare or with a red flag (§3.3, §5, §4.2).

The rule is checked here independently of the engine, on every decision of several fearful people,
so the test fails if the engine stops refusing experiments leaned on a brace (Salkovskis 1991)."""

import random
from dataclasses import dataclass, field
from datetime import date

from rehab.cohort.course import Course, run_person
from rehab.cohort.exposure import FearMind, hierarchy_for, item_loads
from rehab.cohort.people import FEARFUL, TYPICAL, draw
from rehab.cohort.policies import NAMED, ExposurePolicy
from rehab.cohort.runner import library
from rehab.core.engine.progression import check_in
from rehab.core.models import UP, BehaviouralExperiment, CheckIn, Decision, DecisionKind, Strategy

WEEKS = 12


@dataclass(frozen=True)
class Watched(ExposurePolicy):
    """engine-exposure, keeping every check-in it gave the engine and the decision it got."""

    seen: list = field(default_factory=list, compare=False)

    def decision(self, course: Course, today: date) -> Decision:
        ci = self.check_in(course, today)
        d = check_in(ci)
        self.seen.append((ci, d))
        return d


def _fearful_people(count: int, seed: int = 1) -> list[int]:
    found = []
    for i in range(2000):
        if draw(random.Random(f"{seed}:{i}:traits"), WEEKS).subgroup == FEARFUL:
            found.append(i)
            if len(found) == count:
                return found
    raise AssertionError("not enough fearful people")


def _clean(e: BehaviouralExperiment) -> bool:
    """Done without a safety behaviour, or with the belief at least halved during it (§3.3)."""
    return not e.safety_behaviours or (e.belief_after is not None and e.belief_after <= 0.5 * e.belief_before)


def _earned(ci: CheckIn) -> bool:
    """Was the move up earned by the rule, read from the check-in alone? The experiments with the
    current item after the last change: the latest two disconfirmed and clean, or the belief before
    the latest down >= 50% from the item's first experiment with the latest clean."""
    item = ci.hierarchy.current_item.id
    changed = max((h.date for h in ci.history if h.decision in (DecisionKind.ADVANCE, DecisionKind.REGRESS,
                                                                  DecisionKind.FLARE)), default=None)
    done = [e for e in ci.experiments if e.item == item and e.date <= ci.today]
    new = [e for e in done if changed is None or e.date > changed]
    if not new:
        return False
    latest = new[-1]
    two_clean = len(new) >= 2 and all(e.disconfirmed and _clean(e) for e in new[-2:])
    halved = done[0] is not latest and latest.belief_before <= 0.5 * done[0].belief_before and _clean(latest)
    return two_clean or halved


def _run(people: list[int]) -> tuple[Watched, list]:
    policy = Watched("engine-exposure")
    outcomes = [run_person(i, 1, WEEKS, policy, library()) for i in people]
    return policy, outcomes


def test_a_fearful_person_climbs_her_hierarchy_only_after_experiments_that_disconfirmed_her_fear_without_a_brace():
    policy, outcomes = _run(_fearful_people(6))
    ups = [(ci, d) for ci, d in policy.seen if d.exposure is not None and d.exposure.move == UP]
    assert len(ups) >= 6, "the fearful people must climb, or the check below is empty"
    unearned = [(ci.today, ci.hierarchy.current_item.id) for ci, d in ups if not _earned(ci)]
    assert unearned == [], f"moved up without clean disconfirming experiments: {unearned}"
    # The rule was put to the test: experiments that disconfirmed the fear with a brace, belief not halved.
    leaned = {e for ci, _ in policy.seen for e in ci.experiments if e.disconfirmed and not _clean(e)}
    assert len(leaned) >= 10
    # and each move up went to the next item, whose walking time became the dose
    for ci, d in ups:
        assert d.kind is DecisionKind.ADVANCE and d.exposure.item is ci.hierarchy.above(ci.hierarchy.current_item)


def test_she_never_moves_up_during_a_flare_or_with_a_red_flag():
    policy, outcomes = _run(_fearful_people(6))
    assert sum(o.flare_decisions for o in outcomes) >= 1, "a flare must occur, or the check is empty"
    for ci, d in policy.seen:
        if ci.red_flags:
            assert d.kind is DecisionKind.REFER and d.exposure is None
        if d.kind is DecisionKind.FLARE or ci.flare_episode is not None:  # the flare plan is in force
            assert d.exposure is None or d.exposure.move != UP, ci.today
    assert not any(o.missed_red_flags for o in outcomes)


def test_the_hierarchy_runs_from_the_starting_dose_to_the_goal_and_fear_sets_the_harm_ratings():
    loads = item_loads(600, 1200)
    assert loads == [600, 690, 790, 910, 1045, 1200]
    assert all(b / a < 1.16 for a, b in zip(loads, loads[1:], strict=False))  # steps of 15%, to 5 s
    fearful = draw(random.Random("1:0:traits"), WEEKS)
    calm = fearful
    for i in range(200):
        t = draw(random.Random(f"1:{i}:traits"), WEEKS)
        if t.subgroup == FEARFUL:
            fearful = t
        elif t.subgroup == TYPICAL:
            calm = t
    hf, _ = hierarchy_for(fearful, 600)
    hc, _ = hierarchy_for(calm, 600)
    assert hf.items[-1].harm > hc.items[-1].harm
    assert [i.harm for i in hf.items] == sorted(i.harm for i in hf.items)
    mind = FearMind.of(fearful, hf, date(2027, 1, 4), random.Random(0))
    assert mind.safety_chance > 0.6, "a fearful person leans on safety behaviours at first"


def test_engine_exposure_is_a_named_policy_on_the_graded_exposure_strategy():
    policy = NAMED["engine-exposure"]
    assert isinstance(policy, ExposurePolicy) and policy.strategy is Strategy.GRADED_EXPOSURE
    out = run_person(_fearful_people(1)[0], 1, 4, policy, library())
    assert out.strategy == "graded_exposure" and out.checkins > 0


def _outcome(n, subgroup, flares, reached):
    return {"person": n, "subgroup": subgroup, "strategy": "graded_exposure", "days_followed": 84,
            "goal_week": reached, "flares": flares, "flare_decisions": flares, "advances": 4,
            "advances_over_tolerance": 0, "red_flag": False, "referred": False, "missed_red_flags": 0,
            "dropped_out": False, "checkins": 12, "days_in": {"hold": 40, "advance": 44}}


def test_the_report_sets_exposure_against_the_engine_as_configured_and_always_speaks_of_fearful_people(tmp_path):
    from rehab.cohort import report, runner as results
    from rehab.cohort.policies import NAMED as POLICIES

    groups = [TYPICAL if n % 2 else FEARFUL for n in range(60)]
    made = {  # exposure: more reach their goal everywhere, with the flares of the engine as configured
        "engine": [_outcome(n, g, n % 2, None) for n, g in enumerate(groups)],
        "engine-exposure": [_outcome(n, g, n % 2, 6) for n, g in enumerate(groups)],
        "linear": [_outcome(n, g, 3, 6) for n, g in enumerate(groups)],
    }
    for name, outcomes in made.items():
        results.write(tmp_path, POLICIES[name], outcomes, {"people": 60, "weeks": 12, "seed": 1, "workers": 1,
                                                           "seconds": 1.0, "person_weeks_per_second": 720.0})
    report.write_report(tmp_path)
    page = (tmp_path / "report.html").read_text()
    assert "<td>engine-exposure</td>" in page and "<td>advance 52%, hold 48%</td>" in page  # time in each decision
    assert ("For everyone, engine-exposure wins against engine on share reaching their goal task" in page)
    # the fearful subgroup's verdict is the same as everyone's, and still said
    assert "For the high fear-avoidance subgroup, engine-exposure wins against engine on share reaching" in page
    assert "For the typical subgroup, engine-exposure" not in page  # the others only where they differ


def test_a_walk_that_went_well_lowers_her_belief_far_more_without_the_brace_and_she_writes_down_what_happened():
    from rehab.cohort.exposure import Trial

    fearful = next(t for i in range(200) if (t := draw(random.Random(f"1:{i}:traits"), WEEKS)).subgroup == FEARFUL)
    hierarchy, _ = hierarchy_for(fearful, 600)
    first, second = hierarchy.items[0].id, hierarchy.items[1].id
    mind = FearMind.of(fearful, hierarchy, date(2027, 1, 4), random.Random(0))
    mind.belief[first] = 80.0
    braced = mind.after(Trial(first, 80.0, ("wearing a back brace",), False), 3, feared_happened=False, pain_during=4)
    assert braced.date == date(2027, 1, 7) and braced.disconfirmed and braced.safety_behaviours
    assert 70 <= braced.belief_after < 80, "with the brace she credits the brace: the belief barely moves"
    above = mind.belief[second]
    mind.belief[first] = 80.0
    free = mind.after(Trial(first, 80.0, (), False), 4, feared_happened=False, pain_during=4)
    assert free.belief_after <= 80 * (1 - 0.25) and not free.safety_behaviours
    assert mind.belief[second] < above, "part of the drop spreads to the items above"
    hurt = mind.after(Trial(first, 40.0, (), False), 5, feared_happened=True, pain_during=8)
    assert hurt.feared_outcome_happened and hurt.belief_after == 55 and not hurt.disconfirmed
    stopped = mind.after(Trial(first, 40.0, (), True), 6, feared_happened=False, pain_during=5)
    assert stopped.stopped_early and stopped.feared_outcome_happened is None and not stopped.disconfirmed


def test_the_engine_is_given_what_the_server_gives_it_for_an_exposure_activity():
    from datetime import timedelta

    from rehab.cohort.course import START
    from rehab.cohort.policies import HISTORY_DAYS
    from rehab.core.models import BaselineAnchor, Dose, SessionLog
    from rehab.services import exposure as server

    assert HISTORY_DAYS == server.EXPERIMENT_DAYS
    fearful = next(t for i in range(200) if (t := draw(random.Random(f"1:{i}:traits"), WEEKS)).subgroup == FEARFUL)
    hierarchy, loads = hierarchy_for(fearful, 600)
    today = START + timedelta(days=200)
    c = Course(START, Dose(duration_s=600), {}, Strategy.TIME_CONTINGENT, fearful.goal_s,
               BaselineAnchor(START - timedelta(days=14), START - timedelta(days=1)), hierarchy=hierarchy,
               exposure_item="walk-2", item_loads=loads,
               sessions=[SessionLog(START, Dose(duration_s=600))],
               experiments=[BehaviouralExperiment(START + timedelta(days=n), "walk-2", "my back will give way", 60)
                            for n in range(202)])
    ci = NAMED["engine-exposure"].check_in(c, today)
    assert ci.strategy is Strategy.GRADED_EXPOSURE and ci.sessions == ()  # an exposure is logged as an experiment
    assert ci.hierarchy.current_item.id == "walk-2"
    assert ci.experiments[0].date == today - timedelta(days=HISTORY_DAYS - 1)  # after today - 120 days, as the server
    assert ci.experiments[-1].date == today  # none from tomorrow
