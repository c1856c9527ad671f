"""Live servers for the tests that need real HTTP and real commits: the app as `rehab serve` runs it
(rehab.cli.server.uvicorn_config) in a thread of this process, or `rehab serve` / `rehab worker`
as processes of their own, each on a free port.

A `Server` may stand for several processes over one database: each call goes to the next one in
turn, so a client's retries land on different processes, as behind a load balancer.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import uvicorn
from clinic_cast import PASSWORD

from rehab.cli.server import uvicorn_config


class Server:
    def __init__(self, bases: str | list[str], cast=None) -> None:
        self.bases = [bases] if isinstance(bases, str) else list(bases)
        self._turns = itertools.cycle(self.bases)
        self._lock = threading.Lock()
        self.cast = cast

    @property
    def base(self) -> str:
        return self.bases[0]

    def next_base(self) -> str:
        with self._lock:
            return next(self._turns)

    def call(self, method: str, path: str, body: dict | None = None, token: str | None = None,
             headers: dict | None = None) -> tuple[int, dict, dict]:
        request = urllib.request.Request(self.next_base() + path, method=method, headers={
            "Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {}),
            **(headers or {})}, data=json.dumps(body).encode() if body is not None else None)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, dict(response.headers), json.loads(response.read() or b"null")
        except urllib.error.HTTPError as refused:
            return refused.code, dict(refused.headers), json.loads(refused.read() or b"null")

    def token(self, email: str) -> str:
        status, _, out = self.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
        assert status == 200, out
        return out["token"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def in_a_thread(app):
    """The app served by uvicorn in a thread of this process; yields its base address."""
    port = free_port()
    running = uvicorn.Server(uvicorn_config(app, "127.0.0.1", port))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=20)


def rehab_env(database_url: str, folder: Path, **more: str) -> dict[str, str]:
    # The tests write weeks of history dated in the past, as a clinician copying in a paper diary
    # would; the late-entry limit has tests of its own.
    return {"PATH": "/usr/bin:/bin", "REHAB_DATABASE_URL": database_url, "REHAB_DATA_DIR": str(folder / "var"),
            "REHAB_LATE_ENTRY_DAYS": "366",
            **{key: value for key, value in os.environ.items() if key in ("HOME", "LANG", "PYTHONPATH")}, **more}


def start(args: list[str], env: dict[str, str], folder: Path) -> subprocess.Popen:
    """`rehab <args>` as a process of its own (its own process group, so a test can kill it and
    every child it started)."""
    log = open(folder / f"rehab-{args[0]}-{time.monotonic_ns()}.log", "w")  # noqa: SIM115 - closed in stop()
    process = subprocess.Popen([sys.executable, "-m", "rehab", *args], cwd=folder, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=log)
    process.log = Path(log.name)
    log.close()  # the child has its own copy
    return process


def serve_process(env: dict[str, str], folder: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    """`rehab serve` on a free port, once it answers; the process and its base address."""
    [(process, base)] = serve_processes(1, env, folder, *extra)
    return process, base


def serve_processes(count: int, env: dict[str, str], folder: Path, *extra: str) -> list[tuple[subprocess.Popen, str]]:
    """`count` `rehab serve` processes started at once, returned once each answers."""
    started = []
    for _ in range(count):
        port = free_port()
        started.append((start(["serve", "--port", str(port), *extra], env, folder), f"http://127.0.0.1:{port}"))
    deadline = time.monotonic() + 60
    for process, base in started:
        while True:
            assert process.poll() is None, f"rehab serve ended: {process.log.read_text()}"
            assert time.monotonic() < deadline, "rehab serve did not answer within 60 s"
            try:
                with urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=5):
                    break
            except OSError:
                time.sleep(0.05)
    return started


def stop_all(processes: list[subprocess.Popen]) -> None:
    """SIGTERM to each, then wait for each: they shut down side by side."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
