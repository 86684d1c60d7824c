"""Imports through the queue: progress page, outcome, all or nothing, dead workers, bad situations."""
import json

import pytest
from sqlalchemy import func, select

from screening import queue
from screening.extensions import db
from screening.jobs import services
from screening.jobs.models import Job
from screening.missions.models import Mission
from screening.replies.models import Reply

TEXT = ("Bonjour, je livre la saisie en {n} jours. Étapes : tri (2 h), saisie ({n} h), contrôle (1 h). "
        "J'ai {n} heures par semaine. J'ai saisi des fiches clients pour une agence immobilière. #{i}")


def pasted(n: int, start: int = 0) -> str:
    return "\n---\n".join(f"De : Candidat {i} <c{i}@example.com>\n\n" + TEXT.format(n=i % 7 + 2, i=i)
                          for i in range(start, start + n))


def paste(client, mission_id, text):
    return client.post(f"/missions/{mission_id}/reponses/coller", data={"text": text, "action": "save"})


def page_of(client, url) -> str:
    return client.get(url).get_data(as_text=True).replace("&#39;", "'")


def reply_count(app, mission_id):
    with app.app_context():
        return db.session.scalar(select(func.count(Reply.id)).where(Reply.mission_id == mission_id))


@pytest.fixture
def queued(tmp_path):
    """A real (SQLite) queue store with no worker: jobs wait until the test runs them."""
    queue.configure(name="screening-test-i11", filename=str(tmp_path / "queue.db"), immediate=False)
    yield queue.huey
    queue.configure(immediate=True)


def run_pending(app) -> list[str]:
    """Do what a worker does: run every queued task, in this process; the jobs' states, in order."""
    outcomes = []
    with app.app_context():
        while True:
            task = queue.huey.dequeue()
            if task is None:
                return outcomes
            queue.huey.execute(task)
            db.session.expire_all()
            outcomes.append(db.session.get(Job, task.args[0]).state)


def test_a_big_paste_goes_through_a_job_and_its_page_turns_into_the_result(app, client, owner, make_mission,
                                                                           queued):
    app.config["IMPORT_SYNC_MAX_REPLIES"] = 3
    mission_id = make_mission(owner)
    response = paste(client, mission_id, pasted(6))
    assert response.status_code == 302
    job_url = response.headers["Location"]
    assert "/taches/" in job_url
    page = client.get(job_url).get_data(as_text=True).replace("&#39;", "'")
    assert "En attente d'un worker" in page and "0</strong> / 6" in page
    assert 'http-equiv="refresh"' in page  # without JavaScript, the page refreshes itself
    assert reply_count(app, mission_id) == 0  # nothing visible before the job ends
    status = client.get(job_url + "/etat").get_json()
    assert (status["state"], status["done"], status["total"]) == ("queued", 0, 6)

    assert run_pending(app) == ["done"]
    assert reply_count(app, mission_id) == 6
    page = client.get(job_url).get_data(as_text=True).replace("&#39;", "'")
    assert "6 réponses ajoutées." in page and "Voir les candidats" in page
    assert 'http-equiv="refresh"' not in page
    assert client.get(job_url + "/etat").get_json()["state"] == "done"


def test_progress_and_time_left_while_running(app, owner, make_mission, queued):
    mission_id = make_mission(owner)
    from screening.replies import importer
    with app.app_context():
        mission = db.session.get(Mission, mission_id)
        job = services.start_import(owner, mission, importer.split_pasted(pasted(40)), "paste")
        db.session.execute(db.update(Job).where(Job.id == job.id).values(
            state="running", attempts=1, started_at=services.utcnow()))
        db.session.commit()
        services.report_progress(job.id, 10, 40)
        progress = services.job_progress(db.session.get(Job, job.id))
    assert (progress.done, progress.total, progress.percent) == (10, 40, 25)
    assert progress.seconds_left is not None and progress.seconds_left >= 0


def test_the_same_file_queued_twice_is_added_once(app, client, owner, make_mission, queued):
    app.config["IMPORT_SYNC_MAX_REPLIES"] = 3
    mission_id = make_mission(owner)
    text = pasted(5)
    first = paste(client, mission_id, text)
    second = paste(client, mission_id, text)
    assert run_pending(app) == ["done", "done"]
    assert reply_count(app, mission_id) == 5
    assert "5 réponses ajoutées." in page_of(client, first.headers["Location"])
    assert "0 réponse ajoutée, 5 déjà présentes" in page_of(client, second.headers["Location"])


def test_a_mission_deleted_meanwhile_ends_the_job_with_a_message(app, client, owner, make_mission, queued):
    app.config["IMPORT_SYNC_MAX_REPLIES"] = 3
    mission_id = make_mission(owner)
    response = paste(client, mission_id, pasted(5))
    with app.app_context():
        db.session.delete(db.session.get(Mission, mission_id))
        db.session.commit()
    assert run_pending(app) == ["failed"]
    page = client.get(response.headers["Location"]).get_data(as_text=True).replace("&#39;", "'")
    assert "La mission a été supprimée pendant l'import" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Reply.id))) == 0


def test_a_failure_in_the_middle_saves_nothing_and_says_so(app, client, owner, make_mission, queued,
                                                            monkeypatch):
    app.config["IMPORT_SYNC_MAX_REPLIES"] = 3
    mission_id = make_mission(owner)
    response = paste(client, mission_id, pasted(8))
    calls = []

    def broken(job_id, done, total):
        calls.append(done)
        if done >= 5:
            raise RuntimeError("disque plein")
    monkeypatch.setattr(services, "report_progress", broken)
    monkeypatch.setattr("screening.replies.scoring_service.PROGRESS_EVERY", 5)
    assert run_pending(app) == ["failed"]
    assert calls  # it did fail mid-way
    assert reply_count(app, mission_id) == 0
    page = client.get(response.headers["Location"]).get_data(as_text=True).replace("&#39;", "'")
    assert "rien n'a été enregistré" in page


def test_queue_unreachable_gives_a_french_error_and_saves_nothing(app, client, owner, make_mission):
    app.config["IMPORT_SYNC_MAX_REPLIES"] = 3
    queue.configure(name="screening-test-i11-down", redis_url="redis://127.0.0.1:1/0", immediate=False)
    mission_id = make_mission(owner)
    response = paste(client, mission_id, pasted(5))
    assert response.status_code == 503
    assert "La file de traitement est injoignable" in response.get_data(as_text=True).replace("&#39;", "'")
    assert reply_count(app, mission_id) == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(Job.id))) == 0


def test_a_job_whose_worker_died_is_retried_once_then_failed(app, client, owner, make_mission, queued):
    app.config["IMPORT_SYNC_MAX_REPLIES"] = 3
    app.config["JOB_STALE_SECONDS"] = 0
    mission_id = make_mission(owner)
    response = paste(client, mission_id, pasted(5))
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    # A worker takes the job and is killed: the task is gone from the queue, the job says "running".
    queue.huey.dequeue()
    with app.app_context():
        db.session.execute(db.update(Job).where(Job.id == job_id).values(state="running", attempts=1,
                                                                          started_at=services.utcnow()))
        db.session.commit()
    status = client.get(f"/taches/{job_id}/etat").get_json()
    assert status["state"] == "queued"  # queued again
    assert run_pending(app) == ["done"]
    assert reply_count(app, mission_id) == 5

    # The second time, it is marked failed with a message.
    response = client.post(f"/missions/{mission_id}/reponses/coller",
                           data={"text": pasted(5, start=100), "action": "save"})
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    queue.huey.dequeue()
    with app.app_context():
        db.session.execute(db.update(Job).where(Job.id == job_id).values(state="running", attempts=2,
                                                                          started_at=services.utcnow()))
        db.session.commit()
    page = client.get(f"/taches/{job_id}").get_data(as_text=True).replace("&#39;", "'")
    assert "interrompu deux fois" in page
    assert reply_count(app, mission_id) == 5


def test_the_api_answers_202_with_a_job_url_for_a_big_batch(app, client, owner, make_mission):
    from screening.api import create_token
    app.config["API_SYNC_MAX_REPLIES"] = 3
    mission_id = make_mission(owner)
    with app.app_context():
        _token, clear = create_token(owner, "test")
    headers = {"Authorization": f"Bearer {clear}", "Content-Type": "application/json"}
    items = [{"name": f"C{i}", "email": f"c{i}@example.com", "text": TEXT.format(n=3, i=i)} for i in range(5)]
    response = client.post(f"/api/missions/{mission_id}/replies", data=json.dumps(items), headers=headers)
    assert response.status_code == 202
    body = response.get_json()
    assert body["url"] == response.headers["Location"] and "/api/jobs/" in body["url"]
    polled = client.get(body["url"], headers=headers).get_json()
    assert (polled["state"], polled["added"], polled["skipped"]) == ("done", 5, 0)
    assert reply_count(app, mission_id) == 5
    small = client.post(f"/api/missions/{mission_id}/replies", data=json.dumps(items[:2]), headers=headers)
    assert small.status_code == 200 and small.get_json()["skipped"] == 2


def test_another_accounts_job_is_404_in_the_api(app, client, owner, make_user, make_mission):
    from screening.api import create_token
    other = make_user("autre@example.com")
    with app.app_context():
        job = Job(owner_id=other, kind="import", state="done", total=1)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        _token, clear = create_token(owner, "test")
    response = client.get(f"/api/jobs/{job_id}", headers={"Authorization": f"Bearer {clear}"})
    assert response.status_code == 404


def test_applicants_texts_survive_the_trip_through_the_queue():
    from screening.replies import importer
    odd = "<script>alert(1)</script> =SUM(A1) \x00 \u200b \ud800 " + "x" * 5000
    replies = (importer.ParsedReply(name="Zoé", email="z@example.com", text=odd, hourly_rate=None,
                                    attachments=(importer.Attachment("cv.pdf", "application/pdf", 12),)),)
    back = services.decode_batch(services.encode_batch(replies))
    assert back.replies == replies
