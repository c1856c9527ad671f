"""The clinician's caseload at health-system scale, on PostgreSQL.

Generates 100,000 patients across 334 clinicians (about 300 each) and 10 million diary rows (100
per patient) in a schema of its own, then times the caseload use case exactly as the API runs it
(the patients of one clinician, sorted by what needs attention, each listed patient an audited
read, one transaction), for clinicians picked at random. Prints p50/p95/p99 and, side by side in
the same run, the bare SELECT of those 300 rows, with the ratio.

    python bench/caseload.py [--patients 100000] [--diary-per-patient 100] [--runs 60] [--keep]

Target (issue 5): p95 <= 100 ms. Needs PostgreSQL (REHAB_DATABASE_URL, or the development server).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
import uuid
from datetime import UTC, date, datetime

from rich.progress import Progress
from sqlalchemy import create_engine, select, text

from rehab.services.access import Actor
from rehab.services.patients import caseload
from rehab.store import tables
from rehab.store.database import session_factory, upgrade
from rehab.store.unit_of_work import UnitOfWork

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TODAY = date(2026, 11, 27)


def populate(connection, patients: int, per_patient: int, progress: Progress) -> tuple[uuid.UUID, list[uuid.UUID]]:
    clinic = uuid.uuid4()
    clinicians = [uuid.uuid4() for _ in range(max(1, patients // 300))]
    now = datetime.now(UTC)
    connection.execute(text("INSERT INTO clinics (id, name, created_at) VALUES (:id, 'Bench health system', :now)"),
                       {"id": clinic, "now": now})
    connection.execute(text(
        "INSERT INTO users (id, clinic_id, role, email, display_name, password_hash, active, created_at) "
        "VALUES (:id, :clinic, 'clinician', :email, :name, 'not-a-login', true, :now)"),
        [{"id": c, "clinic": clinic, "email": f"clinician{n}@bench.test", "name": f"Clinician {n}", "now": now}
         for n, c in enumerate(clinicians)])
    connection.execute(text("CREATE TEMP TABLE bench_clinicians (n int primary key, id uuid)"))
    connection.execute(text("INSERT INTO bench_clinicians VALUES (:n, :id)"),
                       [{"n": n, "id": c} for n, c in enumerate(clinicians)])
    task = progress.add_task("patients", total=1)
    connection.execute(text(f"""
        INSERT INTO patients (id, clinic_id, clinician_id, display_name, condition, status, enrolled_on, created_at,
                              last_entry_on, attention, attention_reason, reassess_on)
        SELECT gen_random_uuid(), :clinic, c.id, 'Patient ' || g, 'chronic low back pain', 'active',
               DATE '2026-06-01', now(), DATE '2026-11-27' - (random() * 10)::int,
               (ARRAY[0, 0, 0, 0, 0, 5, 10, 40, 50, 60, 90])[1 + (random() * 10)::int],
               'bench', DATE '2026-11-01' + (random() * 60)::int
        FROM generate_series(1, {patients}) g JOIN bench_clinicians c ON c.n = g % {len(clinicians)}
    """), {"clinic": clinic})
    progress.update(task, completed=1)
    recorder = clinicians[0]
    task = progress.add_task(f"diary rows ({patients * per_patient:,})", total=patients)
    ids = [row[0] for row in connection.execute(text("SELECT id FROM patients WHERE clinic_id = :c ORDER BY id"), {"c": clinic})]
    batch = 5000
    for start in range(0, len(ids), batch):
        connection.execute(text(f"""
            INSERT INTO diary_entries (id, patient_id, date, pain, pain_next_morning, sleep_hours, recorded_by, recorded_at)
            SELECT gen_random_uuid(), p, DATE '2026-11-27' - d, round((2 + random() * 6)::numeric, 0),
                   round((2 + random() * 6)::numeric, 0), 7, :recorder, now()
            FROM unnest(CAST(:ids AS uuid[])) p, generate_series(1, {per_patient}) d
        """), {"ids": ids[start:start + batch], "recorder": recorder})
        progress.update(task, completed=min(start + batch, len(ids)))
    connection.execute(text("ANALYZE"))
    return clinic, clinicians


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--diary-per-patient", type=int, default=100)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the generated schema")
    args = parser.parse_args()
    url = os.environ.get("REHAB_DATABASE_URL", "")
    url = url if url.startswith("postgresql") else DEFAULT_URL
    schema = f"rehab_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        with engine.begin() as connection:
            upgrade(url, connection=connection)
        began = time.perf_counter()
        with Progress(transient=True) as progress, engine.begin() as connection:
            clinic, clinicians = populate(connection, args.patients, args.diary_per_patient, progress)
        print(f"generated {args.patients:,} patients and {args.patients * args.diary_per_patient:,} diary rows "
              f"in {time.perf_counter() - began:.0f} s (PostgreSQL, schema {schema})")
        sessions = session_factory(engine)
        rng = random.Random(2026)
        service, bare = [], []
        for _ in range(args.runs):
            clinician = rng.choice(clinicians)
            actor = Actor(clinician, "clinician", clinic)
            start = time.perf_counter()
            rows = caseload(UnitOfWork(sessions), actor, TODAY)
            service.append(time.perf_counter() - start)
            start = time.perf_counter()
            with sessions() as session:
                session.execute(select(tables.Patient).where(tables.Patient.clinic_id == clinic,
                                                             tables.Patient.clinician_id == clinician)).all()
            bare.append(time.perf_counter() - start)
        print(f"caseload of {len(rows)} patients, {args.runs} clinicians at random:")
        for name, times in (("caseload use case (sorted, audited)", service), ("bare SELECT of the same rows", bare)):
            print(f"  {name:<36} p50 {1000 * statistics.median(times):6.1f} ms   p95 {1000 * percentile(times, 0.95):6.1f} ms"
                  f"   p99 {1000 * percentile(times, 0.99):6.1f} ms")
        print(f"  ratio use case / bare (p50): {statistics.median(service) / statistics.median(bare):.1f}")
    finally:
        engine.dispose()
        if not args.keep:
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    main()
