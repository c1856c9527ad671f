"""The patient page's "Personal baseline": which yardstick the engine uses, and Bob's form to move it
after Carol's GP changed her analgesic (clinical reference §7.2 step 5)."""

import re
import uuid
from datetime import timedelta

from clinic_cast import TODAY
from sqlalchemy import func, select

from rehab.contracts.records import DiaryEntryIn
from rehab.services import logs
from rehab.store import tables


def diary(cast, days=42, change_after=28):
    """Six weeks of pain: about 3/10, then about 5.5/10 after the new analgesic."""
    for n in range(days):
        pain = (5, 6, 5, 6)[n % 4] if n >= change_after else (3, 2, 3, 4)[n % 4]
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id,
                       DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=days - n), pain=pain))


def baseline_section(html: str) -> str:
    return re.search(r'<section id="baseline".*?</section>', html, flags=re.S).group(0)


def anchors(cast) -> int:
    with cast.sessions() as session:
        return session.scalar(select(func.count()).select_from(tables.BaselineAnchor))


def test_the_page_shows_the_intake_baseline_and_a_form_for_the_last_14_days(cast, browse):
    diary(cast)
    section = baseline_section(browse("bob").get(f"/clinic/patients/{cast.carol.patient_id}").text)
    assert "<strong>Intake baseline phase</strong>" in section and ">anchored</span>" in section
    assert f"{(TODAY - timedelta(days=42)).isoformat()} to " in section
    assert "not yet re-baselined" in section and "Usual pain</dt><dd>2.9/10" in section
    assert f'name="first" type="date" value="{(TODAY - timedelta(days=14)).isoformat()}"' in section
    assert f'name="last" type="date" value="{(TODAY - timedelta(days=1)).isoformat()}"' in section
    assert 'name="csrf"' in section


def test_bob_re_baselines_and_the_page_shows_the_new_window_who_and_when(cast, browse):
    diary(cast)
    bob = browse("bob")
    first, last = (TODAY - timedelta(days=14)).isoformat(), (TODAY - timedelta(days=1)).isoformat()
    response = bob.post(f"/clinic/patients/{cast.carol.patient_id}/baseline",
                        data={"csrf": bob.csrf, "reason": "medication_change", "first": first, "last": last,
                              "note": "GP changed her analgesic"})
    assert response.status_code == 303, response.text
    page = bob.get(response.headers["location"])
    section = baseline_section(page.text)
    assert "<strong>Medication change</strong>" in section
    assert f"{first} to " in section and f"by Bob on {TODAY.isoformat()}" in section
    assert "GP changed her analgesic" in section
    usual = float(re.search(r"Usual pain</dt><dd>([\d.]+)/10", section).group(1))
    assert 5 <= usual <= 6
    assert "Usual range: provisional medication_change baseline" in page.text  # the chart judges by it too


def test_a_window_without_enough_diary_days_is_refused_on_the_form_and_nothing_moves(cast, browse):
    diary(cast)
    bob = browse("bob")
    first = (TODAY - timedelta(days=4)).isoformat()
    response = bob.post(f"/clinic/patients/{cast.carol.patient_id}/baseline",
                        data={"csrf": bob.csrf, "reason": "setback", "first": first, "last": TODAY.isoformat()})
    assert response.status_code == 422
    section = baseline_section(response.text)
    assert "The baseline was not moved" in section
    assert 'id="f-first-problem"' in section and "a baseline needs at least 7" in section
    assert f'value="{first}"' in section and 'value="setback" selected' in section  # what was typed is kept
    assert anchors(cast) == 0


def test_a_re_baseline_needs_a_reason_and_real_dates(cast, browse):
    diary(cast)
    bob = browse("bob")
    response = bob.post(f"/clinic/patients/{cast.carol.patient_id}/baseline",
                        data={"csrf": bob.csrf, "reason": "", "first": "last monday", "last": TODAY.isoformat()})
    assert response.status_code == 422
    section = baseline_section(response.text)
    assert "choose why you re-baseline" in section and 'id="f-first-problem"' in section
    assert anchors(cast) == 0


def test_the_form_without_its_token_is_refused(cast, browse):
    diary(cast)
    bob = browse("bob")
    response = bob.post(f"/clinic/patients/{cast.carol.patient_id}/baseline",
                        data={"reason": "setback", "first": (TODAY - timedelta(days=14)).isoformat(),
                              "last": (TODAY - timedelta(days=1)).isoformat()})
    assert response.status_code == 403
    assert anchors(cast) == 0
