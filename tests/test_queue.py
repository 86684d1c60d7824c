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
    script = Path(sys.executable).parent / "screening"
    return subprocess.Popen([str(script), "worker", "-w", str(workers)],
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


def _take_exclusive_lock_within_a_second(app):
    """The database grants an exclusive lock within a second: no transaction was left open."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        import sqlite3
        conn = sqlite3.connect(url.split("sqlite:///", 1)[1], timeout=1.0, isolation_level=None)
        try:
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("ROLLBACK")
        finally:
            conn.close()
        return
    from sqlalchemy import text
    with app.app_context():
        with db.engine.connect() as conn:
            conn.execute(text("SET lock_timeout = '1s'"))
            conn.execute(text("LOCK TABLE reply IN ACCESS EXCLUSIVE MODE"))
            conn.rollback()


def test_kill_9_of_the_worker_mid_import_leaves_nothing_then_the_job_is_retried(app, make_user, make_mission,
                                                                               sqlite_queue, tmp_path):
    from sqlalchemy import func, select

    from screening.jobs import services
    from screening.jobs.models import Job
    from screening.missions.models import Mission
    from screening.replies import importer
    from screening.replies.models import Reply

    n = 300
    owner = make_user("kill@example.com")
    mission_id = make_mission(owner)
    text = ("Bonjour, je livre la saisie en {d} jours. Étapes : tri (2 h), saisie ({d} h), contrôle (1 h). "
            "J'ai {d} heures par semaine. J'ai saisi des fiches clients pour une agence. Réf. {i}")
    batch = importer.ImportResult(tuple(importer.ParsedReply(name=f"C{i}", email=f"c{i}@example.com",
                                                             text=text.format(d=i % 7 + 2, i=i))
                                        for i in range(n)))
    with app.app_context():
        job_id = services.start_import(owner, db.session.get(Mission, mission_id), batch, "csv").id
    env = dict(sqlite_queue, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"])

    def count():
        with app.app_context():
            return db.session.scalar(select(func.count(Reply.id)).where(Reply.mission_id == mission_id))

    proc = start_worker(tmp_path, env, workers=1)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            info = services.read_progress(job_id)
            if info and 0 < info["done"] < n:
                break
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            time.sleep(0.05)
        else:
            raise AssertionError("the job never started")
        kids = _children(proc.pid)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the consumer and its worker processes, mid-transaction
        proc.wait(timeout=10)
    _take_exclusive_lock_within_a_second(app)
    assert count() == 0  # nothing of the batch is visible
    assert not [k for k in kids if _alive(k)]

    app.config["JOB_STALE_SECONDS"] = 0
    with app.app_context():
        assert db.session.get(Job, job_id).state == "running"
        assert services.recover_stale_jobs() == 1  # queued again
    proc = start_worker(tmp_path, env, workers=1)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            with app.app_context():
                state = db.session.get(Job, job_id).state
            if state in ("done", "failed"):
                break
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert state == "done"
    assert count() == n


def test_rescore_and_purge_run_as_jobs(app, make_user, make_mission):
    from sqlalchemy import select, update

    from screening.jobs.tasks import purge, rescore
    from screening.missions.models import Mission
    from screening.replies.importer import ImportResult, ParsedReply
    from screening.replies.models import Reply
    from screening.replies.services import save_import

    owner = make_user("jobs@example.com")
    mission_id = make_mission(owner)
    with app.app_context():
        save_import(owner, db.session.get(Mission, mission_id), ImportResult((ParsedReply(
            name="A", email="a@example.com", text="Bonjour, je livre en 5 jours, 20 heures par semaine."),)),
            "paste")
        db.session.execute(update(Reply).values(score=None, scorer_version="ancienne"))
        db.session.commit()
        assert rescore().get() == 1
        db.session.expire_all()
        assert db.session.scalar(select(Reply.score)) is not None
        assert db.session.scalar(select(Reply.scorer_version)) != "ancienne"
        from datetime import timedelta

        from screening.timeutil import utcnow
        long_ago = utcnow() - timedelta(days=400)
        db.session.execute(update(Mission).values(status="archived", archived_at=long_ago))
        db.session.commit()
        assert purge(365).get() == 1
        assert db.session.scalar(select(Reply.id)) is None
