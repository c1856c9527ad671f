"""What a clinician reads: a decision worded as a physiotherapist would write it, never the engine's
output, and the whole diary (notes, sleep, mood, stress), not only the pain.

Bob reviews Carol (sit-to-stand and walking) after she answers yes to a red flag, and Eve after
her flare. He should read the exercise's name, what happened in clinical words, the value against
the threshold and what to consider, with the criteria table below for the detail.
"""

import re
import uuid
from datetime import timedelta

from clinic_cast import TODAY
from test_clinician_pages import eve_with_a_flare, live, rows_of

from rehab.contracts.records import DiaryEntryIn, RedFlagScreeningIn
from rehab.services import logs, patients

ENGINE_OUTPUT = ("REFER (", "FLARE -", "Failed:", "sit_to_stand", "symptom_contingent", "time_contingent",
                 "red_flags_absent", "(needs none answered yes)")


def alerts_of(html: str) -> list[str]:
    section = html.split('id="alerts"', 1)[1].split("</section>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", a)).strip() for a in re.findall(r'<p id="alert-[^"]+">(.*?)</p>', section, re.S)]


def test_an_alert_names_the_exercise_the_red_flag_its_concern_and_what_to_do_in_words(cast, browse):
    live(cast, cast.carol, cast.carol.patient_id, days=7)
    patients.record_red_flags(cast.uow(), cast.bob, cast.carol.patient_id,
                              RedFlagScreeningIn(taken_on=TODAY, red_flags=["constant_night_pain"]))
    page = browse("bob").get(f"/clinic/patients/{cast.carol.patient_id}").text
    alerts = alerts_of(page)
    referral = next(a for a in alerts if a.startswith("Urgent Sit to stand:") or a.startswith("Urgent Walking:"))
    assert "refer today (urgent)" in referral
    assert "Red flag answered yes: constant night pain - possible malignancy or infection" in referral
    assert "Exercise stopped until reviewed" in referral
    assert "Consider: contact the patient today and arrange a medical assessment" in referral
    for alert in alerts:
        assert not any(raw in alert for raw in ENGINE_OUTPUT), alert


def test_the_caseload_reason_is_a_clinical_sentence_with_the_value_against_the_threshold(cast, browse):
    eve_with_a_flare(cast)
    rows = {name: reason for name, _, reason in rows_of(browse("bob").get("/clinic").text)}
    reason = rows["Eve"]
    assert re.match(r"(Sit to stand|Walking): flare-up, on the flare plan\. The patient declared a flare-up\. "
                    r"Consider: ask what set it off", reason), reason
    assert not reason.startswith("Flare:")


def test_each_decision_on_the_patient_page_opens_with_words_above_its_criteria_table(cast, browse):
    live(cast, cast.carol, cast.carol.patient_id, days=7)
    patients.record_red_flags(cast.uow(), cast.bob, cast.carol.patient_id,
                              RedFlagScreeningIn(taken_on=TODAY, red_flags=["constant_night_pain"]))
    page = browse("bob").get(f"/clinic/patients/{cast.carol.patient_id}").text
    summaries = re.findall(r'<p class="summary">(.*?)</p>', page, re.S)
    assert summaries and all(s.startswith(("Sit to stand: ", "Walking: ")) for s in summaries)
    assert all("Red flag answered yes: constant night pain" in s for s in summaries)
    first = page.index('<p class="summary">')
    assert page.index('<table class="criteria">', first) > first  # the detail stays, below the words


def test_the_clinician_sees_the_diarys_note_sleep_mood_and_stress_on_the_timeline_and_in_the_diary_list(cast, browse):
    logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, DiaryEntryIn(
        id=uuid.uuid4(), date=TODAY - timedelta(days=1), pain=6, sleep_hours=4.5, mood=3, stress=8,
        note="Moved house, barely slept"))
    page = browse("bob").get(f"/clinic/patients/{cast.carol.patient_id}").text
    diary = page.split('id="diary"', 1)[1].split("</section>", 1)[0]
    row = re.search(rf"<tr><th scope=\"row\">{(TODAY - timedelta(days=1)).isoformat()}.*?</tr>", diary, re.S).group(0)
    assert "6/10" in row and "4.5 h" in row and "3/10" in row and "8/10" in row and "Moved house, barely slept" in row
    assert "<h3>Sleep, mood and stress</h3>" in page
    assert "Note: Moved house, barely slept" in page  # marked on the timeline
