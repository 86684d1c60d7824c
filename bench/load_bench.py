"""Start the app under gunicorn (4 workers, 127.0.0.1) and send it a bounded burst of API imports and page views.

usage: python bench/load_bench.py [--clients 20] [--seconds 30] [--workers 4]
SQLite in a temporary folder by default; DATABASE_URL (PostgreSQL) when given — its tables are dropped and
recreated, so never point it at a database you care about. Traffic goes to 127.0.0.1 only.
Every page view is checked: status 200 and the page's own <title> (a redirect to the login page, or any
other page, counts in page_errors). The login is a real one: GET the form, POST it with its CSRF token.
Last line: requests=<n> errors_5xx=<n> lost_replies=<n> p95_ms=<x> pages_ok=<n> page_errors=<n>
db=<sqlite|postgresql>
"""
import argparse
import html
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "mot-de-passe-charge"
MISSION_TITLE = "Saisie de cartes de visite"
TITLE_RE = re.compile(rb"<title>(.*?)</title>", re.S)
CSRF_RE = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(url, instance):
    """Fresh schema, one account, one mission, an API token."""
    os.environ["SCREENING_INSTANCE_PATH"] = instance
    from screening import create_app
    from screening.api import create_token
    from screening.auth.services import create_user
    from screening.extensions import db
    from screening.missions.services import create_mission
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "load"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        user = create_user("charge@example.com", PASSWORD)
        mission = create_mission(user.id, {"title": MISSION_TITLE, "objective": "Saisir 400 cartes"})
        _token, clear = create_token(user.id, "charge")
        result = (app, mission.id, clear)
        db.engine.dispose()
    return result


def count_replies(app, mission_id):
    from sqlalchemy import func, select

    from screening.extensions import db
    from screening.replies.models import Reply
    with app.app_context():
        db.engine.dispose()
        ids = set(db.session.scalars(select(Reply.id).where(Reply.mission_id == mission_id)))
        total = db.session.scalar(select(func.count(Reply.id)))
    return ids, total


class Client(threading.Thread):
    def __init__(self, number, port, mission_id, token, deadline, stats, lock):
        super().__init__(daemon=True)
        self.number, self.port, self.mission_id, self.token = number, port, mission_id, token
        self.deadline, self.stats, self.lock = deadline, stats, lock
        self.rng = random.Random(number)
        self.cookie = None

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            status = response.status
            cookie = response.getheader("Set-Cookie")
        except OSError:
            status, data, cookie = 599, b"", None
        finally:
            conn.close()
        elapsed = (time.perf_counter() - start) * 1000
        with self.lock:
            self.stats["latencies"].append(elapsed)
            self.stats["requests"] += 1
            if status >= 500:
                self.stats["errors_5xx"] += 1
        return status, data, cookie

    def login(self):
        """A real login: the form's CSRF token and session cookie, then the POST; None on failure."""
        status, data, cookie = self.request("GET", "/connexion")
        match = CSRF_RE.search(data)
        if status != 200 or not match or not cookie:
            return
        from urllib.parse import quote
        body = f"csrf_token={quote(match.group(1).decode())}&email=charge%40example.com&password={PASSWORD}"
        status, _data, new_cookie = self.request("POST", "/connexion", body, {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie.split(";", 1)[0]})
        if status == 302 and new_cookie:
            self.cookie = new_cookie.split(";", 1)[0]

    def view(self, path, title):
        """GET a page and check it is that page (200 and its title), not a redirect to the login."""
        status, data, _ = self.request("GET", path, headers={"Cookie": self.cookie or ""})
        match = TITLE_RE.search(data) if status == 200 else None
        ok = bool(match) and html.unescape(match.group(1).decode("utf-8", "replace")).startswith(title)
        with self.lock:
            self.stats["pages_ok" if ok else "page_errors"] += 1

    def run(self):
        sent = 0
        while time.time() < self.deadline:
            if self.rng.random() < 0.6:
                items = [{"name": f"Client {self.number} n°{sent + k}", "email": f"c{self.number}-{sent + k}@example.com",
                          "text": f"Bonjour, je livre en {self.rng.randint(2, 15)} jours. Étapes : tri (2 h), saisie "
                                  f"({self.rng.randint(5, 20)} h), contrôle (1 h). {self.rng.randint(10, 30)} heures "
                                  f"par semaine. Réf {self.number}-{sent + k}-{self.rng.random()}."}
                         for k in range(self.rng.randint(1, 5))]
                status, data, _ = self.request(
                    "POST", f"/api/missions/{self.mission_id}/replies", json.dumps(items),
                    {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
                sent += len(items)
                if status in (200, 201):
                    created = [c["id"] for c in json.loads(data)["created"]]
                    with self.lock:
                        self.stats["acknowledged"].update(created)
            else:
                if self.cookie is None:
                    self.login()
                path, title = self.rng.choice([
                    (f"/missions/{self.mission_id}/candidats", f"Candidats — {MISSION_TITLE}"),
                    ("/", "Tableau de bord"),
                    (f"/missions/{self.mission_id}", MISSION_TITLE)])
                self.view(path, title)


def warm_up(port, mission_id, token, workers):
    """Not measured: let every gunicorn worker load the app and score once (a server that just started)."""
    def one(k):
        for path, body in (("/connexion", None), (f"/api/missions/{mission_id}/replies", json.dumps(
                [{"name": "Chauffe", "email": f"chauffe{k}@example.com", "text": f"Bonjour, essai {k}."}]))):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            try:
                conn.request("POST" if body else "GET", path, body=body, headers={
                    "Authorization": f"Bearer {token}", "Content-Type": "application/json"} if body else {})
                conn.getresponse().read()
            except OSError:
                pass
            finally:
                conn.close()
    threads = [threading.Thread(target=one, args=(k,)) for k in range(workers * 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    args.clients = max(1, min(args.clients, 100))      # bounded burst
    args.seconds = max(1.0, min(args.seconds, 300.0))

    tmp = tempfile.mkdtemp(prefix="screening-load-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/load.db"
    from screening.config import normalise_database_url
    url = normalise_database_url(url)
    app, mission_id, token = prepare(url, tmp)
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="load", SCREENING_INSTANCE_PATH=tmp)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", str(args.workers),
                               "--timeout", "120", "--preload",
                               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
                              cwd=ROOT, env=env)
    try:
        deadline = time.time() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start")
                time.sleep(0.2)
        warm_up(port, mission_id, token, args.workers)
        stats = {"requests": 0, "errors_5xx": 0, "latencies": [], "acknowledged": set(), "pages_ok": 0,
                 "page_errors": 0}
        lock = threading.Lock()
        end = time.time() + args.seconds
        clients = [Client(i, port, mission_id, token, end, stats, lock) for i in range(args.clients)]
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=args.seconds + 120)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    stored_ids, _total = count_replies(app, mission_id)
    lost = len(stats["acknowledged"] - stored_ids)
    latencies = sorted(stats["latencies"]) or [0.0]
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    backend = "postgresql" if url.startswith("postgresql") else "sqlite"
    print(f"{args.clients} clients for {args.seconds:.0f} s, {args.workers} gunicorn workers; "
          f"{len(stats['acknowledged'])} replies acknowledged, {len(stored_ids)} stored")
    print(f"requests={stats['requests']} errors_5xx={stats['errors_5xx']} lost_replies={lost} p95_ms={p95:.0f} "
          f"pages_ok={stats['pages_ok']} page_errors={stats['page_errors']} db={backend}")


if __name__ == "__main__":
    main()
