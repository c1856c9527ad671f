"""The clinician's intake and assessment pages: context, red-flag screening, questionnaires and
performance tests, each scored or checked on save, refused with the problem next to the field."""

import re

from clinic_cast import TODAY

from rehab.services import assessments, patients


def url(cast, path=""):
    return f"/clinic/patients/{cast.carol.patient_id}{path}"


def test_smoke(browse, cast):
    bob = browse("bob")
    for path in ("/intake", "/screenings/red-flags", "/assessments", "/assessments?instrument=phq9",
                 "/assessments?instrument=psfs", "/assessments?instrument=chair_stand_30s"):
        r = bob.get(url(cast, path))
        assert r.status_code == 200, (path, r.text[-3000:])


def test_smoke_plan(browse, cast):
    bob = browse("bob")
    for path in ("/goals", "/program", "/flare-plan", "/discharge"):
        r = bob.get(url(cast, path))
        assert r.status_code == 200, (path, r.text[-3000:])
