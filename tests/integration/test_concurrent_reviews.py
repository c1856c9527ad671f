"""Two identical program reviews sent at the same instant (a double click, a retry racing the first
try), on SQLite and on PostgreSQL with real commits: one review and one program version are
stored, and both answers are the stored review, never a server error. Two different reviews of
the same alert at once: one is stored and the other is refused as a conflict."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
from clinic_cast import make_cast
from databases import committed_database
from sqlalchemy import func, select
from test_concurrent_writes import at_once
from test_program_review import a_goal, reformulate_alert, review, stalled_carol

from rehab.services import program_reviews
from rehab.services.errors import Conflict
from rehab.store import tables
from rehab.store.database import session_factory


@pytest.fixture(params=["sqlite", "postgresql"])
def cast(request, tmp_path_factory):
    for database in committed_database(request.param, tmp_path_factory.mktemp("reviews")):
        cast = make_cast(session_factory(database.engine))
        stalled_carol(cast)
        yield cast


def stored(cast, table, *where) -> int:
    with cast.sessions() as session:
        return session.scalar(select(func.count()).select_from(table).where(*where))


def test_the_same_review_sent_four_times_at_once_is_stored_once_and_every_answer_is_the_stored_review(cast):
    given = review(reformulate_alert(cast), a_goal(cast))
    results = at_once(4, lambda _: program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id, given))
    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted(r.replayed for r in results) == [False, True, True, True]
    assert {(r.id, r.program_version) for r in results} == {(given.id, results[0].program_version)}
    assert stored(cast, tables.ProgramReview, tables.ProgramReview.patient_id == cast.carol.patient_id) == 1
    assert stored(cast, tables.ProgramVersion, tables.ProgramVersion.review_id == given.id) == 1


def test_two_different_reviews_of_one_alert_at_once_store_one_and_refuse_the_other_as_a_conflict(cast):
    alert, goal = reformulate_alert(cast), a_goal(cast)
    reviews = [review(alert, goal), review(alert, goal, reason="Walk first, and ease the sit-to-stand.")]
    results = at_once(2, lambda i: program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id, reviews[i]))
    assert Counter(type(r).__name__ for r in results) == {"ProgramReviewOut": 1, "Conflict": 1}, results
    assert stored(cast, tables.ProgramReview, tables.ProgramReview.alert_id == alert.id) == 1
