"""Two identical program reviews posted at the same instant over real HTTP (a double click on
"Save the review", a retry racing the first try), on SQLite, on PostgreSQL and on PostgreSQL with
two server processes: one review and one program version are stored, one answer is 201 and the
others 200 with the stored review, never a 500. Two different reviews of one alert at once: one
201 and one 409."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest
from clinic_cast import make_cast
from databases import committed_database
from live_server import Server, in_a_thread, rehab_env, serve_processes, stop_all
from sqlalchemy import func, select
from test_concurrent_requests import at_once

from rehab.settings import load_settings
from rehab.store import tables
from rehab.store.database import session_factory
from rehab.web.app import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from test_program_review import a_goal, reformulate_alert, review, stalled_carol  # noqa: E402


@pytest.fixture(params=["sqlite", "postgresql", "postgresql-scaled-out"])
def server(request, tmp_path_factory):
    kind, _, scaled_out = request.param.partition("-")
    folder = tmp_path_factory.mktemp("reviews")
    for database in committed_database(kind, folder):
        sessions = session_factory(database.engine)
        cast = make_cast(sessions)
        stalled_carol(cast)
        if not scaled_out:
            app = create_app(load_settings({"REHAB_DATABASE_URL": database.url}), sessions=sessions, clock=cast.clock)
            with in_a_thread(app) as base:
                yield Server(base, cast)
            continue
        env = rehab_env(database.url_for_a_process(), folder, REHAB_CHECKIN_DELAY_SECONDS="0")
        servers = serve_processes(2, env, folder, "--no-worker")
        try:
            yield Server([base for _, base in servers], cast)
        finally:
            stop_all([process for process, _ in servers])


def stored(cast, *where) -> int:
    with cast.sessions() as session:
        return session.scalar(select(func.count()).select_from(tables.ProgramReview).where(*where))


def test_the_same_review_posted_four_times_at_once_is_one_201_and_three_200s_with_the_stored_review(server):
    cast = server.cast
    bob = server.token("bob@riverside.test")
    body = review(reformulate_alert(cast), a_goal(cast)).model_dump(mode="json", exclude_unset=True)
    url = f"/api/v1/patients/{cast.carol.patient_id}/program-reviews"
    results = at_once(4, lambda _: server.call("POST", url, body, bob))
    assert sorted(status for status, _, _ in results) == [200, 200, 200, 201], results
    assert {(out["id"], out["program_version"]) for _, _, out in results} == {(body["id"], results[0][2]["program_version"])}
    assert stored(cast, tables.ProgramReview.patient_id == cast.carol.patient_id) == 1


def test_two_different_reviews_of_one_alert_posted_at_once_are_one_201_and_one_409(server):
    cast = server.cast
    bob = server.token("bob@riverside.test")
    alert, goal = reformulate_alert(cast), a_goal(cast)
    bodies = [review(alert, goal).model_dump(mode="json", exclude_unset=True),
              review(alert, goal, id=str(uuid.uuid4()), reason="Walk first, and ease the sit-to-stand.").model_dump(mode="json", exclude_unset=True)]
    url = f"/api/v1/patients/{cast.carol.patient_id}/program-reviews"
    results = at_once(2, lambda i: server.call("POST", url, bodies[i], bob))
    assert sorted(status for status, _, _ in results) == [201, 409], results
    assert stored(cast, tables.ProgramReview.alert_id == alert.id) == 1
