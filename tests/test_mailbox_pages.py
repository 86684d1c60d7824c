"""The mailbox pages: settings (password encrypted, never shown), connection test, fetch now, "À trier"."""

import os
import re
import stat
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import func, select

from screening.extensions import db
from screening.mailbox.models import MailAccount, MailMessage
from screening.replies.models import Reply
from tests.dovecot_support import remove, requires_dovecot, start_dovecot
from tests.test_mailbox_fetch import mail

pytestmark = requires_dovecot()


@pytest.fixture
def imap_server():
    server = start_dovecot()
    yield server
    remove(server)


def form(server, **changes):
    data = {
        "host": "127.0.0.1",
        "port": str(server.port),
        "security": "starttls",
        "username": server.user,
        "password": server.password,
        "folder": "INBOX",
        "interval_minutes": "5",
        "enabled": "y",
        "action": "save",
    }
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
        assert (
            account.folder == "Candidatures"
            and decrypt_password(account.password_encrypted) == imap_server.password
        )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"port": "abc"}, "Saisissez un nombre entier"),
        ({"port": "70000"}, "Un port est un nombre entre 1 et 65535"),
        ({"host": "imap gmail com"}, "n'est pas un nom de serveur valide"),
        ({"host": ""}, "Indiquez le serveur IMAP"),
        ({"folder": "INBOX\x07"}, "caractères invisibles"),  # NUL itself is removed at the input boundary
        ({"password": ""}, "Saisissez le mot de passe"),
    ],
)
def test_bad_settings_are_refused_in_french_and_nothing_is_saved(
    app, client, owner, imap_server, changes, message
):
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
    missing = client.post(
        "/compte/boite-mail", data=form(imap_server, action="test", password="", folder="Nulle-part")
    )
    assert "Le dossier « Nulle-part » n'existe pas" in unescape(missing.get_data(as_text=True))


def test_fetch_now_and_sort_the_rest(app, client, owner, make_mission, imap_server):
    invoices = make_mission(owner, title="Saisie de factures fournisseurs")
    other = make_mission(owner, title="Rédaction de fiches produits")
    accept_certificate(client, imap_server)
    imap_server.append(
        mail("Re: Saisie de factures fournisseurs"),
        mail(
            "Bonjour",
            sender="Lucie <lucie@example.org>",
            body="Bonjour, <b>je suis disponible</b> ; livraison en 3 jours, 15 h par semaine.",
        ),
    )
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
    done = client.post(
        f"/a-trier/{pending_id}/affecter", data={"mission_id": str(other)}, follow_redirects=True
    )
    assert "1 réponse ajoutée" in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Reply.id)).where(Reply.mission_id == other)) == 1
        assert db.session.scalar(select(func.count(Reply.id)).where(Reply.mission_id == invoices)) == 1
        assert db.session.get(MailMessage, pending_id).status == "imported"
    assert "à trier" not in client.get("/").get_data(as_text=True)
    again = client.post(
        f"/a-trier/{pending_id}/affecter", data={"mission_id": str(other)}, follow_redirects=True
    )
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


def test_unticking_the_certificate_withdraws_the_trust(app, client, owner, imap_server):
    accept_certificate(client, imap_server)
    page = client.get("/compte/boite-mail").get_data(as_text=True)
    assert "Certificat accepté manuellement" in page
    client.post("/compte/boite-mail", data=form(imap_server, password=""))  # box unticked
    with app.app_context():
        assert db.session.scalar(select(MailAccount)).trusted_fingerprint == ""
    refused = client.post("/compte/boite-mail", data=form(imap_server, action="test", password=""))
    assert "Certificat non reconnu" in refused.get_data(as_text=True)
