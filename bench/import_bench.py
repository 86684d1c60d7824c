"""Import a generated CSV of N replies through the upload's code path, then render a 200-candidate comparison.

usage: python bench/import_bench.py [-n 10000] [--compare 200]
Uses a fresh SQLite database in a temporary folder, or DATABASE_URL (PostgreSQL) when it is set — in that
case the bench's tables are dropped and recreated: never point it at a database you care about.
Last line: import_s=<x> import_replies_per_s=<n> compare_200_ms=<x> compare_queries=<n> peak_mb=<n>
"""
import argparse
import csv
import io
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = ("tableur saisie cartes visite vérification doublons contrôle qualité livraison fichier client mission "
         "expérience rigueur organisation délai semaine heures étape relecture correction logo maquette "
         "publication planning visuels export format colonnes propre fiable rapide méthode outil").split()


def make_text(rng: random.Random, i: int) -> str:
    days = rng.choice([3, 5, 7, 10, 14])
    hours = rng.choice([10, 15, 20, 25, 30])
    filler = " ".join(rng.choice(WORDS) for _ in range(rng.randint(90, 120)))
    return (f"Bonjour, je peux livrer la mission en {days} jours. Étapes : préparation (2 h), réalisation "
            f"({days * 3} h), vérification (1 h). Je dispose de {hours} heures par semaine. "
            f"J'ai réalisé {i % 50 + 3} missions similaires avec contrôle qualité. {filler}")


def make_csv(n: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nom", "E-mail", "Message", "Tarif", "Date"])
    for i in range(n):
        writer.writerow([f"Candidat {i}", f"candidat{i}@example.com", make_text(rng, i),
                         f"{rng.randint(15, 60)},00", "2026-10-05T10:00:00+02:00"])
    return out.getvalue().encode("cp1252", errors="replace")


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--compare", type=int, default=200)
    args = parser.parse_args(argv)

    tmp = tempfile.mkdtemp(prefix="screening-bench-")
    os.environ["SCREENING_INSTANCE_PATH"] = tmp
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.db"

    from sqlalchemy import event

    from screening import create_app
    from screening.auth.services import create_user
    from screening.extensions import db
    from screening.missions.models import Mission
    from screening.missions.services import create_mission
    from screening.replies import importer
    from screening.replies.services import save_import

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        user = create_user("bench@example.com", "mot-de-passe-bench")
        big = create_mission(user.id, {"title": "Saisie de cartes de visite", "objective": "Saisir des cartes"})
        small = create_mission(user.id, {"title": "Relecture", "objective": "Relire un ebook"})
        user_id, big_id, small_id = user.id, big.id, small.id

        data = make_csv(args.n)
        start = time.perf_counter()
        preview = importer.sniff_csv(data)
        result = importer.parse_csv(data, preview.guessed_mapping, delimiter=preview.delimiter)
        report = save_import(user_id, db.session.get(Mission, big_id), result, "csv")
        import_s = time.perf_counter() - start
        assert len(report.added) == args.n, (len(report.added), result.problems[:3])

        small_data = make_csv(args.compare, seed=11).replace(b"candidat", b"autre")
        small_result = importer.parse_csv(small_data, preview.guessed_mapping, delimiter=";")
        save_import(user_id, db.session.get(Mission, small_id), small_result, "csv")

    client = app.test_client()
    client.post("/connexion", data={"email": "bench@example.com", "password": "mot-de-passe-bench"})
    queries = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *a, **k: queries.append(1))
    client.get(f"/missions/{small_id}/candidats")  # warm templates
    queries.clear()
    start = time.perf_counter()
    response = client.get(f"/missions/{small_id}/candidats")
    compare_ms = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.status_code
    compare_queries = len(queries)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database: {url.split(':', 1)[0]}; {args.n} replies imported; {args.compare} candidates compared")
    print(f"import_s={import_s:.1f} import_replies_per_s={args.n / import_s:.0f} compare_200_ms={compare_ms:.0f} "
          f"compare_queries={compare_queries} peak_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()
