"""Applicants' personal data: export, deletion on request, retention purge, and the database backup."""
import json
import sqlite3
from datetime import timedelta

from sqlalchemy import func, select

from screening.extensions import db
from screening.missions.models import Mission
from screening.replies import importer
from screening.replies.models import Applicant, Reply
from screening.replies.services import save_import
from screening.timeutil import utcnow

CANNED = ("Bonjour, je suis très motivé et sérieux. Je suis disponible immédiatement et je m'adapte à tous vos "
          "besoins. N'hésitez pas à me contacter pour en discuter. Cordialement, à bientôt pour travailler "
          "ensemble sur votre beau projet, avec toute mon énergie et ma rigueur habituelle.")


def add(app, owner_id, mission_id, *people):
    with app.app_context():
        mission = db.session.get(Mission, mission_id)
        parsed = tuple(importer.ParsedReply(name=name, email=email, text=text) for name, email, text in people)
        return [r.id for r in save_import(owner_id, mission, importer.ImportResult(parsed), "paste").added]


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def applicant_id_of(app, email):
    with app.app_context():
        return db.session.scalar(select(Applicant.id).where(Applicant.email == email))


def test_export_gives_everything_about_one_applicant(client, app, owner, make_mission):
    mission_id = make_mission(owner)
    add(app, owner, mission_id, ("Zoé <b>", "zoe@example.com", "Je livre en 5 jours. <script>x</script>"))
    response = client.get(f"/candidats/{applicant_id_of(app, 'zoe@example.com')}/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["applicant"]["email"] == "zoe@example.com"
    assert data["replies"][0]["text"] == "Je livre en 5 jours. <script>x</script>"
    assert data["replies"][0]["assessment"]["verdict"]


def test_delete_removes_the_applicant_and_refreshes_others_flags(client, app, owner, make_mission):
    mission_id = make_mission(owner)
    first, second = add(app, owner, mission_id, ("A", "a@example.com", CANNED), ("B", "b@example.com", CANNED + " Merci."))
    with app.app_context():
        flagged = db.session.get(Reply, first)
        assert any(e.get("reply_id") == str(second) for s in flagged.assessment["template_signs"] for e in s["evidence"])
    page = client.get(f"/candidats/{applicant_id_of(app, 'b@example.com')}").get_data(as_text=True)
    assert "Supprimer toutes ses données" in page
    response = client.post(f"/candidats/{applicant_id_of(app, 'b@example.com')}/supprimer", follow_redirects=True)
    assert "Toutes les données de B ont été supprimées (1 réponse)" in response.get_data(as_text=True)
    assert count(app, Applicant) == 1 and count(app, Reply) == 1
    with app.app_context():
        remaining = db.session.get(Reply, first)
        assert not any(e.get("reply_id") == str(second)
                       for s in remaining.assessment["template_signs"] for e in s["evidence"])


def test_another_accounts_applicant_is_404(client, app, owner, make_user, make_mission):
    other = make_user("autre@example.com")
    add(app, other, make_mission(other), ("Secret", "secret@example.com", CANNED))
    applicant_id = applicant_id_of(app, "secret@example.com")
    assert client.get(f"/candidats/{applicant_id}").status_code == 404
    assert client.get(f"/candidats/{applicant_id}/export.json").status_code == 404
    assert client.post(f"/candidats/{applicant_id}/supprimer").status_code == 404
    assert count(app, Applicant) == 1


def close_mission(app, mission_id, days_ago):
    with app.app_context():
        mission = db.session.get(Mission, mission_id)
        mission.status = "archived"
        mission.archived_at = utcnow() - timedelta(days=days_ago)
        db.session.commit()


def test_purge_dry_run_lists_and_purge_removes_old_applicants_only(app, owner, make_mission):
    old_mission, recent_mission, open_mission = make_mission(owner), make_mission(owner), make_mission(owner)
    add(app, owner, old_mission, ("Ancien", "ancien@example.com", "Réponse ancienne, 5 jours."),
        ("Fidèle", "fidele@example.com", "Réponse ancienne de fidèle, 3 jours."))
    add(app, owner, recent_mission, ("Récent", "recent@example.com", "Réponse récente."))
    add(app, owner, open_mission, ("Fidèle", "fidele@example.com", "Réponse à la mission ouverte."))
    close_mission(app, old_mission, 400)
    close_mission(app, recent_mission, 10)
    from screening.cli import purge
    runner = app.test_cli_runner()
    dry = runner.invoke(purge, ["--dry-run", "--days", "365"])
    assert dry.exit_code == 0, dry.output
    assert "ancien@example.com" in dry.output and "serait supprimé" in dry.output
    assert "fidele@example.com" not in dry.output and "recent@example.com" not in dry.output
    assert count(app, Applicant) == 3
    real = runner.invoke(purge, ["--days", "365"])
    assert "1 candidat(s) supprimé(s)" in real.output
    with app.app_context():
        emails = set(db.session.scalars(select(Applicant.email)))
    assert emails == {"fidele@example.com", "recent@example.com"}


def test_backup_writes_a_consistent_copy(app, owner, make_mission, tmp_path):
    mission_id = make_mission(owner)
    add(app, owner, mission_id, ("A", "a@example.com", "Je livre en 5 jours."))
    from screening.cli import backup
    target = tmp_path / "copie.db"
    result = app.test_cli_runner().invoke(backup, [str(target)])
    with app.app_context():
        backend = db.engine.url.get_backend_name()
    if backend == "sqlite":
        assert result.exit_code == 0, result.output
        with sqlite3.connect(target) as conn:
            assert conn.execute("select count(*) from reply").fetchone() == (1,)
            assert conn.execute("select body from reply").fetchone() == ("Je livre en 5 jours.",)
    else:
        assert result.exit_code != 0
        assert "pg_dump" in result.output
