"""The pages of self-management within bounds and of diary insights, over HTTP.

Bob agrees on Carol's program page that she may take her sit-to-stand up to two steps easier or
move it by a day. On her phone, Today offers "Change today's session"; 2 sets of 8 is fine, 2 sets
of 5 is refused with the reason in plain words. Bob sees her change on the patient page's timeline.
Her diary takes the triggers she marks; My progress and the patient page show the insights.
"""

import html
import re
import uuid
from datetime import timedelta

from clinic_cast import TODAY

from rehab.content.readability import grade
from rehab.core.engine.self_management import SKIP_OR_FLARE
from rehab.contracts.records import DiaryEntryIn, RedFlagScreeningIn
from rehab.services import logs, patients, self_management


def agree(browse, cast):
    bob = browse("bob")
    response = bob.post(f"/clinic/patients/{cast.carol.patient_id}/program/bounds/sit_to_stand", data={
        "csrf": bob.csrf, "sit_to_stand-easier_steps": "2", "sit_to_stand-harder_steps": "0",
        "sit_to_stand-move_within_days": "1", "sit_to_stand-alternatives": "walking"})
    assert response.status_code == 303, response.text[:500]
    return bob


def form_id(html):
    return re.search(r'name="id" value="([0-9a-f-]+)"', html).group(1)


def test_bob_sets_bounds_on_the_program_page_and_they_show_there(browse, cast):
    bob = agree(browse, cast)
    page = bob.get(f"/clinic/patients/{cast.carol.patient_id}/program").text
    assert 'id="bounds"' in page and "Set by Bob" in page
    assert 'name="sit_to_stand-alternatives" value="walking" checked' in page
    agreed = {b.activity_id: b.bounds for b in self_management.agreed_bounds(cast.uow(), cast.bob, cast.carol.patient_id)}
    assert (agreed["sit_to_stand"].easier_steps, agreed["sit_to_stand"].move_within_days) == (2, 1)
    assert agreed["walking"] is None


def test_a_shorter_session_down_to_one_set_is_agreed_on_the_page_and_carol_can_choose_it(browse, cast):
    bob = browse("bob")
    response = bob.post(f"/clinic/patients/{cast.carol.patient_id}/program/bounds/sit_to_stand", data={
        "csrf": bob.csrf, "sit_to_stand-shortest-sets": "1"})
    assert response.status_code == 303
    agreed = self_management.agreed_bounds(cast.uow(), cast.bob, cast.carol.patient_id)[0].bounds
    assert agreed.shortest.model_dump(exclude_none=True) == {"sets": 1} and agreed.easier_steps == 0
    assert 'name="sit_to_stand-shortest-sets" type="text" value="1"' in bob.get(
        f"/clinic/patients/{cast.carol.patient_id}/program").text
    carol = browse("carol")
    form = carol.get("/me/adjust/sit_to_stand").text
    assert "A shorter session" in form and "An easier step" not in form
    sent = carol.post("/me/adjust/sit_to_stand", data={"csrf": carol.csrf, "id": form_id(form), "kind": "shorten",
                                                      "dose_sets": "1", "dose_reps": "10"})
    assert sent.status_code == 303
    assert "Fine: a shorter session today, 1 set of 10" in carol.get(sent.headers["location"]).text


def test_bad_numbers_in_the_bounds_form_are_422_and_change_nothing(browse, cast):
    bob = browse("bob")
    response = bob.post(f"/clinic/patients/{cast.carol.patient_id}/program/bounds/sit_to_stand", data={
        "csrf": bob.csrf, "sit_to_stand-easier_steps": "lots"})
    assert response.status_code == 422
    assert self_management.agreed_bounds(cast.uow(), cast.bob, cast.carol.patient_id)[0].bounds is None


def test_carol_eases_todays_session_and_bob_sees_it_on_the_timeline(browse, cast):
    agree(browse, cast)
    carol = browse("carol")
    today = carol.get("/me").text
    assert 'href="/me/adjust/sit_to_stand"' in today and 'href="/me/adjust/walking"' not in today
    form = carol.get("/me/adjust/sit_to_stand").text
    assert "An easier step" in form and "Move it to another day" in form and "A harder step" not in form
    sent = carol.post("/me/adjust/sit_to_stand", data={
        "csrf": carol.csrf, "id": form_id(form), "kind": "easier", "dose_sets": "2", "dose_reps": "8",
        "reason": "slept badly"})
    assert sent.status_code == 303
    back = carol.get(sent.headers["location"]).text
    assert "Fine: 2 sets of 8 today instead of 2 sets of 10" in back
    patient_page = browse("bob").get(f"/clinic/patients/{cast.carol.patient_id}").text
    assert 'id="adjustments"' in patient_page and "easier to 2 sets of 8" in patient_page
    assert "slept badly" in patient_page


def test_a_change_beyond_the_bounds_is_refused_in_plain_words_on_the_form(browse, cast):
    agree(browse, cast)
    carol = browse("carol")
    form = carol.get("/me/adjust/sit_to_stand").text
    refused = carol.post("/me/adjust/sit_to_stand", data={
        "csrf": carol.csrf, "id": form_id(form), "kind": "easier", "dose_sets": "2", "dose_reps": "5"})
    assert refused.status_code == 422
    words = html.unescape(re.search(r'id="refusal">([^<]+)<', refused.text).group(1))
    assert words == f"That is easier than you agreed. The easiest you can choose is 2 sets of 8. {SKIP_OR_FLARE}"
    assert grade(words) <= 8
    assert self_management.list_adjustments(cast.uow(), cast.bob, cast.carol.patient_id) == []


def test_without_agreed_bounds_there_is_nothing_to_change(browse, cast):
    carol = browse("carol")
    assert "/me/adjust/" not in carol.get("/me").text
    assert carol.get("/me/adjust/sit_to_stand").status_code == 404


def test_the_diary_form_takes_the_triggers_carol_marks(browse, cast):
    carol = browse("carol")
    form = carol.get("/me/diary").text
    assert 'type="checkbox" name="tags" value="weather"' in form
    sent = carol.post("/me/diary", data={"csrf": carol.csrf, "id": form_id(form),
                                         "morning_id": str(uuid.uuid4()), "pain": "5", "tags": ["weather", "work"]})
    assert sent.status_code == 303
    assert logs.list_diary(cast.uow(), cast.bob, cast.carol.patient_id)[0].tags == ["weather", "work"]
    assert "Bothered by: the weather, work" in carol.get("/me/diary").text
    odd = carol.post("/me/diary", data={"csrf": carol.csrf, "id": str(uuid.uuid4()), "morning_id": str(uuid.uuid4()),
                                        "pain": "5", "tags": ["rain"]})
    assert odd.status_code == 422 and len(logs.list_diary(cast.uow(), cast.bob, cast.carol.patient_id)) == 1


def test_insights_show_on_my_progress_and_on_the_patient_page(browse, cast):
    entries = []
    for n in range(56, 0, -1):
        marked = n % 5 == 2
        entries.append(DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=n), pain=4 + (n % 3 == 0),
                                    pain_next_morning=4 + (2 if marked else 0), tags=["weather"] if marked else []))
    logs.log_diary_entries(cast.uow(), cast.carol, cast.carol.patient_id, entries)
    progress = browse("carol").get("/me/progress").text
    assert 'id="insights"' in progress
    assert "after a day you marked the weather, your pain the next morning was" in progress
    assert "not proof that one leads to the other" in progress
    patient_page = browse("bob").get(f"/clinic/patients/{cast.carol.patient_id}").text
    assert "Diary insights" in patient_page and "tag_weather:" in patient_page and "association." in patient_page


def test_while_a_red_flag_waits_for_a_clinician_the_adjust_page_shows_the_advice_not_the_form(browse, cast):
    agree(browse, cast)
    carol = browse("carol")
    form = carol.get("/me/adjust/sit_to_stand").text
    patients.record_red_flags(cast.uow(), cast.carol, cast.carol.patient_id,
                              RedFlagScreeningIn(taken_on=TODAY, red_flags=["saddle_anaesthesia"]))
    assert "Check and save" not in carol.get("/me/adjust/sit_to_stand").text
    sent = carol.post("/me/adjust/sit_to_stand", data={"csrf": carol.csrf, "id": form_id(form), "kind": "easier",
                                                      "dose_sets": "2", "dose_reps": "8"})
    assert sent.status_code == 409
    assert self_management.list_adjustments(cast.uow(), cast.bob, cast.carol.patient_id) == []
