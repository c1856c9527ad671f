"""Planning over HTTP with comorbidities: weeks of pregnancy outside 0-42 are refused with 422 naming
the field, and no program version is written."""

import json
from pathlib import Path

from clinic_cast import as_

API = "/api/v1"
INTAKE = json.loads((Path(__file__).resolve().parents[2] / "docs" / "examples" / "margaret.json").read_text())


def intake_with(**constraints) -> dict:
    return {**INTAKE, "constraints": {**INTAKE.get("constraints", {}), **constraints}}


def test_gestation_weeks_outside_0_to_42_are_422_naming_the_field_and_nothing_is_written(client, tokens, cast):
    url = f"{API}/patients/{cast.carol.patient_id}/program"
    before = client.get(url, headers=as_(tokens, "bob")).json()
    body = {"reason": "planned", "intake": intake_with(comorbidities=["pregnancy"], gestation_weeks=50)}
    response = client.post(f"{url}/plan", json=body, headers=as_(tokens, "bob"))
    assert response.status_code == 422
    assert response.json()["error"].startswith("intake.constraints.gestation_weeks: Input should be less than or equal to 42")
    assert client.get(url, headers=as_(tokens, "bob")).json() == before


def test_a_pregnancy_at_24_weeks_plans_over_http(client, tokens, cast):
    body = {"reason": "planned", "intake": intake_with(comorbidities=["pregnancy"], gestation_weeks=24)}
    response = client.post(f"{API}/patients/{cast.carol.patient_id}/program/plan", json=body, headers=as_(tokens, "bob"))
    assert response.status_code == 201, response.text
