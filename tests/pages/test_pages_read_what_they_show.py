"""A person's own pages read what they show, not their whole history (issue 15 §7).

Dave has done graded exposure for a while. On one visit his records are those of three months; on
the next, two years more lie behind them (a diary entry, a session and an experiment on most days).
His progress page draws the last twelve weeks and his experiments page shows the latest twenty:
what they read from the database, counted as rows loaded and statements sent, must be the same on
both visits, and what they show must be the same too (apart from the count of sessions, which is
one COUNT).
"""

import re
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from clinic_cast import TODAY
from sqlalchemy import event, insert

from rehab.contracts.fear_hierarchy import FearItemIn
from rehab.contracts.records import DiaryEntryIn, PrescriptionIn, ProgramIn
from rehab.core.models import Strategy
from rehab.services import exposure, logs, programs
from rehab.store import tables
from rehab.web.pages.experiments import EXPERIMENTS_SHOWN

PROGRAM = ProgramIn(reason="fear of bending", prescriptions=[
    PrescriptionIn(activity_id="graded_exposure", name="Feared activities, step by step",
                   strategy=Strategy.GRADED_EXPOSURE, dose={"reps": 5}, sessions_per_week=2),
    PrescriptionIn(activity_id="walking", name="Walking", strategy=Strategy.TIME_CONTINGENT,
                   dose={"duration_s": 1200}, sessions_per_week=5)])
RECENT_DAYS = 100  # beyond the twelve weeks the progress page draws
YEARS_BEFORE = 2 * 365


def daves_recent_weeks(cast):
    """A program, a hierarchy item and 100 days of diary, sessions and experiments before today."""
    dave = cast.dave.patient_id
    programs.set_program(cast.uow(), cast.bob, dave, PROGRAM)
    exposure.add_item(cast.uow(), cast.bob, dave, FearItemIn(activity="bending to load the dishwasher", harm=65,
                                                             goal="cook"), TODAY - timedelta(days=40))
    for n in range(14, 0, -1):  # the baseline fortnight, through the service (the anchor is its first days)
        logs.log_diary(cast.uow(), cast.dave, dave, DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=n), pain=4))
    store_days(cast, range(15, RECENT_DAYS + 1))


def store_days(cast, days_back):
    """A diary entry, a walk and an experiment on each of these days before today, stored as
    they would have been on the day (written in bulk: thousands through the services take minutes)."""
    dave = cast.dave.patient_id
    days = [TODAY - timedelta(days=n) for n in days_back]
    at = {day: datetime(day.year, day.month, day.day, 18, tzinfo=UTC) for day in days}
    with cast.sessions() as db:
        db.execute(insert(tables.DiaryEntry), [
            {"id": uuid.uuid4(), "patient_id": dave, "date": day, "pain": 4, "pain_next_morning": 3,
             "sleep_hours": 7, "recorded_by": cast.dave.user_id, "recorded_at": at[day]} for day in days])
        db.execute(insert(tables.SessionLog), [
            {"id": uuid.uuid4(), "patient_id": dave, "activity_id": "walking", "date": day,
             "completed": {"duration_s": 1200}, "pain_during": 3, "recorded_by": cast.dave.user_id,
             "recorded_at": at[day]} for day in days])
        db.execute(insert(tables.BehaviouralExperiment), [
            {"id": uuid.uuid4(), "patient_id": dave, "item_id": "bending_to_load_the_dishwasher", "date": day,
             "expected": "my back will lock", "belief_before": 80, "stopped_early": False, "outcome": "it was stiff",
             "feared_outcome_happened": False, "belief_after": 40, "safety_behaviours": [], "pain_during": 4,
             "recorded_by": cast.dave.user_id, "recorded_at": at[day]} for day in days])
        db.commit()


def what_a_visit_reads(cast, client, path) -> tuple[Counter, int, str]:
    """Rows of each kind loaded, statements sent, and the page's main text, for one visit."""
    rows: Counter = Counter()
    statements = []
    listeners = [(table, "load", lambda target, _context, name=table.__name__: rows.update([name]))
                 for table in (tables.DiaryEntry, tables.SessionLog, tables.BehaviouralExperiment)]
    bind = cast.sessions.kw["bind"]
    listeners.append((bind, "before_cursor_execute", lambda *args: statements.append(args[2])))
    for target, name, listener in listeners:
        event.listen(target, name, listener)
    try:
        answer = client.get(path)
    finally:
        for target, name, listener in listeners:
            event.remove(target, name, listener)
    assert answer.status_code == 200, answer.text
    main = re.search(r"<main.*?</main>", answer.text, flags=re.S).group(0)
    return rows, len(statements), re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.mark.parametrize("path", ["/me/progress", "/me/experiments"])
def test_two_more_years_of_history_do_not_change_what_daves_page_reads(cast, browse, path):
    daves_recent_weeks(cast)
    dave = browse("dave")
    what_a_visit_reads(cast, dave, path)  # the first visit of the day loads what every visit shares
    rows_before, statements_before, shown_before = what_a_visit_reads(cast, dave, path)
    store_days(cast, range(RECENT_DAYS + 1, RECENT_DAYS + 1 + YEARS_BEFORE))
    rows_after, statements_after, shown_after = what_a_visit_reads(cast, dave, path)
    assert rows_after == rows_before
    assert statements_after == statements_before
    walks = RECENT_DAYS - 14  # a walk on each bulk-stored day
    sessions_before, sessions_after = (f"{walks} sessions logged", f"{walks + YEARS_BEFORE} sessions logged")
    if path == "/me/progress":
        assert sessions_before in shown_before and sessions_after in shown_after  # counted, not read
        shown_after = shown_after.replace(sessions_after, sessions_before)
    assert shown_after.replace("Older experiments", "") == shown_before.replace("Older experiments", "")


def test_dave_pages_back_through_his_experiments_twenty_at_a_time(cast, browse):
    daves_recent_weeks(cast)
    dave = browse("dave")
    seen, path = [], "/me/experiments"
    while True:
        html = dave.get(path).text
        cards = re.findall(r"<h3>bending to load the dishwasher · (\d\d \w+)</h3>", html)
        assert len(cards) <= EXPERIMENTS_SHOWN
        seen += cards
        older = re.search(r'href="(/me/experiments\?older=[^"]+)"', html)
        if older is None:
            break
        path = older.group(1).replace("&amp;", "&")
    assert len(seen) == RECENT_DAYS - 14  # every experiment once, newest first
    assert seen == [(TODAY - timedelta(days=n)).strftime("%d %b") for n in range(15, RECENT_DAYS + 1)]
    assert dave.get("/me/experiments?older=not-a-cursor").status_code == 303
