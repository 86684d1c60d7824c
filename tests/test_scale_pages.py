"""Pages at agency scale: the comparison pages through 2,000 replies, the dashboard and the mission list
through 200 missions, each with a constant number of queries; finalist ticks survive sorting and paging."""
import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, insert, select

from screening.candidates import services as cand
from screening.extensions import db
from screening.missions.models import Mission
from screening.replies.importer import ImportResult, ParsedReply
from screening.replies.models import Applicant, Reply
from screening.replies.services import save_import

TEXT = ("Bonjour, je livre la saisie en 5 jours. Étapes : tri (2 h), saisie (10 h), contrôle (1 h). "
        "J'ai 20 heures par semaine. J'ai saisi 3 000 fiches clients pour une agence.")
VERDICTS = ("à retenir", "à vérifier", "à écarter")


@contextmanager
def counted(app):
    queries = []
    with app.app_context():
        engine = db.engine

    def count(*_args, **_kwargs):
        queries.append(1)
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield queries
    finally:
        event.remove(engine, "before_cursor_execute", count)


def fill(app, owner_id, mission_id, n):
    """One really scored reply, then n - 1 rows carrying copies of its assessment (fast)."""
    with app.app_context():
        mission = db.session.get(Mission, mission_id)
        first = save_import(owner_id, mission, ImportResult((ParsedReply(name="Modèle", email="m@example.com",
                                                                         text=TEXT),)), "paste").added[0]
        assessment = first.assessment
        applicants = [{"owner_id": owner_id, "email": f"c{mission_id}-{i}@example.com",
                       "name": f"Candidat {i:04d}",
                       "profile_url": "", "platform_level": ""} for i in range(1, n)]
        db.session.execute(insert(Applicant), applicants)
        ids = dict(db.session.execute(
            select(Applicant.email, Applicant.id).where(Applicant.owner_id == owner_id)).all())
        rows = [{"owner_id": owner_id, "mission_id": mission_id,
                 "applicant_id": ids[f"c{mission_id}-{i}@example.com"], "body": TEXT + f" #{i}", "source": "csv",
                 "dedupe_key": f"k{mission_id}-{i}", "attachments": [],
                 "is_finalist": False, "score": (i * 37) % 101, "verdict": VERDICTS[i % 3],
                 "scorer_version": first.scorer_version, "is_french": i % 5 != 0, "answered_count": 4 - i % 2,
                 "template": i % 7 == 0, "subcontracting": False, "assessment": assessment}
                for i in range(1, n)]
        for start in range(0, len(rows), 500):
            db.session.execute(insert(Reply), rows[start:start + 500])
        db.session.commit()


def rendered_rows(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'id="pick-(\d+)"', html)]


def scores_in(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'<span class="score score-\w+">(\d+)</span>', html)]


def test_the_comparison_serves_one_page_with_a_constant_number_of_queries(app, client, owner, make_mission):
    small, big = make_mission(owner, title="Petite"), make_mission(owner, title="Grande")
    fill(app, owner, small, 30)
    fill(app, owner, big, 2000)
    client.get(f"/missions/{small}/candidats")  # warm up
    with counted(app) as q_small:
        small_page = client.get(f"/missions/{small}/candidats").get_data(as_text=True)
    with counted(app) as q_big:
        response = client.get(f"/missions/{big}/candidats")
    big_page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(rendered_rows(small_page)) == 30
    assert len(rendered_rows(big_page)) == cand.PAGE_SIZE
    assert len(q_big) == len(q_small)
    assert "2000 affichés sur 2000 · page 1 sur 20" in big_page
    # Sorted over the whole mission: page 2 continues where page 1 stopped.
    first, second = scores_in(big_page), scores_in(client.get(f"/missions/{big}/candidats?page=2")
                                                   .get_data(as_text=True))
    assert first == sorted(first, reverse=True) and min(first) >= max(second)
    with app.app_context():
        top = db.session.scalars(select(Reply.score).where(Reply.mission_id == big)
                                 .order_by(Reply.score.desc()).limit(cand.PAGE_SIZE)).all()
    assert first == top
    # A filter applies to the whole mission before paging.
    filtered = client.get(f"/missions/{big}/candidats?fr=1").get_data(as_text=True)
    with app.app_context():
        french = db.session.scalar(select(func.count(Reply.id)).where(Reply.mission_id == big,
                                                                      Reply.is_french.is_(True)))
    assert f"{french} affichés sur 2000" in filtered


def test_a_sort_on_an_assessment_value_still_renders_one_page(app, client, owner, make_mission):
    mission_id = make_mission(owner)
    fill(app, owner, mission_id, 150)
    html = client.get(f"/missions/{mission_id}/candidats?tri=q3").get_data(as_text=True)
    assert len(rendered_rows(html)) == cand.PAGE_SIZE and "page 1 sur 2" in html


def test_finalist_ticks_survive_sorting_filtering_and_paging(app, client, owner, make_mission):
    mission_id = make_mission(owner)
    fill(app, owner, mission_id, 150)
    page2 = client.get(f"/missions/{mission_id}/candidats?tri=nom&ordre=desc&page=2").get_data(as_text=True)
    far = rendered_rows(page2)[0]
    # Ticked on page 2: saved at once (what the page's script does on each tick).
    response = client.post(f"/missions/{mission_id}/finalistes/{far}", data={"finaliste": "1"})
    assert response.status_code == 200 and response.get_json()["finalists"] == 1
    # Then sorted differently and saved from page 1 with the whole-page button: page 2's tick is kept.
    page1 = client.get(f"/missions/{mission_id}/candidats?tri=nom&ordre=desc").get_data(as_text=True)
    hidden = re.findall(r'<input type="hidden" name="finaliste" value="(\d+)">', page1)
    assert str(far) in hidden
    near = rendered_rows(page1)[0]
    client.post(f"/missions/{mission_id}/finalistes?tri=nom&ordre=desc",
                data={"finaliste": [str(near)] + hidden})
    with app.app_context():
        chosen = set(db.session.scalars(select(Reply.id).where(Reply.mission_id == mission_id,
                                                               Reply.is_finalist.is_(True))))
    assert chosen == {far, near}
    # Unticking works the same way, and a reply of another mission is a 404.
    assert client.post(f"/missions/{mission_id}/finalistes/{far}",
                       data={"finaliste": "0"}).get_json()["finalists"] == 1
    other = make_mission(owner, title="Autre")
    assert client.post(f"/missions/{other}/finalistes/{near}", data={"finaliste": "1"}).status_code == 404


def test_the_printable_version_lists_every_candidate(app, client, owner, make_mission):
    mission_id = make_mission(owner)
    fill(app, owner, mission_id, 130)
    html = client.get(f"/missions/{mission_id}/candidats?impression=1").get_data(as_text=True)
    assert len(rendered_rows(html)) == 130 and 'class="pager"' not in html


@pytest.mark.parametrize("path", ["/", "/missions/"])
def test_dashboard_and_mission_list_query_count_does_not_grow_with_missions(app, client, owner, path):
    from screening.missions.services import create_mission

    def add_missions(n, start):
        with app.app_context():
            for i in range(start, start + n):
                create_mission(owner, {"title": f"Mission {i}", "objective": "Saisir", "priority": 1 + i % 3,
                                       "platform": "malt", "paid_trial": True, "budget_currency": "EUR"})
            mission_id = db.session.scalar(select(func.min(Mission.id)))
        return mission_id

    first = add_missions(2, 0)
    fill(app, owner, first, 5)
    client.get(path)
    with counted(app) as few:
        assert client.get(path).status_code == 200
    add_missions(198, 2)
    with counted(app) as many:
        response = client.get(path)
    assert response.status_code == 200 and "Mission 199" in response.get_data(as_text=True)
    assert len(many) == len(few)
