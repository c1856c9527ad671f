"""Precedence: refer > flare > regress > hold > advance, whatever else is true."""

from builders import checkin, diary, session

from rehab.core.engine.progression import check_in
from rehab.core.models import DecisionKind, Symptoms

FLARE = {1: {"pain": 8}, 0: {"pain": 8}}
OVER_LIMIT = (session(13), session(10), session(8), session(6), session(3), session(1, pain=8))


def test_refer_beats_flare_regress_and_hold():
    decision = check_in(checkin(red_flags=("history_of_cancer",), diary_entries=diary(changes=FLARE),
                                sessions=OVER_LIMIT, symptoms=Symptoms(new_neuro_symptoms=True)))
    assert decision.kind is DecisionKind.REFER


def test_flare_beats_regress():
    assert check_in(checkin(diary_entries=diary(changes=FLARE), sessions=OVER_LIMIT)).kind is DecisionKind.FLARE


def test_regress_beats_a_hold_for_new_symptoms_and_for_adherence():
    decision = check_in(checkin(sessions=(session(1, pain=8),), symptoms=Symptoms(unexplained_swelling=True)))
    assert decision.kind is DecisionKind.REGRESS
    assert [a.code for a in decision.alerts] == ["unexplained_swelling"]  # the alert still reaches the clinician


def test_a_hold_beats_an_advance():
    assert check_in(checkin(symptoms=Symptoms(unexplained_swelling=True))).kind is DecisionKind.HOLD


def test_every_decision_lists_every_safety_criterion_it_checked():
    for decision in (check_in(checkin()), check_in(checkin(red_flags=("saddle_anaesthesia",)))):
        names = [c.name for c in decision.criteria]
        assert names[:2] == ["red_flags_absent", "no_new_symptoms"]
        assert all(c.source for c in decision.criteria)
