"""Kwame, 30, chronic low back pain, bird dog 3 sets of 8 on a time-contingent plan. Pain steady at 3-4,
no flare, sessions going well. On 30 November he reports new tingling in one foot, no red flag ticked.

Written before the engine was run, by a reviewing physiotherapist (docs/safety/
review-2026-12-02-three-new-diaries.md): a new neurological sign without red flags is URGENT, the same
day (clinical reference §4.2, "progressive or new neurological deficit"). Not a hold until the next
contact. Exercise pauses until he is checked; he is told the clinic will call today, what to do if it
does not, and the cauda equina and stroke-like signs that mean an ambulance now (hazard H50).
"""

from cli_cases import check_in

from rehab.content.readability import grade


def test_kwame_new_tingling_in_one_foot_without_a_flare_is_referred_today():
    decision = check_in("kwame_back_new_foot_tingling_no_flare")
    assert (decision["decision"], decision["urgency"]) == ("refer", "urgent")
    assert decision["next_dose"] is None  # no exercise until a clinician has checked him
    failed = {c["name"]: c for c in decision["criteria"] if not c["passed"]}
    assert "no_new_neuro_signs" in failed and "§4.2" in failed["no_new_neuro_signs"]["source"]
    assert not any(c["name"] == "no_neuro_signs_in_flare" for c in decision["criteria"])  # no flare here


def test_kwame_is_told_plainly_what_to_do_today_and_when_it_is_an_emergency():
    said = check_in("kwame_back_new_foot_tingling_no_flare")["message_patient"]
    assert said.startswith("You told us about new numbness, tingling or weakness.")  # the sign he reported, named
    assert "stop your exercises" in said and "keep moving gently" in said and "a check by a clinician today" in said
    assert "If you have not heard from them by the end of the day" in said
    assert "numb between your legs" in said and "bladder or bowels" in said  # the cauda equina safety net
    assert "Call for an ambulance now if an arm or leg suddenly gets weak" in said and "see double" in said  # neck or not (one text)
    assert "If they are closed" in said  # out of hours, where else to call
    assert "flare" not in said and "sensitivity, not damage" not in said
    assert grade(said) <= 8


def test_his_clinician_is_asked_to_see_him_the_same_day():
    decision = check_in("kwame_back_new_foot_tingling_no_flare")
    alert = next(a for a in decision["alerts"] if a["code"] == "new_neuro_symptoms")
    assert "today" in alert["message"] and "same day" in alert["message"]


def test_his_clinician_reads_the_reason_for_the_referral_first():
    """The clinician's line leads with what decided the referral (the new neurological sign), not
    with the general new-symptom hold beside it (a physiotherapist's review of H50)."""
    summary = check_in("kwame_back_new_foot_tingling_no_flare")["summary_clinician"]
    assert summary.index("no_new_neuro_signs") < summary.index("no_new_symptoms")
