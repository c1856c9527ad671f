"""This morning's pain is asked on today's form and filed under yesterday, in one transaction.

Carol opens her diary in the morning. The form asks how her pain was when she woke up this morning;
the answer is the "next morning" of yesterday (the check-in contract's ``pain_next_morning``), so it
is stored against yesterday's date. Today's answers and this morning's pain are one save: when part
of it is refused, none of it is kept.
"""

from datetime import timedelta

from clinic_cast import TODAY
from test_patient_pages import diary_of, form_id

from rehab.content.readability import grade


def test_the_diary_asks_this_mornings_pain_in_plain_words_on_todays_form(cast, browse):
    form = browse("carol").get("/me/diary").text
    assert "How was your pain when you woke up this morning?" in form
    assert "On waking next day" not in form
    assert grade("How was your pain when you woke up this morning? 0 is no pain, 10 is the worst pain you can "
                 "imagine.") <= 8
    # a late entry answers for the day chosen: "this morning" is that day's (a physiotherapist's review)
    assert "&#34;this morning&#34; means the morning of that day" in form or '"this morning" means the morning of that day' in form


def test_a_refused_morning_answer_keeps_todays_answers_from_being_stored_alone(cast, browse):
    carol = browse("carol")
    form = carol.get("/me/diary").text
    ids = {"csrf": carol.csrf, "id": form_id(form), "morning_id": form_id(form, "morning_id")}
    assert carol.post("/me/diary", data={**ids, "pain_next_morning": "3"}).status_code == 303
    assert [(e.date, e.pain_next_morning) for e in diary_of(cast, cast.carol)] == [(TODAY - timedelta(days=1), 3)]
    # Back in the browser, she adds today's pain and changes the morning: the same morning id with
    # another answer is refused, and today's pain is not stored on its own either.
    resent = carol.post("/me/diary", data={**ids, "pain": "5", "pain_next_morning": "4"})
    assert [(e.date, e.pain, e.pain_next_morning) for e in diary_of(cast, cast.carol)] == [
        (TODAY - timedelta(days=1), None, 3)]
    assert resent.status_code == 409
    assert "This form was already saved with other answers. Please open the diary again." in resent.text
