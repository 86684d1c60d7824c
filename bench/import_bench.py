"""Import generated CSVs through the queue, as the upload does, then render a 200-candidate comparison.

usage: python bench/import_bench.py [--sizes 1000,10000,50000] [--compare 200] [--workers N]
For each size: a fresh account, the CSV parsed and checked as in the upload's request, the batch stored with
its job and queued; a real `screening worker` (one process per core unless --workers) scores and saves it.
The time runs from the upload to the batch being visible (job done, every reply in the database). A CSV is
limited to 20,000 rows, so a bigger size is sent as files of 20,000 rows whose replies form one job.
Uses a fresh SQLite database in a temporary folder, or DATABASE_URL (PostgreSQL) when it is set — in that
case the bench's tables are dropped and recreated: never point it at a database you care about.
Last line: import_s=<x> import_replies_per_s=<n> import_<size>_s=<x>... cost_ratio_50k_1k=<x>
compare_200_ms=<x> compare_queries=<n> peak_mb=<n>   (import_s is the 10,000 one, or the largest run)
"""
import argparse
import csv
import io
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = ("tableur saisie cartes visite vérification doublons contrôle qualité livraison fichier client mission "
         "expérience rigueur organisation délai semaine heures étape relecture correction logo maquette "
         "publication planning visuels export format colonnes propre fiable rapide méthode outil").split()
CSV_ROWS = 20_000


def make_text(rng: random.Random, i: int) -> str:
    days = rng.choice([3, 5, 7, 10, 14])
    hours = rng.choice([10, 15, 20, 25, 30])
    filler = " ".join(rng.choice(WORDS) for _ in range(rng.randint(90, 120)))
    return (f"Bonjour, je peux livrer la mission en {days} jours. Étapes : préparation (2 h), réalisation "
            f"({days * 3} h), vérification (1 h). Je dispose de {hours} heures par semaine. "
            f"J'ai réalisé {i % 50 + 3} missions similaires avec contrôle qualité. {filler}")


def make_csv(n: int, seed: int = 7, start: int = 0, prefix: str = "candidat") -> bytes:
    rng = random.Random(seed + start)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nom", "E-mail", "Message", "Tarif", "Date"])
    for i in range(start, start + n):
        writer.writerow([f"Candidat {i}", f"{prefix}{i}@example.com", make_text(rng, i),
                         f"{rng.randint(15, 60)},00", "2026-10-05T10:00:00+02:00"])
    return out.getvalue().encode("cp1252", errors="replace")


def label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("-n", type=int, default=None, help="one size only (same as --sizes N)")
    parser.add_argument("--compare", type=int, default=200)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    sizes = [args.n] if args.n else [int(s) for s in args.sizes.split(",") if s.strip()]

    tmp = tempfile.mkdtemp(prefix="screening-bench-")
    os.environ["SCREENING_INSTANCE_PATH"] = tmp
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
    from screening.config import normalise_database_url
    url = normalise_database_url(url)
    queue_file = f"{tmp}/queue.db"

    from sqlalchemy import event, func, select

    from screening import create_app, queue
    from screening.auth.services import create_user
    from screening.extensions import db
    from screening.jobs.models import Job
    from screening.jobs.services import start_import
    from screening.missions.models import Mission
    from screening.missions.services import create_mission
    from screening.replies import importer
    from screening.replies.models import Reply
    from screening.replies.services import save_import

    queue.configure(name="screening-bench", filename=queue_file, immediate=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
    env = dict(os.environ, DATABASE_URL=url, QUEUE_SQLITE_PATH=queue_file, QUEUE_NAME="screening-bench")
    env.pop("REDIS_URL", None)
    script = Path(sys.executable).parent / "screening"
    command = [str(script), "worker"] + (["-w", str(args.workers)] if args.workers else [])
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    timings = {}
    try:
        for n in sizes:
            with app.app_context():
                user = create_user(f"bench{n}@example.com", "mot-de-passe-bench")
                mission = create_mission(user.id, {"title": "Saisie de cartes de visite",
                                                   "objective": "Saisir"})
                user_id, mission_id = user.id, mission.id
                files = [make_csv(min(CSV_ROWS, n - start), start=start) for start in range(0, n, CSV_ROWS)]
                start_time = time.perf_counter()
                replies = []
                for data in files:  # the upload's request: sniff, parse, check
                    preview = importer.sniff_csv(data)
                    result = importer.parse_csv(data, preview.guessed_mapping, delimiter=preview.delimiter)
                    assert result.ok, result.problems[:3]
                    replies.extend(result.replies)
                job_id = start_import(user_id, db.session.get(Mission, mission_id),
                                      importer.ImportResult(tuple(replies)), "csv").id
                accepted = time.perf_counter() - start_time
                while True:
                    db.session.expire_all()
                    state = db.session.scalar(select(Job.state).where(Job.id == job_id))
                    if state in ("done", "failed"):
                        break
                    if worker.poll() is not None:
                        raise SystemExit("the worker stopped")
                    time.sleep(0.2)
                elapsed = time.perf_counter() - start_time
                visible = db.session.scalar(select(func.count(Reply.id))
                                            .where(Reply.mission_id == mission_id))
                assert state == "done" and visible == n, (state, visible)
                timings[n] = elapsed
                print(f"{n} replies: accepted in {accepted:.1f} s, visible after {elapsed:.1f} s "
                      f"({n / elapsed:.0f} replies/s)", flush=True)

            if n == sizes[0] and args.compare:
                with app.app_context():
                    small = create_mission(user_id, {"title": "Relecture", "objective": "Relire un ebook"})
                    small_id = small.id
                    data = make_csv(args.compare, seed=11, prefix="autre")
                    mapping = importer.sniff_csv(data).guessed_mapping
                    small_result = importer.parse_csv(data, mapping, delimiter=";")
                    save_import(user_id, db.session.get(Mission, small_id), small_result, "csv")
                client = app.test_client()
                with app.app_context():
                    client.post("/connexion", data={"email": f"bench{n}@example.com",
                                                    "password": "mot-de-passe-bench"})
                    engine = db.engine
                queries = []
                event.listen(engine, "before_cursor_execute", lambda *a, q=queries, **k: q.append(1))
                client.get(f"/missions/{small_id}/candidats")  # warm templates
                queries.clear()
                t0 = time.perf_counter()
                response = client.get(f"/missions/{small_id}/candidats")
                compare_ms = (time.perf_counter() - t0) * 1000
                assert response.status_code == 200, response.status_code
                compare_queries = len(queries)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)

    main_n = 10_000 if 10_000 in timings else max(timings)
    fields = [f"import_s={timings[main_n]:.1f}", f"import_replies_per_s={main_n / timings[main_n]:.0f}"]
    fields += [f"import_{label(n)}_s={t:.1f}" for n, t in sorted(timings.items())]
    if 1000 in timings and 50_000 in timings:
        fields.append(f"cost_ratio_50k_1k={(timings[50_000] / 50_000) / (timings[1000] / 1000):.2f}")
    else:
        fields.append("cost_ratio_50k_1k=n/a")
    if args.compare:
        fields += [f"compare_200_ms={compare_ms:.0f}", f"compare_queries={compare_queries}"]
    fields.append(f"peak_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    workers = args.workers or os.cpu_count()
    print(f"database: {url.split(':', 1)[0]}; queue: SQLite; worker processes: {workers}")
    print(" ".join(fields))


if __name__ == "__main__":
    main()
