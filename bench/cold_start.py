"""Cold start: the time from starting `rehab serve` to its first 200 answer (the login page), on
an up-to-date SQLite database, measured several times; the median and the range are printed.

    python bench/cold_start.py [--runs 5] [--workers 1] [--path /login]

Target (issue 15 §7): at most 1.0 s to the first answer. The CPU time the server's processes
(web processes and check-in worker) used by then is printed too: on a machine shared with other
work the wall time swings with the load, the CPU time much less.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from api import cpu_seconds, free_port  # noqa: E402 - the same helpers as bench/api.py


def first_answer(port: int, path: str, process: subprocess.Popen, started: float, limit: float = 60) -> float:
    """Seconds from ``started`` to the first 200 on ``path``, asking every 5 ms."""
    while time.monotonic() - started < limit:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return time.monotonic() - started
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"rehab serve ended: {process.stderr.read().decode()[-2000:]}") from None
        finally:
            connection.close()
        time.sleep(0.005)
    raise SystemExit(f"no answer on {path} in {limit:g} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=1, help="web processes (`rehab serve --workers`)")
    parser.add_argument("--path", default="/login", help="the page or endpoint that must answer 200")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="rehab-cold-"))
    env = {**os.environ, "REHAB_DATA_DIR": str(folder / "var")}
    env.pop("REHAB_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "rehab", "db", "upgrade"], env=env, cwd=folder, check=True,
                   stdout=subprocess.DEVNULL)
    times, cpu = [], []
    for _ in range(args.runs):
        port = free_port()
        started = time.monotonic()
        workers = ["--workers", str(args.workers)]  # (always given: the default is the number of cores)
        process = subprocess.Popen([sys.executable, "-m", "rehab", "serve", "--port", str(port), *workers], env=env, cwd=folder,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            times.append(first_answer(port, args.path, process, started))
            cpu.append(cpu_seconds(process.pid))
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f"cold start to the first 200 on {args.path}: median {statistics.median(times):.2f} s "
          f"(from {min(times):.2f} to {max(times):.2f} s over {args.runs} runs), {args.workers} web process"
          f"{'es' if args.workers > 1 else ''}, SQLite up to date; CPU time of the server's processes by then: "
          f"median {statistics.median(cpu):.2f} s (on a busy machine the wall time grows, the CPU time much less)")


if __name__ == "__main__":
    main()
