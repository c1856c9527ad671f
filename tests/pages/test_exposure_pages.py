"""Graded exposure on the pages, without a browser: Bob builds Dave's fear hierarchy on the clinician's
page, Dave runs an experiment in two steps on his phone pages and sees it as evidence; the words
Dave reads stay at reading grade 8 or below."""

import re
import uuid
from datetime import timedelta

from clinic_cast import TODAY

from rehab.content.readability import grade
from rehab.contracts.fear_hierarchy import FearItemIn, SafetyBehavioursIn
from rehab.contracts.records import DiaryEntryIn, PrescriptionIn, ProgramIn
from rehab.core.models import Strategy
from rehab.services import exposure, logs, programs
from rehab.services.paging import Paging

PROGRAM = ProgramIn(reason="fear of bending", prescriptions=[
    PrescriptionIn(activity_id="graded_exposure", name="Feared activities, step by step",
                   strategy=Strategy.GRADED_EXPOSURE, dose={"reps": 5}, sessions_per_week=2)])


def daves_program(cast):
    programs.set_program(cast.uow(), cast.bob, cast.dave.patient_id, PROGRAM)
    for n in range(14, 0, -1):
        logs.log_diary(cast.uow(), cast.dave, cast.dave.patient_id,
                       DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=n), pain=4))


def text_of(html: str) -> str:
    main = re.search(r"<main.*?</main>", html, flags=re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_bob_adds_activities_re_rates_one_and_sees_its_history(cast, browse):
    daves_program(cast)
    bob = browse("bob")
    page = f"/clinic/patients/{cast.dave.patient_id}/exposure"
    for form in ({"library_activity": "carrying", "activity": "", "harm": "55", "goal": "do the weekly shop"},
                 {"library_activity": "", "activity": "bending to load the dishwasher", "harm": "65", "goal": "cook"}):
        response = bob.post(f"{page}/items", data={"csrf": bob.csrf, **form})
        assert response.status_code == 303, response.text
    response = bob.post(f"{page}/ratings", data={"csrf": bob.csrf, "item": "bending_to_load_the_dishwasher",
                                                 "harm_bending_to_load_the_dishwasher": "40"})
    assert response.status_code == 303
    response = bob.post(f"{page}/safety-behaviours", data={"csrf": bob.csrf, "behaviours": "bracing\nholding my breath"})
    assert response.status_code == 303
    html = bob.get(page).text
    shown = text_of(html)
    assert "65 (2026-11-27) → 40 (2026-11-27)" in shown and "-25 true change" in shown
    assert shown.index("bending to load the dishwasher") < shown.index("Carrying shopping")  # re-ranked: 40 < 55
    assert "holding my breath" in html


def test_a_bad_rating_is_refused_naming_the_field_and_keeps_the_typing(cast, browse):
    daves_program(cast)
    bob = browse("bob")
    response = bob.post(f"/clinic/patients/{cast.dave.patient_id}/exposure/items",
                        data={"csrf": bob.csrf, "activity": "lifting my grandson", "harm": "140", "goal": "Fridays"})
    assert response.status_code == 422
    assert "Enter a number from 0 to 100" in response.text and 'value="lifting my grandson"' in response.text
    assert exposure.fear_hierarchy(cast.uow(), cast.bob, cast.dave.patient_id, TODAY).items == []


def test_dave_runs_an_experiment_in_two_steps_and_sees_it_as_evidence(cast, browse):
    daves_program(cast)
    exposure.add_item(cast.uow(), cast.bob, cast.dave.patient_id, FearItemIn(
        activity="bending to load the dishwasher", harm=65, goal="cook"), TODAY)
    exposure.set_safety_behaviours(cast.uow(), cast.bob, cast.dave.patient_id,
                                   SafetyBehavioursIn(behaviours=["bracing"]), TODAY)
    dave = browse("dave")
    assert 'href="/me/experiments"' in dave.get("/me").text
    before = {"csrf": dave.csrf, "item": "bending_to_load_the_dishwasher", "expected": "my back will give way",
              "belief_before": "8"}
    after = dave.post("/me/experiments/new", data=before)
    assert after.status_code == 200 and "You were 8 out of 10 sure" in after.text
    assert exposure.experiment_page(cast.uow(), cast.bob, cast.dave.patient_id, Paging()).items == []  # nothing stored yet
    sent_id = re.search(r'name="id" value="([^"]+)"', after.text).group(1)
    done = {**before, "id": sent_id, "outcome": "it ached a bit and settled", "feared_outcome_happened": "no",
            "belief_after": "3", "pain_during": "4"}
    assert dave.post("/me/experiments", data=done).status_code == 303
    assert dave.post("/me/experiments", data=done).status_code == 303  # sent twice: stored once
    stored = exposure.experiment_page(cast.uow(), cast.bob, cast.dave.patient_id, Paging()).items
    assert len(stored) == 1 and (stored[0].belief_before, stored[0].belief_after) == (80, 30)
    shown = text_of(dave.get("/me/experiments").text)
    assert "You were 8 out of 10 sure it would happen" in shown and "What you feared did not happen" in shown
    assert "After, you were 3 out of 10 sure" in shown and "Your worst pain was 4 out of 10" in shown


def test_an_unfinished_after_form_is_refused_and_stores_nothing(cast, browse):
    daves_program(cast)
    exposure.add_item(cast.uow(), cast.bob, cast.dave.patient_id, FearItemIn(activity="gardening", harm=50, goal="g"), TODAY)
    dave = browse("dave")
    response = dave.post("/me/experiments", data={"csrf": dave.csrf, "id": str(uuid.uuid4()), "item": "gardening",
                                                  "expected": "my back locks", "belief_before": "7", "outcome": ""})
    assert response.status_code == 422
    assert "Write what happened" in response.text and "Say whether what you feared happened" in response.text
    assert exposure.experiment_page(cast.uow(), cast.bob, cast.dave.patient_id, Paging()).items == []


def test_the_words_dave_reads_stay_at_grade_8_or_below(cast, browse):
    daves_program(cast)
    exposure.add_item(cast.uow(), cast.bob, cast.dave.patient_id, FearItemIn(activity="gardening", harm=50, goal="g"), TODAY)
    dave = browse("dave")
    for outcome, happened, stopped in (("it was fine", "no", ""), ("it hurt", "yes", ""), ("I had to stop", "yes", "yes")):
        dave.post("/me/experiments", data={
            "csrf": dave.csrf, "id": str(uuid.uuid4()), "item": "gardening", "expected": "my back locks",
            "belief_before": "7", "outcome": outcome, "feared_outcome_happened": happened, "belief_after": "5",
            "pain_during": "3", "stopped_early": stopped})
    evidence = [e.evidence for e in exposure.experiment_page(cast.uow(), cast.dave, cast.dave.patient_id, Paging()).items]
    assert len(evidence) == 3
    for words in evidence:
        assert grade(words) <= 8, (grade(words), words)
    for path in ("/me/experiments", "/me/experiments/new"):
        words = text_of(dave.get(path).text)
        assert grade(words) <= 8, (path, grade(words), words)
