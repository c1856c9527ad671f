"""Cold start: the time from starting `rehab serve` to its first 200 answer (the login page), on
an up-to-date SQLite database, measured several times; the median and the range are printed.

    python bench/cold_start.py [--runs 5] [--workers 1] [--path /login]

Target (issue 15 §7): at most 1.0 s to the first answer. The CPU time the server's processes
(web processes and check-in worker) used by then is printed too: on a machine shared with other
work the wall time swings with the load, the CPU time much less. With ``--beside-bare`` each run
of `rehab serve` is followed by one of bench/bare_app.py (FastAPI, SQLAlchemy and Jinja imported,
one SELECT; its first 200 on /page), and the ratio of the medians is printed: a number that
means something on a shared machine, where the seconds alone do not.
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

from api import cpu_seconds, free_port, stop  # noqa: E402 - the same helpers as bench/api.py


def first_answer(port: int, path: str, process: subprocess.Popen, started: float, log: Path,
                 limit: float = 60) -> float:
    """Seconds from ``started`` to the first 200 on ``path``, asking every 5 ms."""
    while time.monotonic() - started < limit:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return time.monotonic() - started
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"the server ended: {log.read_text(errors='replace')[-2000:]}") from None
        finally:
            connection.close()
        time.sleep(0.005)
    raise SystemExit(f"no answer on {path} in {limit:g} s")


def one_start(command: list[str], path: str, env: dict, folder: Path, log: Path) -> tuple[float, float]:
    """Wall seconds to the first 200 on ``path`` and the CPU seconds the server's processes used by
    then; the server is stopped (with everything it started) before the next run."""
    port = free_port()
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen([*command, "--port", str(port)], env=env, cwd=folder, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        return first_answer(port, path, process, started, log), cpu_seconds(process.pid)
    finally:
        stop(process, log)


def uncompiled_note() -> str | None:
    """A line to print when rehab's modules will be compiled at every start: no up-to-date bytecode
    beside them and Python told not to write it (PYTHONDONTWRITEBYTECODE). That cost (a fifth of
    the cold start on one host) belongs to how rehab was installed, not to rehab; ``make run``
    compiles the bytecode first, as pip does for an installed wheel."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):  # (the servers run with this environment)
        return None
    import importlib.util

    sources = list(Path(importlib.util.find_spec("rehab").origin).parent.rglob("*.py"))
    stale = [source for source in sources if not Path(importlib.util.cache_from_source(str(source))).exists()
             or Path(importlib.util.cache_from_source(str(source))).stat().st_mtime < source.stat().st_mtime]
    if not stale:
        return None
    return (f"note: {len(stale)} of rehab's {len(sources)} modules have no up-to-date bytecode and PYTHONDONTWRITEBYTECODE "
            "is set, so each start compiles them (`python -m compileall -q src` compiles them once; `make run` does)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=1, help="web processes (`rehab serve --workers`)")
    parser.add_argument("--path", default="/login", help="the page or endpoint that must answer 200")
    parser.add_argument("--beside-bare", action="store_true",
                        help="alternate each run with one of bench/bare_app.py and print the ratio")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="rehab-cold-"))
    env = {**os.environ, "REHAB_DATA_DIR": str(folder / "var")}
    env.pop("REHAB_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "rehab", "db", "upgrade"], env=env, cwd=folder, check=True,
                   stdout=subprocess.DEVNULL)
    bare_env = {**env, "REHAB_DATABASE_URL": f"sqlite:///{folder / 'var' / 'rehab.db'}"}
    serve = [sys.executable, "-m", "rehab", "serve", "--workers", str(args.workers)]  # (the default is the cores)
    bare = [sys.executable, str(Path(__file__).parent / "bare_app.py"), "--workers", str(args.workers)]
    results: dict[str, list[tuple[float, float]]] = {"rehab serve": [], "bare app": []}
    for _ in range(args.runs):
        results["rehab serve"].append(one_start(serve, args.path, env, folder, folder / "serve.log"))
        if args.beside_bare:
            results["bare app"].append(one_start(bare, "/page", bare_env, folder, folder / "bare.log"))
    medians = {}
    for name, runs in results.items():
        if not runs:
            continue
        times, cpu = [wall for wall, _ in runs], [used for _, used in runs]
        medians[name] = statistics.median(times)
        print(f"{name}: cold start to the first 200 on {args.path if name == 'rehab serve' else '/page'}: "
              f"median {medians[name]:.2f} s (from {min(times):.2f} to {max(times):.2f} s over {len(runs)} runs), "
              f"{args.workers} web process{'es' if args.workers > 1 else ''}, SQLite up to date; CPU time of the "
              f"server's processes by then: median {statistics.median(cpu):.2f} s")
    note = uncompiled_note()
    if note:
        print(note)
    if len(medians) == 2:
        print(f"ratio rehab serve / bare app (medians, runs alternating): {medians['rehab serve'] / medians['bare app']:.2f}")


if __name__ == "__main__":
    main()
