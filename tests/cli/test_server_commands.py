"""The operator's commands on a real SQLite database in a temporary folder."""

import json
import sqlite3
import subprocess
import sys
import uuid
from datetime import date

import pytest

from rehab.contracts.records import DiaryEntryIn, PatientIn, UserIn
from rehab.services import accounts, logs, patients
from rehab.services.access import Actor
from rehab.store.database import make_engine, session_factory
from rehab.store.unit_of_work import UnitOfWork


def rehab(folder, *args, stdin=None):
    env = {"REHAB_DATA_DIR": str(folder / "var"), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "rehab", *args], cwd=folder, env=env, capture_output=True, text=True,
                          input=stdin, timeout=120)


@pytest.fixture
def clinic(tmp_path):
    """A migrated database with a clinic, a clinician and a patient who has logged once."""
    assert rehab(tmp_path, "db", "upgrade").returncode == 0
    url = f"sqlite:///{tmp_path / 'var' / 'rehab.db'}"
    uow = UnitOfWork(session_factory(make_engine(url)))
    admin = accounts.create_clinic(uow, "Riverside", "alice@riverside.test", "Alice", "a long password")
    bob = accounts.create_user(uow, Actor(admin.id, "admin", admin.clinic_id),
                               UserIn(email="bob@riverside.test", display_name="Bob", role="clinician", password="a long password"))
    carol = patients.enrol_patient(uow, Actor(bob.id, "clinician", bob.clinic_id),
                                   PatientIn(display_name="Carol", condition="back pain", enrolled_on=date(2026, 11, 1)))
    logs.log_diary(uow, Actor(bob.id, "clinician", bob.clinic_id), carol.id, DiaryEntryIn(id=uuid.uuid4(), date=date(2026, 11, 2), pain=4))
    return tmp_path, carol.id


def test_db_upgrade_is_idempotent(tmp_path):
    first, second = rehab(tmp_path, "db", "upgrade"), rehab(tmp_path, "db", "upgrade")
    assert first.returncode == second.returncode == 0
    assert "up to date" in second.stdout
    assert (tmp_path / "var" / "rehab.db").exists()


def test_audit_prints_who_did_what_to_a_patients_data(clinic):
    folder, patient_id = clinic
    result = rehab(folder, "audit", "--patient", str(patient_id), "--json")
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(e["role"], e["action"], e["resource"]) for e in entries][:2] == [
        ("clinician", "create", "patient"), ("clinician", "create", "diary_entry")]


def test_audit_of_an_unknown_patient_exits_2_with_one_line(clinic):
    folder, _ = clinic
    result = rehab(folder, "audit", "--patient", str(uuid.uuid4()))
    assert result.returncode == 2 and result.stdout == "" and result.stderr.startswith("error: no patient")
    assert rehab(folder, "audit", "--patient", "carol").stderr.strip() == "error: --patient: 'carol' is not a patient id"


def test_backup_and_restore_bring_back_the_records(clinic):
    folder, patient_id = clinic
    copy = folder / "backup.db"
    assert rehab(folder, "backup", str(copy)).returncode == 0
    live = folder / "var" / "rehab.db"
    with sqlite3.connect(live) as connection:
        connection.execute("DELETE FROM diary_entries")
    result = rehab(folder, "restore", str(copy))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(live) as connection:
        assert connection.execute("SELECT count(*) FROM diary_entries").fetchone() == (1,)
    assert rehab(folder, "backup", str(copy)).returncode == 2  # never overwrites a backup
    (folder / "not-a-db.txt").write_text("hello")
    refused = rehab(folder, "restore", str(folder / "not-a-db.txt"))
    assert refused.returncode == 2 and "not a" in refused.stderr


def test_the_nightly_round_runs_due_check_ins_and_alerts_missed_logs_once(clinic):
    folder, _ = clinic
    first = rehab(folder, "nightly")
    assert first.returncode == 0, first.stderr
    assert "due check-ins ran: 1" in first.stdout and "missed-log alerts raised: 1" in first.stdout
    assert "missed-log alerts raised: 0" in rehab(folder, "nightly").stdout


def test_a_wrong_database_setting_names_the_variable(tmp_path):
    env = {"REHAB_DATABASE_URL": "mysql://localhost/rehab", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "rehab", "db", "upgrade"], env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("error: REHAB_DATABASE_URL must start with sqlite:/// or postgresql+psycopg://")


def test_clinic_creates_a_clinic_and_its_first_admin(tmp_path):
    result = rehab(tmp_path, "clinic", "--name", "Hilltop", "--admin-email", "hank@hilltop.test", "--admin-name", "Hank",
                   "--password", "a long password")
    assert result.returncode == 0, result.stderr
    short = rehab(tmp_path, "clinic", "--name", "X", "--admin-email", "x@x.test", "--admin-name", "X", "--password", "short")
    assert short.returncode == 2 and short.stderr.startswith("error: password:")


def _children(parent: int) -> list[int]:
    from pathlib import Path

    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def _command_line(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _descendants(parent: int) -> list[int]:
    found, todo = [], [parent]
    while todo:
        children = _children(todo.pop())
        found += children
        todo += children
    return found


def _check_in_workers(server: int) -> list[int]:
    return [pid for pid in _descendants(server) if _command_line(pid).endswith("-m rehab worker ")]


def _web_processes(server: int) -> list[int]:
    """The web processes of ``rehab serve --workers N``: forked from it, so they run its command line."""
    return [pid for pid in _children(server) if _command_line(pid) == _command_line(server)]


def _serve(folder, workers: int = 1):
    """`rehab serve` on a free port, started with ``workers`` web processes; the process, its
    check-in worker's pid and the port, once the server answers."""
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"REHAB_DATA_DIR": str(folder / "var"), "PATH": "/usr/bin:/bin"}
    server = subprocess.Popen([sys.executable, "-m", "rehab", "serve", "--port", str(port), "--workers", str(workers)],
                              cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as answer:
                if answer.status == 200:
                    break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        raise AssertionError("rehab serve did not answer in 60 s")
    checkers = _check_in_workers(server.pid)
    assert checkers, "rehab serve started no check-in worker"
    return server, checkers[0], port


def _gone(pid, seconds=30.0) -> bool:
    import os
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # a child that has exited but not been reaped by a dead parent is reaped by init shortly
        with open(f"/proc/{pid}/stat") as stat:
            if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("how", ["terminate", "kill"])
def test_stopping_the_server_stops_its_check_in_worker(tmp_path, how):
    server, worker, _ = _serve(tmp_path)
    getattr(server, how)()
    server.wait(timeout=30)
    # It notices within a fifth of a second once running; a busy machine may still be importing it.
    assert _gone(worker, seconds=30), f"the check-in worker outlived `rehab serve` ({how})"


def test_serve_with_two_web_processes_answers_and_runs_one_check_in_worker(clinic):
    """Each web process answers requests; the check-ins are run by one worker for the whole server,
    never one per web process (two would each take the same patients' due check-ins)."""
    import urllib.request

    folder, _ = clinic
    server, _, port = _serve(folder, workers=2)
    try:
        web = _web_processes(server.pid)
        assert len(web) == 2, [_command_line(pid) for pid in _descendants(server.pid)]
        for _ in range(6):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=10) as answer:
                assert answer.status == 200
        assert len(_check_in_workers(server.pid)) == 1
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert all(_gone(pid) for pid in web), "a web process outlived `rehab serve`"


def test_web_processes_end_when_serve_is_killed(clinic):
    folder, _ = clinic
    server, worker, _ = _serve(folder, workers=2)
    web = _web_processes(server.pid)
    assert len(web) == 2
    server.kill()
    server.wait(timeout=30)
    assert all(_gone(pid) for pid in [*web, worker]), "a web process or the worker outlived a killed `rehab serve`"


def _poison_a_second_patient(folder) -> uuid.UUID:
    """Dave, with a diary entry dated 0001-01-01 written straight into the database (past every check
    at the edge, as the old API let one in) and queued before Carol's entry: the worker takes him first."""
    url = f"sqlite:///{folder / 'var' / 'rehab.db'}"
    uow = UnitOfWork(session_factory(make_engine(url)))
    with sqlite3.connect(folder / "var" / "rehab.db") as connection:
        bob = uuid.UUID(connection.execute("SELECT id FROM users WHERE email = 'bob@riverside.test'").fetchone()[0])
        clinic_id = uuid.UUID(connection.execute("SELECT clinic_id FROM users WHERE id = ?", (bob.hex,)).fetchone()[0])
    dave = patients.enrol_patient(uow, Actor(bob, "clinician", clinic_id),
                                  PatientIn(display_name="Dave", condition="neck pain", enrolled_on=date(2026, 11, 1)))
    with sqlite3.connect(folder / "var" / "rehab.db") as connection:
        connection.execute("INSERT INTO diary_entries (id, patient_id, date, pain, recorded_by, recorded_at) "
                           "VALUES (?, ?, '0001-01-01', 4, ?, '2000-01-01 00:00:00.000000')",
                           (uuid.uuid4().hex, dave.id.hex, bob.hex))
        connection.execute("UPDATE patients SET last_entry_on = '0001-01-01', "
                           "checkins_due_since = '2000-01-01 00:00:00.000000' WHERE id = ?", (dave.id.hex,))
    return dave.id


def _check_in_state(folder, patient_id: uuid.UUID) -> tuple:
    with sqlite3.connect(folder / "var" / "rehab.db") as connection:
        return connection.execute("SELECT checkins_due_since, checkin_failures, checkin_error FROM patients WHERE id = ?",
                                  (patient_id.hex,)).fetchone()


def test_the_nightly_round_puts_a_poisoned_patient_aside_and_runs_the_others(clinic):
    folder, carol = clinic
    dave = _poison_a_second_patient(folder)
    result = rehab(folder, "nightly")
    assert result.returncode == 0, result.stderr
    assert "due check-ins ran: 1; put aside after a failed check-in: 1" in result.stdout
    assert f"check-in failed: patient {dave}: date value out of range" in result.stderr
    assert _check_in_state(folder, carol) == (None, 0, None)
    assert _check_in_state(folder, dave)[1:] == (1, "date value out of range")


def test_the_check_in_worker_puts_a_poisoned_patient_aside_and_runs_the_others(clinic):
    import time

    folder, carol = clinic
    dave = _poison_a_second_patient(folder)
    env = {"REHAB_DATA_DIR": str(folder / "var"), "REHAB_CHECKIN_DELAY_SECONDS": "0", "PATH": "/usr/bin:/bin"}
    worker = subprocess.Popen([sys.executable, "-m", "rehab", "worker"], cwd=folder, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _check_in_state(folder, carol)[0] is not None:
            time.sleep(0.1)  # polling the worker's progress, not waiting a fixed time
        assert _check_in_state(folder, carol) == (None, 0, None), "Carol's check-ins never ran"
        assert _check_in_state(folder, dave)[1:] == (1, "date value out of range")
    finally:
        worker.terminate()
        _, errors = worker.communicate(timeout=30)
    assert "retrying" not in errors  # the round itself never failed


def test_a_check_in_worker_that_does_not_stop_is_killed_not_waited_on_for_ever():
    """`rehab serve` stopping: a worker stuck past the grace period (blocked writing to a full
    pipe, say) is killed, and the server still stops cleanly instead of raising TimeoutExpired
    and leaving the worker behind."""
    import time

    from rehab.cli.server import _stop_worker

    with subprocess.Popen([sys.executable, "-c", "import signal, sys, time\n"
                           "signal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('ready', flush=True)\n"
                           "time.sleep(120)"], stdout=subprocess.PIPE, text=True) as stuck:
        try:
            assert stuck.stdout.readline().strip() == "ready"
            started = time.monotonic()
            _stop_worker(stuck, grace=0.5)
            assert stuck.returncode == -9 and time.monotonic() - started < 10
        finally:
            if stuck.poll() is None:
                stuck.kill()


@pytest.mark.parametrize("workers", [1, 2])
def test_the_server_collects_garbage_again_once_started_but_never_walks_what_start_up_made(tmp_path, monkeypatch,
                                                                                          workers):
    """`rehab serve` starts without garbage collection (collecting among the objects start-up makes
    cost an eighth of the cold start). By the time it serves, collection is on again, and what
    start-up made is frozen out of it, so no collection walks it, and forked web processes share it."""
    import gc
    import signal

    import uvicorn
    import uvicorn._subprocess
    from typer.testing import CliRunner
    from uvicorn.supervisors import Multiprocess

    from rehab.cli import app
    from rehab.web.app import SERVE_PARENT

    seen = {}

    def serving(*_):
        seen.update(collecting=gc.isenabled(), frozen=gc.get_freeze_count())

    monkeypatch.setattr(uvicorn.Server, "run", serving)
    monkeypatch.setattr(Multiprocess, "run", serving)
    monkeypatch.setattr(uvicorn._subprocess, "spawn", uvicorn._subprocess.spawn)  # serve sets it; put back after
    monkeypatch.setenv(SERVE_PARENT, "")  # likewise
    monkeypatch.setenv("REHAB_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("REHAB_DATABASE_URL", raising=False)
    on_sigterm = signal.getsignal(signal.SIGTERM)
    try:
        result = CliRunner().invoke(app, ["serve", "--workers", str(workers), "--no-worker", "--port", "0"])
    finally:
        signal.signal(signal.SIGTERM, on_sigterm)
        gc.unfreeze()
        gc.enable()
    assert result.exit_code == 0, result.output
    assert seen["collecting"], "rehab serve left garbage collection off"
    assert seen["frozen"] > 10_000, f"start-up's objects were not frozen ({seen['frozen']})"
