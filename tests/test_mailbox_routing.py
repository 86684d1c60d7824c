"""Routing a message to the mission it answers: reference codes, titles, threads; mailbox files; jobs."""

import re
from datetime import datetime, timedelta, timezone
from html import unescape

import pytest
from sqlalchemy import func, select

from screening.extensions import db
from screening.mailbox.routing import (
    MissionRef,
    mission_id_from_code,
    reference_code,
    route_message,
    strip_reply_prefixes,
)
from screening.replies.models import Reply
from tests.test_mailbox_fetch import mail

MISSIONS = [
    MissionRef(1, "Saisie de factures fournisseurs"),
    MissionRef(2, "Rédaction de fiches produits"),
    MissionRef(3, "Saisie"),
    MissionRef(4, "Traduction", open=False),
    MissionRef(5, "Traduction"),
]


def test_reference_codes_are_short_distinct_and_read_back():
    codes = {reference_code(i) for i in range(1, 40_000)}
    assert len(codes) == 39_999
    assert all(re.fullmatch(r"SCR-[2-9A-HJ-NP-Z]{3,4}", c) for c in codes)
    assert all(mission_id_from_code(reference_code(i)) == i for i in (1, 2, 999, 32_767, 32_768, 10**6))
    assert mission_id_from_code(reference_code(7).lower()) == 7
    assert mission_id_from_code("SCR-0O1") is None and mission_id_from_code("SCR-") is None


@pytest.mark.parametrize(
    "subject, expected, reason",
    [
        (f"[{reference_code(2)}] Candidature", 2, "code"),
        (f"Re: TR: {reference_code(1)} ma réponse", 1, "code"),
        (f"[{reference_code(99)}] code d'une mission d'un autre compte", None, ""),
        ("Re: Saisie de factures fournisseurs", 1, "title"),
        ("RE : Fwd: SAISIE DE FACTURES FOURNISSEURS", 1, "title"),
        ("Candidature – rédaction de fiches produits !", 2, "title"),
        ("Re: Saisie", 3, "title"),  # the exact title wins over a longer one containing it
        ("Saisie de factures fournisseurs et fiches produits", 1, "title"),
        ("Re: Traduction", 5, "title"),  # two missions with this title: the open one
        ("Bonjour", None, ""),
        ("", None, ""),
        ("Re:", None, ""),
        ("=?utf-8?q?garbage?= \x00\u200b", None, ""),
    ],
)
def test_route_by_code_then_title(subject, expected, reason):
    route = route_message(subject, MISSIONS)
    assert (route.mission_id, route.reason) == (expected, reason)


def test_a_reply_to_a_follow_up_joins_the_thread_first():
    threads = {"<premier@example.org>": (2, 41)}
    route = route_message(
        "Re: Saisie de factures fournisseurs",
        MISSIONS,
        in_reply_to="<relance@owner.test>",
        references="<premier@example.org> <relance@owner.test>",
        threads=threads,
    )
    assert (route.mission_id, route.reason, route.reply_id) == (2, "thread", 41)
    assert route_message("Re: x", MISSIONS, references="<inconnu@x>", threads=threads).mission_id is None


def test_reply_prefixes_are_stripped():
    assert strip_reply_prefixes("Re: RE : Fwd: TR: Réf : AW: Saisie") == "Saisie"


def test_every_posting_asks_for_the_code_in_the_subject(app, make_user, make_mission):
    from screening.missions.models import Mission
    from screening.missions.services import generate_posting_version

    owner = make_user()
    mission_id = make_mission(owner, title="Saisie de factures")
    with app.app_context():
        posting, _ = generate_posting_version(db.session.get(Mission, mission_id))
        line = f"Objet : [{reference_code(mission_id)}] Saisie de factures"
        assert line in posting.text_plain and line in posting.text_markdown
        assert (
            route_message(f"Re: {line.removeprefix('Objet : ')}", [MissionRef(mission_id, "x")]).reason
            == "code"
        )


def test_the_periodic_job_fetches_due_mailboxes_only(app, make_user, monkeypatch):
    from screening.mailbox import jobs, services
    from screening.mailbox.models import MailAccount

    fetched = []
    monkeypatch.setattr(
        services, "fetch_mailbox", lambda account_id: fetched.append(account_id) or services.FetchReport()
    )
    now = datetime.now(timezone.utc)
    with app.app_context():
        ids = []
        for n, (last, interval, failures, enabled) in enumerate(
            [
                (None, 5, 0, True),
                (now - timedelta(minutes=6), 5, 0, True),
                (now - timedelta(minutes=2), 5, 0, True),
                (now - timedelta(minutes=20), 15, 0, True),
                (None, 5, services.MAX_FAILURES, True),
                (None, 5, 0, False),
            ]
        ):
            account = MailAccount(
                owner_id=make_user(),
                host="imap.example.org",
                username=f"u{n}",
                password_encrypted="x",
                last_fetch_at=last,
                interval_minutes=interval,
                failures=failures,
                enabled=enabled,
            )
            db.session.add(account)
            db.session.commit()
            ids.append(account.id)
        assert jobs.fetch_due_mailboxes.call_local() == 3
    assert sorted(fetched) == [ids[0], ids[1], ids[3]]


def mbox(*messages: bytes) -> bytes:
    out = b""
    for message in messages:
        body = message.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From ")
        out += b"From candidat@example.org Mon Nov 30 09:30:00 2026\n" + body + b"\n"
    return out


def upload(client, mission_id, data, name="export.mbox"):
    from io import BytesIO

    return client.post(
        f"/missions/{mission_id}/reponses/emails",
        data={"files": [(BytesIO(data), name)]},
        content_type="multipart/form-data",
    )


def test_a_mailbox_file_for_several_missions_is_sorted_before_import(app, client, owner, make_mission):
    from screening.mailbox.routing import reference_code

    invoices = make_mission(owner, title="Saisie de factures fournisseurs")
    products = make_mission(owner, title="Rédaction de fiches produits")
    data = mbox(
        mail("Re: Saisie de factures fournisseurs", sender="a@example.org"),
        mail(f"[{reference_code(products)}] Candidature", sender="b@example.org"),
        mail("Candidature : rédaction de fiches produits", sender="c@example.org"),
        mail("Bonjour", sender="d@example.org", body="Bonjour, je suis disponible dès lundi."),
    )
    response = upload(client, invoices, data)
    assert response.status_code == 302 and "/emails/tri" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Reply.id))) == 0  # nothing saved before the owner checks
    page = client.get(response.headers["Location"])
    html = unescape(page.get_data(as_text=True))
    assert "1 message ne désigne aucune mission" in html
    selected = re.findall(r'<select name="mission_(\d)".*?</select>', html, re.S)
    assert selected == ["0", "1", "2", "3"]
    chosen = dict(re.findall(r'name="mission_(\d)".*?<option value="(\d+)" selected', html, re.S))
    assert chosen == {"0": str(invoices), "1": str(products), "2": str(products)}
    # The owner moves the third message to the invoices mission and leaves the unmatched one out.
    done = client.post(
        response.headers["Location"],
        data={
            "mission_0": str(invoices),
            "mission_1": str(products),
            "mission_2": str(invoices),
            "mission_3": "",
        },
        follow_redirects=True,
    )
    assert "3 réponses ajoutées" in done.get_data(as_text=True)
    assert "1 message sans mission, non importé" in done.get_data(as_text=True)
    with app.app_context():
        by_mission = dict(
            db.session.execute(
                select(Reply.mission_id, func.count(Reply.id)).group_by(Reply.mission_id)
            ).all()
        )
        assert by_mission == {invoices: 2, products: 1}
    again = client.get(response.headers["Location"], follow_redirects=True)
    assert "ne sont plus disponibles" in unescape(again.get_data(as_text=True))


def test_a_mailbox_file_for_this_mission_only_is_imported_at_once(app, client, owner, make_mission):
    invoices = make_mission(owner, title="Saisie de factures fournisseurs")
    make_mission(owner, title="Rédaction de fiches produits")
    data = mbox(
        mail("Re: Saisie de factures fournisseurs", sender="a@example.org"),
        mail("Candidature saisie de factures fournisseurs", sender="b@example.org"),
    )
    response = upload(client, invoices, data)
    assert response.status_code == 302 and "/emails/tri" not in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Reply.id)).where(Reply.mission_id == invoices)) == 2


def test_sorting_another_accounts_upload_or_mission_is_refused(
    app, client, owner, make_user, make_mission, login
):
    invoices = make_mission(owner, title="Saisie de factures fournisseurs")
    make_mission(owner, title="Rédaction de fiches produits")
    response = upload(client, invoices, mbox(mail("Bonjour", sender="a@example.org")))
    location = response.headers["Location"]
    intruder = make_user("intrus@example.com")
    intruders_mission = make_mission(intruder, title="Mission de l'intrus")
    client.post("/deconnexion")
    login("intrus@example.com")
    assert client.get(location).status_code == 404  # the mission is not theirs
    other = client.get(
        location.replace(f"/missions/{invoices}/", f"/missions/{intruders_mission}/"), follow_redirects=True
    )
    assert "ne sont plus disponibles" in unescape(other.get_data(as_text=True))  # the upload is not theirs
