"""The dashboard and the posting page as a new user finds them."""
from sqlalchemy import func, select

from screening.extensions import db
from screening.missions.models import Mission


def _set_status(app, mission_id, status):
    with app.app_context():
        db.session.get(Mission, mission_id).status = status
        db.session.commit()


def test_open_missions_leave_out_filled_ones(client, owner, make_mission, app):
    open_id = make_mission(owner, title="Relecture du catalogue")
    filled_id = make_mission(owner, title="Saisie des factures pourvue")
    _set_status(app, filled_id, "filled")
    page = client.get("/").get_data(as_text=True)
    assert "Vos missions ouvertes" in page
    assert "Relecture du catalogue" in page
    assert "Saisie des factures pourvue" not in page
    _set_status(app, open_id, "filled")
    page = client.get("/").get_data(as_text=True).replace("&#39;", "'")
    assert "Aucune mission ouverte" in page and "Commencez par une mission" not in page


def test_example_mission_stays_reachable_once_missions_exist(client, owner, make_mission, app):
    make_mission(owner)
    page = client.get("/").get_data(as_text=True)
    assert 'action="/demo"' in page
    response = client.post("/demo")
    assert response.status_code == 302 and "/candidats" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Mission.id))) == 2


def test_posting_page_links_to_adding_replies(client, owner, make_mission):
    mission_id = make_mission(owner)
    location = client.post(f"/missions/{mission_id}/annonce").headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert f'href="/missions/{mission_id}/reponses/ajouter"' in page
    assert "Ajouter des réponses" in page
