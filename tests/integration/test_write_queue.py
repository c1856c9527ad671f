"""SQLite's writers queue before they ask SQLite, across threads and across processes (the server
and its check-in worker), and the next one goes the moment the lock is free."""

import subprocess
import sys
import threading
import time

from rehab.store.database import make_engine, write_lock
from rehab.store.write_queue import WriteQueue

HOLD = """
import sys, time
from pathlib import Path
from rehab.store.write_queue import WriteQueue
queue = WriteQueue(Path(sys.argv[1]))
queue.acquire()
print("holding", flush=True)
time.sleep(0.4)
queue.release()
"""


def test_a_writer_in_another_process_waits_for_the_lock_and_then_goes_at_once(tmp_path):
    database = tmp_path / "rehab.db"
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(database)], stdout=subprocess.PIPE, text=True)
    assert other.stdout.readline().strip() == "holding"
    began = time.monotonic()
    queue = WriteQueue(database)
    queue.acquire()
    waited = time.monotonic() - began
    queue.release()
    other.wait(timeout=10)
    other.stdout.close()
    assert 0.2 < waited < 0.39 + 0.2  # waited for the other process, and no polling delay after it


def test_threads_take_turns_and_one_thread_may_take_it_twice(tmp_path):
    queue = WriteQueue(tmp_path / "rehab.db")
    queue.acquire()
    queue.acquire()  # a use case inside another
    order = []

    def second():
        queue.acquire()
        order.append("second")
        queue.release()

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.1)
    order.append("first")
    queue.release()
    time.sleep(0.05)
    assert order == ["first"]  # still held once
    queue.release()
    thread.join(timeout=5)
    assert order == ["first", "second"]


def test_only_sqlite_files_have_a_write_queue(tmp_path):
    assert isinstance(write_lock(make_engine(f"sqlite:///{tmp_path / 'a.db'}")), WriteQueue)
    assert write_lock(make_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test")) is None
