"""What a visit reads does not grow with the years behind it (issue 15 §7, second round).

Dave has done graded exposure for over a year: a diary entry, a walk and an experiment each day,
his fear of bending re-rated each week, a questionnaire every four weeks, an easier walk every
third day, and the red-flag questions answered in the app each week. On the next visit two more
years of the same lie behind those weeks. His clinician's pages and the API lists must read as
many rows, in as many statements, as before: the rows counted are those the database returned,
whichever way they were read (ORM objects or plain rows).

That first year fills every list's page or cap already (a page of 100, the first and latest
scores of a measure, the latest ten ratings) and lies beyond everything a page draws (twelve weeks
of timeline and the noise window before them), so the anchored baseline's days are outside those
weeks on both visits.
"""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from clinic_cast import TODAY
from sqlalchemy import event, insert, select

from rehab.contracts.fear_hierarchy import FearItemIn, FearRatingIn
from rehab.contracts.records import AssessmentIn, DiaryEntryIn, PrescriptionIn, ProgramIn, RedFlagScreeningIn
from rehab.core.models import Strategy
from rehab.services import assessments, checkins, exposure, logs, patients, programs
from rehab.services.exposure import RATINGS_SHOWN
from rehab.store import tables

PROGRAM = ProgramIn(reason="fear of bending", prescriptions=[
    PrescriptionIn(activity_id="graded_exposure", name="Feared activities, step by step",
                   strategy=Strategy.GRADED_EXPOSURE, dose={"reps": 5}, sessions_per_week=2),
    PrescriptionIn(activity_id="walking", name="Walking", strategy=Strategy.TIME_CONTINGENT,
                   dose={"duration_s": 1200}, sessions_per_week=5)])
ITEM = "bending_to_load_the_dishwasher"
RECENT_DAYS = 400  # over a year: each list's cap is full already, and the anchor lies before the weeks drawn
YEARS_BEFORE = 2 * 365
TSK11 = [2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2]


def daves_first_year(cast):
    """The program, the hierarchy, a fortnight's diary, a TSK-11 and a red-flag screening through
    the services (what the bulk rows copy), then the days before them stored in bulk."""
    dave = cast.dave.patient_id
    programs.set_program(cast.uow(), cast.bob, dave, PROGRAM)
    exposure.add_item(cast.uow(), cast.bob, dave, FearItemIn(activity="bending to load the dishwasher", harm=65,
                                                             goal="cook"), TODAY - timedelta(days=40))
    exposure.rerate(cast.uow(), cast.bob, dave, ITEM, FearRatingIn(harm=50), TODAY)
    for n in range(14, 0, -1):
        logs.log_diary(cast.uow(), cast.dave, dave, DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=n), pain=4))
    assessments.record_assessment(cast.uow(), cast.bob, dave, AssessmentIn(instrument="tsk11", taken_on=TODAY,
                                                                           answers=TSK11))
    patients.record_red_flags(cast.uow(), cast.bob, dave, RedFlagScreeningIn(taken_on=TODAY - timedelta(days=1)))
    store_days(cast, range(15, RECENT_DAYS + 1))


def store_days(cast, days_back):
    """Dave's records on these days before today, as they would have been stored on the day
    (in bulk: thousands through the services take minutes). Each day a diary entry, a walk and an
    experiment; each week a re-rating, an easier walk and the red-flag questions answered in the
    app; every four weeks a TSK-11 scored as the stored one."""
    dave, user = cast.dave.patient_id, cast.dave.user_id
    days = [TODAY - timedelta(days=n) for n in days_back]
    weekly = [day for day in days if (TODAY - day).days % 7 == 0]
    every_third = [day for day in days if (TODAY - day).days % 3 == 0]
    monthly = [day for day in days if (TODAY - day).days % 28 == 0]
    at = {day: datetime(day.year, day.month, day.day, 18, tzinfo=UTC) for day in days}
    with cast.sessions() as db:
        tsk = db.scalars(select(tables.Assessment).where(tables.Assessment.patient_id == dave)).first()
        db.execute(insert(tables.DiaryEntry), [
            {"id": uuid.uuid4(), "patient_id": dave, "date": day, "pain": 4, "pain_next_morning": 3,
             "sleep_hours": 7, "recorded_by": user, "recorded_at": at[day]} for day in days])
        db.execute(insert(tables.SessionLog), [
            {"id": uuid.uuid4(), "patient_id": dave, "activity_id": "walking", "date": day,
             "completed": {"duration_s": 1200}, "pain_during": 3, "recorded_by": user, "recorded_at": at[day]}
            for day in days])
        db.execute(insert(tables.BehaviouralExperiment), [
            {"id": uuid.uuid4(), "patient_id": dave, "item_id": ITEM, "date": day,
             "expected": "my back will lock", "belief_before": 80, "stopped_early": False, "outcome": "it was stiff",
             "feared_outcome_happened": False, "belief_after": 40, "safety_behaviours": [], "pain_during": 4,
             "recorded_by": user, "recorded_at": at[day]} for day in days])
        if weekly:
            db.execute(insert(tables.FearRating), [
                {"id": uuid.uuid4(), "patient_id": dave, "item_id": ITEM, "harm": 60, "rated_on": day,
                 "recorded_by": cast.bob.user_id, "recorded_at": at[day]} for day in weekly])
            db.execute(insert(tables.SelfAdjustment), [
                {"id": uuid.uuid4(), "patient_id": dave, "activity_id": "walking", "date": day, "kind": "easier",
                 "dose": {"duration_s": 900}, "reason": "tired", "answer": "Fine: a shorter walk today.",
                 "bound": "one step easier", "recorded_by": user, "recorded_at": at[day]} for day in every_third])
            db.execute(insert(tables.Screening), [
                {"id": uuid.uuid4(), "patient_id": dave, "kind": "red_flags", "taken_on": day,
                 "answers": {"red_flags": []}, "result": {}, "recorded_by": user, "created_at": at[day]}
                for day in weekly])
        if monthly:
            db.execute(insert(tables.Assessment), [
                {"id": uuid.uuid4(), "patient_id": dave, "instrument": "tsk11", "taken_on": day, "answers": tsk.answers,
                 "result": tsk.result, "recorded_by": cast.bob.user_id, "created_at": at[day]} for day in monthly])
        db.commit()


class Reads:
    """The statements sent while counting and the rows the database returned for them (each SELECT
    is run again afterwards on the same connection to count its rows, so rows read as plain tuples
    count as ORM objects do)."""

    def __init__(self, cast):
        self.bind = cast.sessions.kw["bind"]
        self.sent: list[tuple[str, object]] = []

    def __enter__(self):
        event.listen(self.bind, "before_cursor_execute", self._seen)
        return self

    def _seen(self, _connection, _cursor, statement, parameters, _context, _many):
        self.sent.append((statement, parameters))

    def __exit__(self, *_):
        event.remove(self.bind, "before_cursor_execute", self._seen)

    @property
    def rows(self) -> list[tuple[str, int]]:
        """Each SELECT sent (its first line, for a failure's message) and the rows it returned."""
        selects = [(s, p) for s, p in self.sent if s.lstrip().upper().startswith(("SELECT", "WITH"))]
        return [(" ".join(s.split())[:160], len(self.bind.exec_driver_sql(s, p).fetchall())) for s, p in selects]


def visit(cast, client, path) -> tuple[list[tuple[str, int]], int]:
    """Rows returned by each SELECT and statements sent for one visit of ``path`` (after a first
    visit that loads what every visit of the day shares)."""
    client.get(path)
    with Reads(cast) as reads:
        answer = client.get(path)
    assert answer.status_code == 200, answer.text
    return reads.rows, len(reads.sent)


def dave_path(cast, path: str) -> str:
    return path.format(dave=cast.dave.patient_id)


@pytest.mark.parametrize("path", [
    "/clinic/patients/{dave}",  # the timeline: the anchor's days and the weeks drawn, not all between
    "/clinic/patients/{dave}/exposure",  # the hierarchy's first and latest ratings, fifty experiments
    "/clinic/patients/{dave}/assessments",  # the first and latest scores of each measure
    "/clinic/patients/{dave}/program",  # the planner's defaults from the latest scores
    "/api/v1/patients/{dave}/fear-hierarchy",
    "/api/v1/patients/{dave}/experiments",
    "/api/v1/patients/{dave}/adjustments",
    "/api/v1/patients/{dave}/baseline",
])
def test_two_more_years_behind_dave_do_not_change_what_a_visit_reads(cast, browse, path):
    daves_first_year(cast)
    bob = browse("bob")
    path = dave_path(cast, path)
    rows_before, statements_before = visit(cast, bob, path)
    store_days(cast, range(RECENT_DAYS + 1, RECENT_DAYS + 1 + YEARS_BEFORE))
    rows_after, statements_after = visit(cast, bob, path)
    assert statements_after == statements_before
    grown = [(statement, before, after) for (statement, before), (_, after) in zip(rows_before, rows_after, strict=True)
             if after != before]
    assert not grown, grown


def test_the_api_lists_page_newest_first_with_a_cursor(cast, browse):
    daves_first_year(cast)
    bob = browse("bob")
    for name, key in (("experiments", "date"), ("adjustments", "date")):
        url = dave_path(cast, f"/api/v1/patients/{{dave}}/{name}")
        first = bob.get(url, params={"limit": 5, "total": "true"}).json()
        assert len(first["items"]) == 5 and first["total"] > 5
        dates = [item[key] for item in first["items"]]
        assert dates == sorted(dates, reverse=True)
        older = bob.get(url, params={"limit": 5, "cursor": first["next_cursor"]}).json()
        assert older["items"][0][key] <= dates[-1] and older["total"] is None
        assert bob.get(url, params={"limit": 501}).status_code == 422


def test_the_clinician_still_sees_the_first_rating_and_how_often_the_item_was_rated(cast, browse):
    daves_first_year(cast)
    store_days(cast, range(RECENT_DAYS + 1, RECENT_DAYS + 1 + YEARS_BEFORE))
    hierarchy = browse("bob").get(dave_path(cast, "/api/v1/patients/{dave}/fear-hierarchy")).json()
    item = hierarchy["items"][0]
    weekly = [n for n in range(15, RECENT_DAYS + YEARS_BEFORE + 1) if n % 7 == 0]
    assert item["rating_count"] == len(weekly) + 2  # each week's, the one it was added with and today's
    assert len(item["ratings"]) == RATINGS_SHOWN + 1
    first, latest = item["ratings"][0], item["ratings"][-1]
    assert first["rated_on"] == (TODAY - timedelta(days=weekly[-1])).isoformat() and first["harm"] == 60
    assert latest["rated_on"] == TODAY.isoformat() and latest["harm"] == 50
    assert (item["first_harm"], item["harm"], item["change"]) == (60, 50, -10)


def test_a_check_in_reads_the_red_flag_answers_from_the_clinicians_latest_screening_on(cast):
    """Two years of weekly 'no' answers in the app before the clinician's screening are not read;
    a 'yes' the patient gives after it still stands until a clinician reviews it."""
    daves_first_year(cast)
    dave = cast.dave.patient_id

    def standing() -> tuple[frozenset[str], int]:
        uow = cast.uow()
        with uow, Reads(cast) as reads:
            flags, _ = checkins.standing_red_flags(uow, dave)
        return flags, sum(rows for _, rows in reads.rows)

    flags_before, rows_before = standing()
    store_days(cast, range(RECENT_DAYS + 1, RECENT_DAYS + 1 + YEARS_BEFORE))
    flags_after, rows_after = standing()
    assert (flags_after, rows_after) == (flags_before, rows_before) == (frozenset(), 1)
    patients.record_red_flags(cast.uow(), cast.dave, dave, RedFlagScreeningIn(taken_on=TODAY,
                                                                               red_flags=["constant_night_pain"]))
    assert standing()[0] == {"constant_night_pain"}
