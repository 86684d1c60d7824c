"""A server killed (SIGKILL) in the middle of an import leaves that batch whole or absent."""
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import func, select

from screening.api import create_token
from screening.auth.services import create_user
from screening.extensions import db
from screening.missions.services import create_mission
from screening.replies.models import Reply

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port, proc, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("server did not start")


def test_sigkill_during_an_import_leaves_the_batch_whole_or_absent(app, tmp_path):
    with app.app_context():
        user = create_user("kill@example.com", "mot-de-passe-solide")
        mission = create_mission(user.id, {"title": "Saisie de cartes", "objective": "Saisir des cartes"})
        _token, clear = create_token(user.id, "test")
        mission_id = mission.id
        url = db.engine.url.render_as_string(hide_password=False)
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="kill-test", SCREENING_INSTANCE_PATH=str(tmp_path / "inst"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--timeout", "120", "--bind", f"127.0.0.1:{port}",
         "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_up(port, proc)
        batch = [{"name": f"Candidat {i}", "email": f"c{i}@example.com",
                  "text": f"Bonjour, je livre la saisie en {i % 9 + 2} jours, avec {i} étapes vérifiées. " * 20}
                 for i in range(3000)]
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/missions/{mission_id}/replies", data=json.dumps(batch).encode(),
            headers={"Authorization": f"Bearer {clear}", "Content-Type": "application/json"}, method="POST")
        outcome = {}

        def send():
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    outcome["status"] = response.status
            except (urllib.error.URLError, ConnectionError, OSError) as exc:
                outcome["error"] = exc

        sender = threading.Thread(target=send)
        sender.start()
        time.sleep(1.5)  # the batch is being parsed and scored inside one transaction
        # Kill the worker and the master at once, as a crash or an OOM kill would.
        worker_pids = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        for pid in worker_pids:
            os.kill(int(pid), signal.SIGKILL)
        proc.send_signal(signal.SIGKILL)
        sender.join(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
    assert "status" not in outcome, "the import finished before the kill: the test proves nothing"
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
        stored = db.session.scalar(select(func.count(Reply.id)))
    assert stored in (0, len(batch))


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(app):
    from sqlalchemy import text
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            import pytest
            pytest.skip("SQLite settings; this run is on PostgreSQL")
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
