"""Diary writes and reads over HTTP: `rehab serve` against bare endpoints doing one INSERT and the
same SELECT of a diary page, side by side.

Both servers run as separate processes on 127.0.0.1 with the same uvicorn settings and the same
SQLite database settings (WAL, write lock taken at BEGIN). wrk (a C load generator, so the client
does not eat the servers' CPU) keeps eight connections busy with diary entries for 400 patients in
turn (a clinic's morning, not one person writing hundreds of entries a day); rounds of both servers
alternate so drift on a shared machine hits both alike. `rehab serve` does what it does in use: login check, access check, idempotent
write, audit entry, caseload update, and the check-ins (in its worker, same process).

The read side (issue 15 §7): every patient first has ``--history`` diary entries (200: over half a
year of daily entries), and wrk asks for the newest page of each patient's diary in turn
(`GET /api/v1/patients/{id}/diary`, 100 entries, the default page) against a bare endpoint making
the same SELECT. `rehab serve` also checks the login and access and writes the read's audit entry.

    python bench/api.py [--seconds 20] [--concurrency 8] [--patients 400] [--rounds 5] [--history 200]
                        [--workers N] [--only writes|reads]

Targets: writes (issue 5) at least 50% of the bare endpoint's throughput, p95 <= 20 ms on SQLite;
reads (issue 15) at least 70% of the bare SELECT's throughput, p95 <= 30 ms at 8 connections on SQLite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx2 as httpx
from sqlalchemy import insert, select

from rehab.contracts.records import PatientIn, PrescriptionIn, ProgramIn, UserIn
from rehab.core.models import Strategy
from rehab.services import accounts, patients, programs
from rehab.services.access import Actor
from rehab.store import tables
from rehab.store.database import make_engine, session_factory, upgrade
from rehab.store.unit_of_work import UnitOfWork

HERE = Path(__file__).parent
PASSWORD = "bench password 2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def set_up(url: str, count: int) -> list[str]:
    """A clinic, a clinician and ``count`` patients with a two-activity program; their ids."""
    upgrade(url)
    uow = UnitOfWork(session_factory(make_engine(url)))
    admin = accounts.create_clinic(uow, "Bench clinic", "admin@bench.test", "Admin", PASSWORD)
    clinician = accounts.create_user(uow, Actor(admin.id, "admin", admin.clinic_id),
                                     UserIn(email="clinician@bench.test", display_name="Clinician", role="clinician",
                                            password=PASSWORD))
    bob = Actor(clinician.id, "clinician", clinician.clinic_id)
    program = ProgramIn(reason="bench", prescriptions=[
        PrescriptionIn(activity_id="sit_to_stand", name="Sit to stand", dose={"sets": 2, "reps": 10}, sessions_per_week=3),
        PrescriptionIn(activity_id="walking", name="Walking", strategy=Strategy.TIME_CONTINGENT,
                       dose={"duration_s": 1200}, sessions_per_week=5)])
    ids = []
    for n in range(count):
        out = patients.enrol_patient(uow, bob, PatientIn(display_name=f"Patient {n}", condition="low back pain",
                                                         enrolled_on=date(2026, 1, 5)))
        programs.set_program(uow, bob, out.id, program)
        ids.append(str(out.id))
    return ids


def seed_history(url: str, patient_ids: list[str], per_patient: int) -> None:
    """``per_patient`` diary entries for each patient, one a day back from yesterday, in one bulk
    INSERT: the history a read pages through (the write side adds to it)."""
    engine = make_engine(url)
    today = datetime.now(UTC).date()
    with engine.begin() as connection:
        clinician = connection.scalar(select(tables.User.id).where(tables.User.role == "clinician"))
        now = datetime.now(UTC)
        for patient in patient_ids:
            connection.execute(insert(tables.DiaryEntry), [
                {"id": uuid.uuid4(), "patient_id": uuid.UUID(patient), "date": today - timedelta(days=1 + n),
                 "pain": 3 + n % 4, "pain_next_morning": 4, "sleep_hours": 7, "recorded_by": clinician,
                 "recorded_at": now - timedelta(days=1 + n)} for n in range(per_patient)])
    engine.dispose()


def start(command: list[str], port: int, env: dict, log: Path) -> subprocess.Popen:
    """A server in a process group of its own (with its web processes and check-in worker), its
    output going to ``log``. Not to a pipe: nobody reads a pipe while wrk runs, and once its 64 KB
    were full (the worker's "retrying" lines under load) the server and its worker blocked on the
    next write and could no longer stop: the run ended in a TimeoutExpired after the results."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120  # a busy shared machine can take a while
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"server did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
    stop(process, log)
    raise SystemExit(f"server on port {port} did not start in 120 s")


def stop(process: subprocess.Popen, log: Path, grace: float = 60) -> None:
    """Stop a server and everything it started: SIGTERM to the server (uvicorn finishes the
    requests in hand and stops its web processes, `rehab serve` then stops its check-in worker,
    which ends the check-in it is running), up to ``grace`` seconds on a busy machine, then SIGKILL
    to whatever of its process group is left, so a slow stop is reported and never leaves a worker
    behind or loses the results printed before it."""
    def signal_group(number: int) -> None:
        try:
            os.killpg(process.pid, number)
        except ProcessLookupError:  # the whole group has gone
            pass

    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        print(f"server {process.pid} had not stopped {grace:g} s after SIGTERM; killed "
              f"(its output: {log})", file=sys.stderr)
    signal_group(signal.SIGKILL)  # the leader's children that outlived it, if any
    process.wait()


def load(base: str, token: str, patient_ids: list[str], seconds: float, concurrency: int, path: str,
         folder: Path, script: str = "diary_load.lua") -> dict:
    """Diary entries sent by wrk with ``concurrency`` connections for ``seconds``; wrk's own summary
    (requests, seconds, p50/p95/p99 in ms). wrk is a C load generator, so the client does not take
    the server's CPU on a small machine the way a Python client would."""
    threads = min(2, concurrency)
    setup = folder / "patients.lua"
    setup.write_text(
        "patients = {" + ",".join(f'"{p}"' for p in patient_ids) + "}\n"
        f'path = "{path}"\ntoken = "{token}"\ntoday = "{datetime.now(UTC).date().isoformat()}"\n'
        f"threads_total = {threads}\n")
    run = subprocess.run(["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{seconds:g}s", "--timeout", "10s",
                          "-s", str(HERE / script), base],
                         env={**os.environ, "REHAB_BENCH_SETUP": str(setup)}, capture_output=True, text=True, check=True)
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    if summary["non_2xx"] or summary["errors"]:
        raise SystemExit(f"{base}: {summary['non_2xx']} failed answers, {summary['errors']} socket errors")
    return summary


def login(base: str, email: str) -> str:
    response = httpx.post(f"{base}/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    response.raise_for_status()
    return response.json()["token"]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and every process under it (a server's
    web processes and check-in worker): what a request costs, whatever else the machine runs."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
        todo += children.get(current, [])
    return total


def compare(title: str, targets: dict[str, tuple[str, str, int]], script: str, token: str, patient_ids: list[str],
            folder: Path, args) -> float:
    """Alternating rounds of wrk against each target; prints rates, latencies and the servers' CPU
    time per request (which a busy shared machine disturbs far less than rates), returns the ratio."""
    for base, path, _ in targets.values():  # warm up both
        load(base, token, patient_ids, 1, args.concurrency, path, folder, script)
    rounds: dict[str, list[dict]] = {name: [] for name in targets}
    cpu = {name: 0.0 for name in targets}
    for _ in range(args.rounds):
        for name, (base, path, pid) in targets.items():
            before = cpu_seconds(pid)
            rounds[name].append(load(base, token, patient_ids, args.seconds / args.rounds, args.concurrency,
                                     path, folder, script))
            cpu[name] += cpu_seconds(pid) - before
    rehab, bare = targets
    totals = {name: sum(r["requests"] for r in results) for name, results in rounds.items()}
    print(f"{title}:  {args.seconds:g} s per server ({totals[rehab]:,} and {totals[bare]:,} requests), "
          f"{args.concurrency} connections (wrk), {args.patients} patients, {args.rounds} alternating rounds, SQLite, "
          f"{args.workers} web process{'es' if args.workers > 1 else ''}"
          + (", check-in worker off" if args.without_worker else ""))
    rates = {}
    for name, results in rounds.items():
        rates[name] = sum(r["requests"] for r in results) / sum(r["seconds"] for r in results)
        middle = {q: statistics.median(r[q] for r in results) for q in ("p50", "p95", "p99")}
        per_request = cpu[name] / sum(r["requests"] for r in results) * 1000
        print(f"{name:<12}   {rates[name]:8,.0f} requests/s   p50 {middle['p50']:6.1f} ms   "
              f"p95 {middle['p95']:6.1f} ms   p99 {middle['p99']:6.1f} ms   {per_request:5.2f} ms CPU/request "
              f"(latencies: median of the rounds)")
    ratio = rates[rehab] / rates[bare]
    print(f"ratio rehab/bare throughput: {ratio:.2f}   "
          f"CPU per request bare/rehab: {cpu[bare] / totals[bare] / (cpu[rehab] / totals[rehab]):.2f}")
    return ratio


def main_with(args) -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("bench/api.py needs wrk (Debian: apt-get install wrk; `make bench` installs it)")
    folder = Path(tempfile.mkdtemp(prefix="rehab-bench-"))
    url = f"sqlite:///{folder / 'rehab.db'}"
    patient_ids = set_up(url, args.patients)
    seed_history(url, patient_ids, args.history)
    env = {**os.environ, "REHAB_DATABASE_URL": url}
    rehab_port, bare_port = free_port(), free_port()
    serve = ([sys.executable, "-m", "rehab", "serve", "--port", str(rehab_port), "--workers", str(args.workers)]
             + (["--no-worker"] if args.without_worker else []))
    logs = [folder / "rehab-serve.log", folder / "bare.log"]
    servers = [start(serve, rehab_port, env, logs[0])]
    try:
        servers.append(start([sys.executable, str(HERE / "bare_app.py"), "--port", str(bare_port),
                              "--workers", str(args.workers)], bare_port, env, logs[1]))
        rehab_base, bare_base = f"http://127.0.0.1:{rehab_port}", f"http://127.0.0.1:{bare_port}"
        token = login(rehab_base, "clinician@bench.test")
        if args.only in (None, "writes"):
            compare("diary writes", {"rehab serve": (rehab_base, "/api/v1/patients/%s/diary", servers[0].pid),
                                     "bare INSERT": (bare_base, "/diary/%s", servers[1].pid)},
                    "diary_load.lua", token, patient_ids, folder, args)
        if args.only in (None, "reads"):
            compare(f"diary reads (newest 100 of {args.history}+ entries)",
                    {"rehab serve": (rehab_base, "/api/v1/patients/%s/diary", servers[0].pid),
                     "bare SELECT": (bare_base, "/diary/%s", servers[1].pid)},
                    "diary_read.lua", token, patient_ids, folder, args)
    finally:
        for server, log in zip(servers, logs, strict=False):
            stop(server, log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="load time per server, split into the rounds")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--patients", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--history", type=int, default=200, help="diary entries per patient before the runs")
    parser.add_argument("--workers", type=int, default=1,
                        help="web processes of both servers (`rehab serve --workers`; default 1, as before)")
    parser.add_argument("--only", choices=("writes", "reads"), help="measure one side only")
    parser.add_argument("--without-worker", action="store_true",
                        help="measure the request path alone (the check-ins then wait for `rehab nightly`)")
    main_with(parser.parse_args())


if __name__ == "__main__":
    main()
