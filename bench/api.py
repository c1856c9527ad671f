"""Diary writes over HTTP: `rehab serve` against a bare endpoint doing one INSERT, side by side.

Both servers run as separate processes on 127.0.0.1 with the same uvicorn settings and the same
SQLite database settings (WAL, write lock taken at BEGIN). Eight clients send diary entries at
once, each for its own group of patients in turn (400 patients: a clinic's morning, not one person
writing hundreds of entries a day); rounds of both servers alternate so drift on a shared machine
hits both alike. `rehab serve` does what it does in use: login check, access check, idempotent
write, audit entry, caseload update, and the check-ins (in its worker, same process).

    python bench/api.py [--requests 5000] [--concurrency 8] [--patients 400] [--rounds 5]

Targets (issue 5): at least 50% of the bare endpoint's throughput, and p95 <= 20 ms on SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import httpx2 as httpx

from rehab.contracts.records import PatientIn, PrescriptionIn, ProgramIn, UserIn
from rehab.core.models import Strategy
from rehab.services import accounts, patients, programs
from rehab.services.access import Actor
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


def start(command: list[str], port: int, env: dict) -> subprocess.Popen:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"server did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start in 30 s")


async def login(base: str, email: str) -> str:
    async with httpx.AsyncClient(base_url=base) as client:
        response = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        response.raise_for_status()
        return response.json()["token"]


async def load(base: str, token: str, groups: list[list[str]], requests: int, path_of) -> tuple[float, list[float]]:
    """Send ``requests`` diary entries from all clients at once; wall time and each latency (s)."""
    latencies: list[float] = []
    per_client = requests // len(groups)

    async def client_of(group: list[str]) -> None:
        async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
            for n in range(per_client):
                patient_id = group[n % len(group)]
                entry = {"id": str(uuid.uuid4()), "date": datetime.now(UTC).date().isoformat(), "pain": 3 + n % 4,
                         "pain_next_morning": 4, "sleep_hours": 7}
                began = time.perf_counter()
                response = await client.post(path_of(patient_id), json=entry)
                latencies.append(time.perf_counter() - began)
                if response.status_code not in (200, 201):
                    raise SystemExit(f"{base}: {response.status_code} {response.text[:300]}")

    began = time.perf_counter()
    await asyncio.gather(*(client_of(group) for group in groups))
    return time.perf_counter() - began, latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def main_async(args) -> None:
    folder = Path(tempfile.mkdtemp(prefix="rehab-bench-"))
    url = f"sqlite:///{folder / 'rehab.db'}"
    patient_ids = set_up(url, args.patients)
    groups = [patient_ids[n::args.concurrency] for n in range(args.concurrency)]
    env = {**os.environ, "REHAB_DATABASE_URL": url}
    rehab_port, bare_port = free_port(), free_port()
    serve = [sys.executable, "-m", "rehab", "serve", "--port", str(rehab_port)] + (["--no-worker"] if args.without_worker else [])
    servers = [start(serve, rehab_port, env)]
    servers.append(start([sys.executable, str(HERE / "bare_app.py"), "--port", str(bare_port)], bare_port, env))
    try:
        rehab_base, bare_base = f"http://127.0.0.1:{rehab_port}", f"http://127.0.0.1:{bare_port}"
        token = await login(rehab_base, "clinician@bench.test")
        targets = {
            "rehab serve": (rehab_base, lambda p: f"/api/v1/patients/{p}/diary"),
            "bare INSERT": (bare_base, lambda p: f"/diary/{p}"),
        }
        for base, path_of in targets.values():  # warm up both
            await load(base, token, groups, 200, path_of)
        results = {name: [0.0, []] for name in targets}
        per_round = args.requests // args.rounds
        for _ in range(args.rounds):
            for name, (base, path_of) in targets.items():
                seconds, latencies = await load(base, token, groups, per_round, path_of)
                results[name][0] += seconds
                results[name][1].extend(latencies)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    print(f"diary writes:  {args.requests:,} per server, {args.concurrency} clients at once, {args.patients} patients, "
          f"{args.rounds} alternating rounds, SQLite" + (", check-in worker off" if args.without_worker else ""))
    rates = {}
    for name, (seconds, latencies) in results.items():
        rates[name] = len(latencies) / seconds
        print(f"{name:<12}   {rates[name]:8,.0f} requests/s   p50 {1000 * statistics.median(latencies):6.1f} ms   "
              f"p95 {1000 * percentile(latencies, 0.95):6.1f} ms   p99 {1000 * percentile(latencies, 0.99):6.1f} ms")
    print(f"ratio rehab/bare throughput: {rates['rehab serve'] / rates['bare INSERT']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--patients", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--without-worker", action="store_true",
                        help="measure the request path alone (the check-ins then wait for `rehab nightly`)")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
