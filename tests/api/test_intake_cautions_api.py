"""The clinician's cautions on the intake over HTTP: stored with the profile, refused with 422
naming the field when the library does not know them, and added by the planner service to a plan
whose intake does not send them (the API and the page use the same service)."""

import json
from pathlib import Path

from clinic_cast import TODAY, as_

from rehab.content.loader import packaged_library

API = "/api/v1"
INTAKE = {**json.loads((Path(__file__).resolve().parents[2] / "docs" / "examples" / "margaret.json").read_text()),
          "today": TODAY.isoformat()}


def test_an_unknown_caution_is_422_naming_the_field_and_nothing_is_stored(client, tokens, cast):
    url = f"{API}/patients/{cast.carol.patient_id}/profile"
    before = client.get(url, headers=as_(tokens, "bob"))
    refused = client.put(url, json={"cautions": ["cartwheels"]}, headers=as_(tokens, "bob"))
    assert refused.status_code == 422 and refused.json()["error"].startswith("cautions[0]")
    after = client.get(url, headers=as_(tokens, "bob"))
    assert (after.status_code, after.text) == (before.status_code, before.text)


def test_a_plan_sent_without_the_stored_caution_still_leaves_the_movement_out(client, tokens, cast):
    library = packaged_library()
    profile = f"{API}/patients/{cast.carol.patient_id}/profile"
    assert client.put(profile, json={"cautions": ["kneeling"]}, headers=as_(tokens, "bob")).status_code == 200
    assert client.get(profile, headers=as_(tokens, "bob")).json()["cautions"] == ["kneeling"]
    built = client.post(f"{API}/patients/{cast.carol.patient_id}/program/plan",
                        json={"reason": "planned", "intake": INTAKE}, headers=as_(tokens, "bob"))
    assert built.status_code == 201, built.text
    document = built.json()["document"]
    given = {p["id"] for phase in document["planned"]["phases"] for p in phase["prescriptions"]}
    assert not [i for i in given if i in library.exercises and "kneeling" in library.exercises[i].involves]
    assert "kneeling" in document["intake"]["constraints"]["cautions"]
