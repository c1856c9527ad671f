"""Pages over HTTP: the patient's Today (`/me`) and the clinician's caseload (`/clinic`) beside a
bare page, side by side in one run.

The demo clinic is seeded into a temporary folder (`rehab seed-demo`: 20 patients with weeks of
history made by the real engine, about 240 decisions each), then `rehab serve` and a bare FastAPI
page (bench/bare_app.py: one SELECT, one Jinja template, no login and no audit entry) run as
separate processes with the same uvicorn settings. wrk keeps ``--concurrency`` connections busy on
each page in alternating rounds, logged in as patient01 (`/me`) or as the clinician (`/clinic`).

    python bench/pages.py [--seconds 15] [--concurrency 8] [--rounds 3] [--workers 1]

Target (issue 15 §7): `/me` at least as fast as `/clinic`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx2 as httpx

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from api import free_port, start  # noqa: E402 - the same server start and port helpers as bench/api.py

DEMO_PASSWORD = "demo-rehab-2026"


def login_cookie(base: str, email: str) -> str:
    response = httpx.post(f"{base}/api/v1/auth/login", json={"email": email, "password": DEMO_PASSWORD})
    response.raise_for_status()
    return f"rehab_session={response.json()['token']}"


def load(base: str, path: str, cookie: str, seconds: float, concurrency: int, folder: Path) -> dict:
    import json

    setup = folder / "page.lua"
    setup.write_text(f'path = "{path}"\ncookie = "{cookie}"\n')
    run = subprocess.run(["wrk", f"-t{min(2, concurrency)}", f"-c{concurrency}", f"-d{seconds:g}s", "--timeout", "10s",
                          "-s", str(HERE / "page_load.lua"), base],
                         env={**os.environ, "REHAB_BENCH_SETUP": str(setup)}, capture_output=True, text=True, check=True)
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    if summary["non_2xx"] or summary["errors"]:
        raise SystemExit(f"{base}{path}: {summary['non_2xx']} failed answers, {summary['errors']} socket errors")
    return summary


def main_with(args) -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("bench/pages.py needs wrk (Debian: apt-get install wrk; `make bench` installs it)")
    folder = Path(tempfile.mkdtemp(prefix="rehab-bench-pages-"))
    env = {**os.environ, "REHAB_DATA_DIR": str(folder / "var")}
    env.pop("REHAB_DATABASE_URL", None)
    print("seeding the demo clinic (real check-ins, day by day; about a minute)...", flush=True)
    subprocess.run([sys.executable, "-m", "rehab", "seed-demo"], env=env, cwd=folder, check=True,
                   stdout=subprocess.DEVNULL)
    env["REHAB_DATABASE_URL"] = f"sqlite:///{folder / 'var' / 'rehab.db'}"
    rehab_port, bare_port = free_port(), free_port()
    servers = [start([sys.executable, "-m", "rehab", "serve", "--port", str(rehab_port), "--workers", str(args.workers)],
                     rehab_port, env, folder / "serve.log"),
               start([sys.executable, str(HERE / "bare_app.py"), "--port", str(bare_port), "--workers", str(args.workers)],
                     bare_port, env, folder / "bare.log")]
    try:
        rehab = f"http://127.0.0.1:{rehab_port}"
        targets = {
            "/me (patient01)": (rehab, "/me", login_cookie(rehab, "patient01@demo.rehab")),
            "/clinic": (rehab, "/clinic", login_cookie(rehab, "clinician@demo.rehab")),
            "bare page": (f"http://127.0.0.1:{bare_port}", "/page", ""),
        }
        for base, path, cookie in targets.values():  # warm up each
            load(base, path, cookie, 1, args.concurrency, folder)
        rounds: dict[str, list[dict]] = {name: [] for name in targets}
        for _ in range(args.rounds):
            for name, (base, path, cookie) in targets.items():
                rounds[name].append(load(base, path, cookie, args.seconds / args.rounds, args.concurrency, folder))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    print(f"pages: {args.seconds:g} s per page in {args.rounds} alternating rounds, {args.concurrency} connections (wrk), "
          f"demo clinic, SQLite, {args.workers} web process{'es' if args.workers > 1 else ''}")
    rates = {}
    for name, results in rounds.items():
        rates[name] = sum(r["requests"] for r in results) / sum(r["seconds"] for r in results)
        middle = {q: statistics.median(r[q] for r in results) for q in ("p50", "p95", "p99")}
        print(f"{name:<16} {rates[name]:8,.0f} pages/s   p50 {middle['p50']:6.1f} ms   p95 {middle['p95']:6.1f} ms   "
              f"p99 {middle['p99']:6.1f} ms")
    me, clinic, bare = rates.values()
    print(f"ratio /me to /clinic: {me / clinic:.2f}   /me to bare: {me / bare:.2f}   /clinic to bare: {clinic / bare:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15, help="load time per page, split into the rounds")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="web processes of both servers")
    main_with(parser.parse_args())


if __name__ == "__main__":
    main()
