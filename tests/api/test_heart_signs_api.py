"""A heart sign sent through the API (the patient's phone): stored once per id, alerted once, the
same id with other answers refused, and a sign the clinic does not know refused (hazard H54)."""

import uuid

from clinic_cast import TODAY, as_

from rehab.services import oversight, patients

API = "/api/v1"


def test_chest_pain_sent_twice_with_one_id_is_stored_and_alerted_once(client, tokens, cast):
    address = f"{API}/patients/{cast.carol.patient_id}/screenings/red-flags"
    answer = {"id": str(uuid.uuid4()), "taken_on": TODAY.isoformat(), "red_flags": ["heart_chest_pain"]}
    first = client.post(address, headers=as_(tokens, "carol"), json=answer)
    assert first.status_code == 201, first.text
    assert first.json()["result"]["urgency"] == "emergency"
    again = client.post(address, headers=as_(tokens, "carol"), json=answer)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"] == answer["id"]
    other = client.post(address, headers=as_(tokens, "carol"), json={**answer, "red_flags": ["heart_racing"]})
    assert other.status_code == 409
    assert len(patients.list_screenings(cast.uow(), cast.bob, cast.carol.patient_id)) == 1
    [alert] = [a for a in oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id) if a.code.startswith("red_flag")]
    assert alert.severity == "emergency" and "heart chest pain" in alert.message


def test_a_sign_the_clinic_does_not_know_is_422_and_nothing_is_stored(client, tokens, cast):
    address = f"{API}/patients/{cast.carol.patient_id}/screenings/red-flags"
    refused = client.post(address, headers=as_(tokens, "carol"),
                          json={"id": str(uuid.uuid4()), "taken_on": TODAY.isoformat(), "red_flags": ["heart_attack_maybe"]})
    assert refused.status_code == 422
    assert patients.list_screenings(cast.uow(), cast.bob, cast.carol.patient_id) == []
