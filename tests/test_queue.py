"""The task queue: immediate mode for tests, and a real worker process (SQLite store, Redis store)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from screening import queue
from screening.extensions import db

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def test_app_context_reuses_the_current_app_with_a_fresh_session(app):
    with app.app_context():
        outer = db.session()
        with queue.app_context() as job_app:
            assert job_app is app
            assert db.session() is not outer  # the job never shares the request's transaction
        assert db.session() is outer


def test_immediate_mode_runs_the_job_in_the_caller(app):
    from screening.jobs.tasks import ping
    with app.app_context():
        assert ping().get() == "pong"


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def start_worker(tmp_path, env_extra: dict, workers: int = 2) -> subprocess.Popen:
    env = dict(os.environ, SCREENING_INSTANCE_PATH=str(tmp_path / "worker-instance"), **env_extra)
    env.pop("QUEUE_IMMEDIATE", None)
    return subprocess.Popen([str(ROOT / ".venv" / "bin" / "screening") if (ROOT / ".venv").exists()
                             else sys.executable.replace("python", "screening"), "worker", "-w", str(workers)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=str(ROOT),
                            start_new_session=True)


def wait_for_children(proc, count, timeout=30.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kids = _children(proc.pid)
        if len(kids) >= count:
            return kids
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.1)
    raise AssertionError("the worker did not start its processes")


@pytest.fixture
def sqlite_queue(tmp_path):
    path = str(tmp_path / "queue.db")
    queue.configure(name="screening-test", filename=path, immediate=False)
    yield {"QUEUE_SQLITE_PATH": path, "QUEUE_NAME": "screening-test"}
    queue.configure(immediate=True)


@pytest.fixture
def redis_queue():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("Redis injoignable")
    name = f"screening-test-i11-{os.getpid()}"
    queue.configure(name=name, redis_url=REDIS_URL, immediate=False)
    queue.huey.flush()
    yield {"REDIS_URL": REDIS_URL, "QUEUE_NAME": name}
    queue.huey.flush()
    queue.configure(immediate=True)


@pytest.mark.parametrize("store", ["sqlite_queue", "redis_queue"])
def test_a_real_worker_runs_jobs_and_leaves_no_process_behind(store, request, tmp_path):
    from screening.jobs.tasks import ping

    env = request.getfixturevalue(store)
    env["DATABASE_URL"] = "sqlite:///" + str(tmp_path / "worker.db")
    proc = start_worker(tmp_path, env)
    try:
        kids = wait_for_children(proc, 2)
        assert ping().get(blocking=True, timeout=60) == "pong"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [k for k in kids if _alive(k)]


def test_worker_processes_die_with_a_killed_consumer(sqlite_queue, tmp_path):
    proc = start_worker(tmp_path, dict(sqlite_queue, DATABASE_URL="sqlite:///" + str(tmp_path / "w.db")))
    kids = wait_for_children(proc, 2)
    time.sleep(0.5)  # let the workers run their start-up hook
    proc.kill()
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [k for k in kids if _alive(k)]
    for k in survivors:
        os.kill(k, signal.SIGKILL)
    assert not survivors, "worker processes outlived the consumer"
