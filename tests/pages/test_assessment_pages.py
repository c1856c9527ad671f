"""The clinician's intake and assessment pages: the person's context, red-flag screening,
questionnaires and performance tests, each checked and scored on save; a refused form comes back
with the problem next to its field, everything typed kept, and nothing stored."""

import html
from datetime import timedelta

import pytest
from clinic_cast import TODAY

from rehab.contracts.records import AssessmentIn
from rehab.core.engine.safety import RED_FLAGS
from rehab.instruments import CATALOGUE
from rehab.services import assessments, oversight, patients


def url(cast, path=""):
    return f"/clinic/patients/{cast.carol.patient_id}{path}"


def screening_form(client, **yes):
    """Every red-flag and symptom question answered: no, except those given as yes."""
    names = [*RED_FLAGS, "new_neuro_symptoms", "unexplained_swelling"]
    return {"csrf": client.csrf, "taken_on": TODAY.isoformat(), **{f"q_{n}": "yes" if n in yes else "no" for n in names}}


def red_flag_screenings(cast):
    return patients.list_screenings(cast.uow(), cast.bob, cast.carol.patient_id, "red_flags")  # newest first


# ---- context ----------------------------------------------------------------------------------------

def test_the_context_is_saved_and_shown_again(browse, cast):
    bob = browse("bob")
    saved = bob.post(url(cast, "/intake"), data={
        "csrf": bob.csrf, "job_demands": "Nurse on a ward, lifts patients, 12-hour shifts", "caregiving": "Her father, no lifting",
        "sleep": "6 hours, woken by pain", "likes": "walking, swimming", "dislikes": "gym", "minutes_per_day": "20",
        "days_per_week": "4", "preferred_time": "morning", "equipment": ["band", "mat"], "comorbidities": ["osteoporosis"],
        "comorbidities_other": "asthma"})
    assert saved.status_code == 303 and "notice=Context+saved" in saved.headers["location"]
    profile = patients.get_profile(cast.uow(), cast.bob, cast.carol.patient_id)
    assert profile.preferences["likes"] == ["walking", "swimming"] and profile.preferences["minutes_per_day"] == 20
    assert profile.comorbidities == ["osteoporosis", "asthma"]
    page = bob.get(saved.headers["location"]).text
    assert "Context saved." in page and "Nurse on a ward" in page and 'value="20"' in page
    assert 'value="band" checked' in page and 'value="osteoporosis" checked' in page


def test_a_context_with_a_wrong_number_is_refused_next_to_the_field_and_nothing_is_stored(browse, cast):
    bob = browse("bob")
    refused = bob.post(url(cast, "/intake"), data={"csrf": bob.csrf, "job_demands": "Bus driver", "minutes_per_day": "lots",
                                                   "days_per_week": "9", "likes": "walking", "dislikes": "walking"})
    assert refused.status_code == 422
    assert "Enter a number (got &#39;lots&#39;)" in refused.text and "from 1 to 7" in refused.text
    assert "also in the liked activities" in refused.text
    assert "Bus driver" in refused.text and 'value="lots"' in refused.text
    assert patients.get_profile(cast.uow(), cast.bob, cast.carol.patient_id) is None


# ---- red flags --------------------------------------------------------------------------------------

def test_a_red_flag_answer_shows_the_referral_and_its_urgency_at_once(browse, cast):
    bob = browse("bob")
    saved = bob.post(url(cast, "/screenings/red-flags"), data=screening_form(bob, saddle_anaesthesia=True))
    assert saved.status_code == 303 and "refer+%28emergency%29" in saved.headers["location"]
    result = bob.get(saved.headers["location"]).text
    assert 'class="urgent" role="alert"' in result
    assert "Refer: emergency" in result and "emergency department now" in result
    assert "possible cauda equina syndrome" in result
    assert "Stop your exercises and get help now. Call for an ambulance now" in result  # what the patient is told
    alerts = oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id)
    assert any(a.severity == "emergency" for a in alerts)


def test_an_urgent_flag_says_same_day_review(browse, cast):
    bob = browse("bob")
    saved = bob.post(url(cast, "/screenings/red-flags"), data=screening_form(bob, history_of_cancer=True))
    result = bob.get(saved.headers["location"]).text
    assert "Refer: urgent" in result and "medical review today" in result and "possible spinal malignancy" in result


def test_a_screening_with_no_yes_says_so_and_is_listed(browse, cast):
    bob = browse("bob")
    saved = bob.post(url(cast, "/screenings/red-flags"), data=screening_form(bob))
    result = bob.get(saved.headers["location"]).text
    assert "No red flag answered yes" in result and 'role="alert"' not in result
    listed = bob.get(url(cast, "/screenings/red-flags")).text
    assert f"/screenings/red-flags/{red_flag_screenings(cast)[0].id}" in listed


def test_a_question_left_unanswered_is_refused_and_the_answers_given_are_kept(browse, cast):
    bob = browse("bob")
    form = screening_form(bob, history_of_cancer=True)
    del form["q_constant_night_pain"]
    refused = bob.post(url(cast, "/screenings/red-flags"), data=form)
    assert refused.status_code == 422
    assert "a question not asked cannot be read as no" in refused.text
    assert 'name="q_history_of_cancer" value="yes" checked' in refused.text
    assert red_flag_screenings(cast) == []


def test_only_the_care_team_records_a_screening(browse, cast):
    erin = browse("erin")
    refused = erin.post(url(cast, "/screenings/red-flags"), data=screening_form(erin, saddle_anaesthesia=True))
    assert refused.status_code in (403, 404)
    assert red_flag_screenings(cast) == []


# ---- questionnaires and tests --------------------------------------------------------------------------

@pytest.mark.parametrize("instrument", sorted(CATALOGUE))
def test_every_instrument_shows_a_form_for_its_items(browse, cast, instrument):
    page = browse("bob").get(url(cast, f"/assessments?instrument={instrument}"))
    assert page.status_code == 200
    measure = CATALOGUE[instrument]
    if measure.kind == "questionnaire" and measure.patient_named is None:
        for item in measure.items:
            assert f'name="item_{item.id}"' in page.text
    elif measure.kind == "questionnaire":
        assert 'name="activity_1"' in page.text and 'name="rating_1"' in page.text
    else:
        assert 'name="value"' in page.text and html.escape(measure.procedure, quote=True)[:40] in page.text


def test_licensed_item_wording_is_not_shown(browse, cast):
    page = browse("bob").get(url(cast, "/assessments?instrument=tsk11")).text
    assert "Item wording is not reproduced here" in page


def test_a_questionnaire_is_scored_on_save_with_its_band_and_the_change_since_last_time(browse, cast):
    assessments.record_assessment(cast.uow(), cast.bob, cast.carol.patient_id, AssessmentIn(
        instrument="phq9", taken_on=TODAY - timedelta(weeks=6), answers=[3, 3, 2, 2, 2, 2, 2, 1, 0]))
    bob = browse("bob")
    answers = dict(zip((i.id for i in CATALOGUE["phq9"].items), ("1", "1", "1", "1", "1", "0", "0", "0", "0")))
    saved = bob.post(url(cast, "/assessments"), data={"csrf": bob.csrf, "instrument": "phq9", "taken_on": TODAY.isoformat(),
                                                      **{f"item_{k}": v for k, v in answers.items()}})
    assert saved.status_code == 303 and "Patient+Health+Questionnaire-9+saved%3A+5%2C+mild" in saved.headers["location"]
    result = bob.get(saved.headers["location"]).text
    assert "5 points" in result and "mild" in result and "a screening band, never a diagnosis" in result
    assert "better" in result and "reached" in result and "17" in result  # the earlier total and the MCID verdict
    listed = bob.get(url(cast, "/assessments")).text
    assert listed.count("Patient Health Questionnaire-9") >= 2


def test_a_self_harm_answer_is_shown_as_a_safety_finding(browse, cast):
    bob = browse("bob")
    items = [i.id for i in CATALOGUE["phq9"].items]
    saved = bob.post(url(cast, "/assessments"), data={"csrf": bob.csrf, "instrument": "phq9", "taken_on": TODAY.isoformat(),
                                                      **{f"item_{k}": "0" for k in items[:-1]}, f"item_{items[-1]}": "1"})
    result = bob.get(saved.headers["location"]).text
    assert 'class="urgent" role="alert"' in result and "Safety finding" in result


def test_an_answer_off_the_scale_is_refused_next_to_its_item_and_nothing_is_stored(browse, cast):
    bob = browse("bob")
    items = [i.id for i in CATALOGUE["phq9"].items]
    refused = bob.post(url(cast, "/assessments"), data={"csrf": bob.csrf, "instrument": "phq9", "taken_on": TODAY.isoformat(),
                                                        **{f"item_{k}": "1" for k in items[:-1]}, f"item_{items[-1]}": "4"})
    assert refused.status_code == 422
    assert f'id="f-item_{items[-1]}-problem">Enter a number from 0 to 3 (got 4).' in refused.text
    assert f'name="item_{items[0]}" value="1" checked' in refused.text
    assert assessments.list_assessments(cast.uow(), cast.bob, cast.carol.patient_id) == []


def test_an_empty_questionnaire_or_a_future_date_is_refused(browse, cast):
    bob = browse("bob")
    empty = bob.post(url(cast, "/assessments"), data={"csrf": bob.csrf, "instrument": "gad7", "taken_on": TODAY.isoformat()})
    assert empty.status_code == 422 and "every item is empty" in empty.text
    future = bob.post(url(cast, "/assessments"), data={"csrf": bob.csrf, "instrument": "nprs", "item_pain": "5",
                                                       "taken_on": (TODAY + timedelta(days=3)).isoformat()})
    assert future.status_code == 422 and "is after today" in future.text
    assert assessments.list_assessments(cast.uow(), cast.bob, cast.carol.patient_id) == []


def test_a_performance_test_takes_one_value_in_its_unit(browse, cast):
    bob = browse("bob")
    saved = bob.post(url(cast, "/assessments"), data={"csrf": bob.csrf, "instrument": "timed_up_and_go",
                                                      "taken_on": TODAY.isoformat(), "value": "9.5"})
    assert saved.status_code == 303
    result = bob.get(saved.headers["location"]).text
    assert "9.5 s" in result and "first administration on record" in result
    wrong = bob.post(url(cast, "/assessments"), data={"csrf": bob.csrf, "instrument": "timed_up_and_go",
                                                      "taken_on": TODAY.isoformat(), "value": "quick"})
    assert wrong.status_code == 422 and 'value="quick"' in wrong.text


def test_the_psfs_takes_the_activities_the_patient_names(browse, cast):
    bob = browse("bob")
    saved = bob.post(url(cast, "/assessments"), data={
        "csrf": bob.csrf, "instrument": "psfs", "taken_on": TODAY.isoformat(), "activity_1": "climbing stairs", "rating_1": "3",
        "activity_2": "lifting my grandson", "rating_2": "2", "activity_3": "gardening", "rating_3": "7"})
    assert saved.status_code == 303
    stored = assessments.list_assessments(cast.uow(), cast.bob, cast.carol.patient_id)[0]
    assert stored.score.total == 4
    too_few = bob.post(url(cast, "/assessments"), data={"csrf": bob.csrf, "instrument": "psfs", "taken_on": TODAY.isoformat(),
                                                        "activity_1": "stairs", "rating_1": "3"})
    assert too_few.status_code == 422 and "Name 3 to 5 activities" in too_few.text and 'value="stairs"' in too_few.text


# ---- reassessment at a checkpoint ----------------------------------------------------------------------

def test_a_reassessment_compares_the_measures_and_says_what_the_checkpoint_recommends(browse, cast):
    assessments.record_assessment(cast.uow(), cast.bob, cast.carol.patient_id, AssessmentIn(
        instrument="nprs", taken_on=TODAY - timedelta(weeks=4), answers=[7]))
    bob = browse("bob")
    saved = bob.post(url(cast, "/reassessment"), data={**screening_form(bob), "measure_1": "nprs", "answers_1": "4"})
    assert saved.status_code == 303 and "Reassessment+saved%3A+advance" in saved.headers["location"]
    page = bob.get(saved.headers["location"]).text
    assert "Last checkpoint" in page and "advance" in page
    assert (TODAY + timedelta(weeks=4)).isoformat() in page  # the next checkpoint is due
    assert bob.get(url(cast, "/screenings/red-flags")).status_code == 200  # the checkpoint sits among the screenings


def test_a_red_flag_at_reassessment_shows_the_referral_at_once(browse, cast):
    bob = browse("bob")
    saved = bob.post(url(cast, "/reassessment"), data=screening_form(bob, bilateral_leg_neuro_symptoms=True))
    assert saved.status_code == 303 and "/screenings/red-flags/" in saved.headers["location"]
    result = bob.get(saved.headers["location"]).text
    assert 'class="urgent" role="alert"' in result and "Refer: emergency" in result


def test_a_reassessment_with_wrong_answers_is_refused_next_to_the_measure_and_nothing_is_stored(browse, cast):
    bob = browse("bob")
    refused = bob.post(url(cast, "/reassessment"), data={**screening_form(bob), "measure_2": "phq9", "answers_2": "1,2"})
    assert refused.status_code == 422
    assert 'id="f-answers_2-problem"' in refused.text and 'value="1,2"' in refused.text
    typo = bob.post(url(cast, "/reassessment"), data={**screening_form(bob), "measure_1": "nprs", "answers_1": "four"})
    assert typo.status_code == 422 and "got &#39;four&#39;" in typo.text
    assert patients.list_screenings(cast.uow(), cast.bob, cast.carol.patient_id) == []
    assert assessments.list_assessments(cast.uow(), cast.bob, cast.carol.patient_id) == []


def test_the_psychosocial_profile_is_drawn_up_from_the_latest_screens_and_kept(browse, cast):
    from clinic_cast import TODAY

    from rehab.contracts.records import AssessmentIn
    from rehab.services import assessments

    assessments.record_assessment(cast.uow(), cast.bob, cast.carol.patient_id,
                                  AssessmentIn(instrument="phq9", taken_on=TODAY, answers=[2, 2, 2, 2, 2, 2, 2, 1, 0]))
    bob = browse("bob")
    url = f"/clinic/patients/{cast.carol.patient_id}/screenings/psychosocial"
    assert "No profile drawn up yet" in bob.get(url).text
    saved = bob.post(url, data={"csrf": bob.csrf})
    assert saved.status_code == 303
    shown = bob.get(saved.headers["location"]).text
    assert f"Profile of {TODAY.isoformat()}" in shown and "phq9" in shown.lower()
    assert "Psychosocial profile drawn up" in shown
