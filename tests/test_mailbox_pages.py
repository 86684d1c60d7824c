"""The mailbox pages: settings (password encrypted, never shown), connection test, fetch now, "À trier"."""
import os
import re
from html import unescape
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from screening.extensions import db
from screening.mailbox.models import MailAccount, MailMessage
from screening.replies.models import Reply
from tests.dovecot_support import dovecot_available, remove, start_dovecot
from tests.test_mailbox_fetch import mail

pytestmark = pytest.mark.skipif(not dovecot_available(), reason="dovecot-imapd absent (apt-get install dovecot-imapd)")


@pytest.fixture
def imap_server():
    server = start_dovecot()
    yield server
    remove(server)


def form(server, **changes):
    data = {"host": "127.0.0.1", "port": str(server.port), "security": "starttls", "username": server.user,
            "password": server.password, "folder": "INBOX", "interval_minutes": "5", "enabled": "y",
            "action": "save"}
    data.update(changes)
    return data


def accept_certificate(client, server):
    """What the owner does: test, read the fingerprint shown, tick "Faire confiance", save."""
    page = client.post("/compte/boite-mail", data=form(server, action="test"))
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "Certificat non reconnu" in html
    fingerprint = re.search(r'name="trust_fingerprint" type="hidden" value="([0-9a-f]{64})"', html).group(1)
    response = client.post("/compte/boite-mail", data=form(server, trust="y", trust_fingerprint=fingerprint))
    assert response.status_code == 302
    return fingerprint


def test_settings_store_the_password_encrypted_and_never_show_it(app, client, owner, imap_server):
    response = client.post("/compte/boite-mail", data=form(imap_server))
    assert response.status_code == 302
    with app.app_context():
        account = db.session.scalar(select(MailAccount))
        assert imap_server.password not in account.password_encrypted and account.password_encrypted
    key = Path(app.instance_path) / "mail_key"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    page = client.get("/compte/boite-mail").get_data(as_text=True)
    assert imap_server.password not in page and "127.0.0.1" in page
    # Saving again with an empty password keeps the stored one.
    client.post("/compte/boite-mail", data=form(imap_server, password="", folder="Candidatures"))
    with app.app_context():
        from screening.mailbox.crypto import decrypt_password
        account = db.session.scalar(select(MailAccount))
        assert account.folder == "Candidatures" and decrypt_password(account.password_encrypted) == imap_server.password


@pytest.mark.parametrize("changes, message", [
    ({"port": "abc"}, "Saisissez un nombre entier"),
    ({"port": "70000"}, "Un port est un nombre entre 1 et 65535"),
    ({"host": "imap gmail com"}, "n'est pas un nom de serveur valide"),
    ({"host": ""}, "Indiquez le serveur IMAP"),
    ({"folder": "INBOX\x00"}, "caractères invisibles"),
    ({"password": ""}, "Saisissez le mot de passe"),
])
def test_bad_settings_are_refused_in_french_and_nothing_is_saved(app, client, owner, imap_server, changes, message):
    response = client.post("/compte/boite-mail", data=form(imap_server, **changes))
    assert response.status_code == 422
    assert message in unescape(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count(MailAccount.id))) == 0


def test_connection_test_explains_and_the_owner_can_accept_the_certificate(app, client, owner, imap_server):
    wrong = client.post("/compte/boite-mail", data=form(imap_server, action="test", password="faux"))
    assert "Certificat non reconnu" in wrong.get_data(as_text=True)  # checked before the password is sent
    fingerprint = accept_certificate(client, imap_server)
    with app.app_context():
        assert db.session.scalar(select(MailAccount)).trusted_fingerprint == fingerprint
    ok = client.post("/compte/boite-mail", data=form(imap_server, action="test", password=""))
    assert "Connexion réussie" in ok.get_data(as_text=True)
    bad = client.post("/compte/boite-mail", data=form(imap_server, action="test", password="faux"))
    assert bad.status_code == 422 and "mot de passe refusé" in bad.get_data(as_text=True)
    missing = client.post("/compte/boite-mail", data=form(imap_server, action="test", password="",
                                                          folder="Nulle-part"))
    assert "Le dossier « Nulle-part » n'existe pas" in unescape(missing.get_data(as_text=True))


def test_fetch_now_and_sort_the_rest(app, client, owner, make_mission, imap_server):
    invoices = make_mission(owner, title="Saisie de factures fournisseurs")
    other = make_mission(owner, title="Rédaction de fiches produits")
    accept_certificate(client, imap_server)
    imap_server.append(mail("Re: Saisie de factures fournisseurs"),
                       mail("Bonjour", sender="Lucie <lucie@example.org>",
                            body="Bonjour, <b>je suis disponible</b> ; livraison en 3 jours, 15 h par semaine."))
    response = client.post("/compte/boite-mail/relever", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "2 nouveaux messages" in html and "1 importé" in html and "1 à trier" in html
    assert "Dernière relève" in html
    dashboard = client.get("/").get_data(as_text=True)
    assert "1 message à trier" in dashboard
    sort_page = client.get("/a-trier").get_data(as_text=True)
    assert "lucie@example.org" in sort_page and "&lt;b&gt;je suis disponible" in sort_page
    with app.app_context():
        pending = db.session.scalar(select(MailMessage).where(MailMessage.status == "pending"))
        pending_id = pending.id
    assert client.post(f"/a-trier/{pending_id}/affecter", data={"mission_id": ""}).status_code == 302
    done = client.post(f"/a-trier/{pending_id}/affecter", data={"mission_id": str(other)}, follow_redirects=True)
    assert "1 réponse ajoutée" in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Reply.id)).where(Reply.mission_id == other)) == 1
        assert db.session.scalar(select(func.count(Reply.id)).where(Reply.mission_id == invoices)) == 1
        assert db.session.get(MailMessage, pending_id).status == "imported"
    assert "à trier" not in client.get("/").get_data(as_text=True)
    again = client.post(f"/a-trier/{pending_id}/affecter", data={"mission_id": str(other)}, follow_redirects=True)
    assert "déjà été traité" in again.get_data(as_text=True)


def test_dismiss_keeps_the_message_listed(app, client, owner, make_mission, imap_server):
    make_mission(owner, title="Saisie de factures fournisseurs")
    accept_certificate(client, imap_server)
    imap_server.append(mail("Publicité", sender="promo@example.org"))
    client.post("/compte/boite-mail/relever")
    with app.app_context():
        row_id = db.session.scalar(select(MailMessage.id))
    client.post(f"/a-trier/{row_id}/ecarter")
    page = client.get("/a-trier").get_data(as_text=True)
    assert "Rien à trier" in page and "Écartés récemment" in page and "promo@example.org" in page


def mbox(*messages: bytes) -> bytes:
    out = b""
    for message in messages:
        body = message.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From ")
        out += b"From candidat@example.org Mon Nov 30 09:30:00 2026\n" + body + b"\n"
    return out


def upload(client, mission_id, data, name="export.mbox"):
    from io import BytesIO
    return client.post(f"/missions/{mission_id}/reponses/emails",
                       data={"files": [(BytesIO(data), name)]}, content_type="multipart/form-data")


def test_a_mailbox_file_for_several_missions_is_sorted_before_import(app, client, owner, make_mission):
    from screening.mailbox.routing import reference_code
    invoices = make_mission(owner, title="Saisie de factures fournisseurs")
    products = make_mission(owner, title="Rédaction de fiches produits")
    data = mbox(mail("Re: Saisie de factures fournisseurs", sender="a@example.org"),
                mail(f"[{reference_code(products)}] Candidature", sender="b@example.org"),
                mail("Candidature : rédaction de fiches produits", sender="c@example.org"),
                mail("Bonjour", sender="d@example.org", body="Bonjour, je suis disponible dès lundi."))
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
    done = client.post(response.headers["Location"], data={"mission_0": str(invoices), "mission_1": str(products),
                                                           "mission_2": str(invoices), "mission_3": ""},
                       follow_redirects=True)
    assert "3 réponses ajoutées" in done.get_data(as_text=True)
    assert "1 message sans mission, non importé" in done.get_data(as_text=True)
    with app.app_context():
        by_mission = dict(db.session.execute(select(Reply.mission_id, func.count(Reply.id))
                                            .group_by(Reply.mission_id)).all())
        assert by_mission == {invoices: 2, products: 1}
    again = client.get(response.headers["Location"], follow_redirects=True)
    assert "ne sont plus disponibles" in unescape(again.get_data(as_text=True))


def test_a_mailbox_file_for_this_mission_only_is_imported_at_once(app, client, owner, make_mission):
    invoices = make_mission(owner, title="Saisie de factures fournisseurs")
    make_mission(owner, title="Rédaction de fiches produits")
    data = mbox(mail("Re: Saisie de factures fournisseurs", sender="a@example.org"),
                mail("Candidature saisie de factures fournisseurs", sender="b@example.org"))
    response = upload(client, invoices, data)
    assert response.status_code == 302 and "/emails/tri" not in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Reply.id)).where(Reply.mission_id == invoices)) == 2


def test_sorting_another_accounts_upload_or_mission_is_refused(app, client, owner, make_user, make_mission, login):
    invoices = make_mission(owner, title="Saisie de factures fournisseurs")
    make_mission(owner, title="Rédaction de fiches produits")
    response = upload(client, invoices, mbox(mail("Bonjour", sender="a@example.org")))
    location = response.headers["Location"]
    intruder = make_user("intrus@example.com")
    intruders_mission = make_mission(intruder, title="Mission de l'intrus")
    client.post("/deconnexion")
    login("intrus@example.com")
    assert client.get(location).status_code == 404  # the mission is not theirs
    other = client.get(location.replace(f"/missions/{invoices}/", f"/missions/{intruders_mission}/"),
                       follow_redirects=True)
    assert "ne sont plus disponibles" in unescape(other.get_data(as_text=True))  # the upload is not theirs
