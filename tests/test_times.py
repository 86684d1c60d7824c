"""Times typed and shown in the owner's time zone (a setting of the account, Europe/Paris by default)."""
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from screening.auth.models import User
from screening.extensions import db
from screening.missions.models import Mission
from screening.timeutil import as_utc


def _input_value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def _publish(client, mission_id):
    return client.post(f"/missions/{mission_id}/annonce").headers["Location"]


def _published_at(app, mission_id):
    with app.app_context():
        return as_utc(db.session.get(Mission, mission_id).published_at)


def _resave(client, location):
    """What the owner does: open the page, press "Mettre à jour" without changing anything."""
    html = client.get(location).get_data(as_text=True)
    data = {name: _input_value(html, name) for name in ("published_on", "published_time", "published_where")}
    assert client.post(location, data=data).status_code == 302
    return data


def test_publication_time_does_not_drift_on_save(client, owner, make_mission, app):
    mission_id = make_mission(owner)
    location = _publish(client, mission_id)
    client.post(location, data={"published_on": "2026-10-05", "published_time": "09:00",
                                "published_where": "Malt"})
    first = _published_at(app, mission_id)
    assert first == datetime(2026, 10, 5, 7, 0, tzinfo=timezone.utc)  # 09:00 in Paris, summer time
    for _ in range(3):
        shown = _resave(client, location)
        assert shown["published_time"] == "09:00" and shown["published_on"] == "2026-10-05"
    assert _published_at(app, mission_id) == first
    assert "5 octobre 2026 à 09:00" in client.get(location).get_data(as_text=True)


def test_winter_time_is_one_hour_from_utc(client, owner, make_mission, app):
    mission_id = make_mission(owner)
    location = _publish(client, mission_id)
    client.post(location, data={"published_on": "2027-01-15", "published_time": "09:00",
                                "published_where": "Malt"})
    assert _published_at(app, mission_id) == datetime(2027, 1, 15, 8, 0, tzinfo=timezone.utc)


def test_default_publication_time_is_now_in_the_owners_zone(client, owner, make_mission):
    mission_id = make_mission(owner)
    html = client.get(_publish(client, mission_id)).get_data(as_text=True)
    now = datetime.now(ZoneInfo("Europe/Paris"))
    shown = datetime.strptime(_input_value(html, "published_on") + " " + _input_value(html, "published_time"),
                              "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo("Europe/Paris"))
    assert timedelta(0) <= now - shown < timedelta(minutes=2)
    assert "heure de Paris" in html


def test_owner_time_zone_is_used_for_typed_and_shown_times(client, owner, make_mission, app):
    page = client.get("/compte").get_data(as_text=True)
    assert 'value="Europe/Paris" selected' in page or 'selected value="Europe/Paris"' in page
    response = client.post("/compte/fuseau", data={"timezone": "America/Toronto"}, follow_redirects=True)
    assert "Fuseau horaire enregistré" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, owner).timezone == "America/Toronto"
    mission_id = make_mission(owner)
    location = _publish(client, mission_id)
    client.post(location, data={"published_on": "2026-10-05", "published_time": "09:00",
                                "published_where": "Malt"})
    assert _published_at(app, mission_id) == datetime(2026, 10, 5, 13, 0, tzinfo=timezone.utc)
    html = client.get(location).get_data(as_text=True)
    assert "5 octobre 2026 à 09:00" in html
    assert _input_value(html, "published_time") == "09:00"


def test_unknown_time_zone_is_refused(client, owner, app):
    response = client.post("/compte/fuseau", data={"timezone": "Mars/Olympus"}, follow_redirects=True)
    assert "Fuseau horaire enregistré" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, owner).timezone == ""


def test_first_of_the_month_is_written_1er(app):
    from screening.templating import datefr
    with app.test_request_context():
        assert datefr(datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)) == "1er décembre 2026"
        assert datefr(datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc)) == "2 décembre 2026"
