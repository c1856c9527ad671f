"""The API words a decision as the pages do: a ``summary`` a physiotherapist would write, beside the
engine's own terse summary, which is kept for the programs that read it."""

from clinic_cast import TODAY, as_

from rehab.contracts.records import RedFlagScreeningIn
from rehab.services import patients


def test_the_decision_list_of_the_api_gives_the_same_words_and_keeps_the_engines_summary(cast, client, tokens):
    patients.record_red_flags(cast.uow(), cast.bob, cast.carol.patient_id,
                              RedFlagScreeningIn(taken_on=TODAY, red_flags=["constant_night_pain"]))
    got = client.get(f"/api/v1/patients/{cast.carol.patient_id}/decisions",
                     headers=as_(tokens, "bob")).json()
    latest = got[-1]
    assert latest["summary"].startswith(("Sit to stand: refer today (urgent).", "Walking: refer today (urgent)."))
    assert latest["decision"]["summary_clinician"].startswith("REFER (urgent)")  # the old field is kept
