"""Fetching replies from a real IMAP server (Dovecot started by the fixture), routed to their mission."""

from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import unescape

import pytest
from sqlalchemy import func, select

from screening.extensions import db
from screening.mailbox import services
from screening.mailbox.models import MailAccount, MailMessage
from screening.mailbox.routing import reference_code
from screening.replies.models import Reply
from tests.dovecot_support import remove, requires_dovecot, start_dovecot

pytestmark = requires_dovecot()

ANSWER = (
    "Bonjour, je peux livrer la mission en 5 jours. Étapes : tri des cartes (2 h), saisie (10 h), "
    "vérification (2 h). Je dispose de 20 heures par semaine. J'ai déjà saisi 300 cartes pour un "
    "cabinet comptable l'an dernier."
)


def mail(
    subject,
    body=ANSWER,
    sender="Marie Durand <marie@example.org>",
    msgid=None,
    charset="utf-8",
    html=None,
    **headers,
):
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "candidatures@example.test"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime(2026, 11, 30, 9, 30, tzinfo=timezone.utc))
    msg["Message-ID"] = msgid or make_msgid(domain="example.org")
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    if html is not None:
        msg.set_content(html, subtype="html", charset=charset)
    else:
        msg.set_content(body, charset=charset)
    return msg.as_bytes()


@pytest.fixture
def imap_server():
    server = start_dovecot()
    yield server
    remove(server)


@pytest.fixture
def mailbox(app, make_user, make_mission, imap_server):
    """An owner with two missions and a connected mailbox (plain IMAP on loopback, folder INBOX)."""
    owner_id = make_user("owner@example.com")
    invoices = make_mission(owner_id, title="Saisie de factures fournisseurs")
    products = make_mission(owner_id, title="Rédaction de fiches produits")
    with app.app_context():
        account = services.save_account(
            owner_id,
            {
                "host": "127.0.0.1",
                "port": imap_server.port,
                "security": "starttls",
                "username": imap_server.user,
                "password": imap_server.password,
                "folder": "INBOX",
                "interval_minutes": 5,
                "trust_fingerprint": "",
            },
        )
        account_id = account.id
    return {
        "owner": owner_id,
        "invoices": invoices,
        "products": products,
        "account": account_id,
        "server": imap_server,
    }


def trust(app, account_id, server):
    """The owner accepted the test server's self-signed certificate (its fingerprint)."""
    import hashlib
    import ssl

    der = ssl.PEM_cert_to_DER_cert((server.root / "cert.pem").read_text())
    with app.app_context():
        db.session.get(MailAccount, account_id).trusted_fingerprint = hashlib.sha256(der).hexdigest()
        db.session.commit()


def fetch(app, account_id, **kw):
    with app.app_context():
        return services.fetch_mailbox(account_id, **kw)


def rows(app, owner_id):
    with app.app_context():
        return [
            (m.subject, m.status, m.mission_id)
            for m in db.session.scalars(
                select(MailMessage).where(MailMessage.owner_id == owner_id).order_by(MailMessage.uid)
            )
        ]


def reply_count(app, mission_id=None):
    with app.app_context():
        query = select(func.count(Reply.id))
        if mission_id:
            query = query.where(Reply.mission_id == mission_id)
        return db.session.scalar(query)


def test_messages_of_several_shapes_go_to_their_mission_or_to_sort(app, mailbox):
    server, m = mailbox["server"], mailbox
    trust(app, m["account"], server)
    first = make_msgid(domain="example.org")
    server.append(
        mail(f"[{reference_code(m['products'])}] Candidature", sender="Paul <paul@example.org>"),
        mail("Re: Saisie de factures fournisseurs", msgid=first),
        mail(
            "RE : TR: rédaction de FICHES produits",
            sender="lea@example.org",
            html="<html><body><p>Bonjour,</p><p>" + ANSWER + "</p><script>alert(1)</script></body></html>",
        ),
        mail(
            "Candidature Saisie de factures fournisseurs",
            charset="iso-8859-1",
            sender="=?iso-8859-1?q?H=E9l=E8ne?= <helene@example.org>",
            body=ANSWER + " Réponse envoyée en Latin-1 : déjà, été, œuvre ?".replace("œ", "oe"),
        ),
        mail("Bonjour", sender="inconnu@example.org"),
        mail(
            "Re: Votre question sur le délai",
            sender="marie@example.org",
            body="Oui, je confirme : livraison en 5 jours.",
            In_Reply_To=make_msgid(domain="owner.test"),
            References=f"{first} <relance-1@owner.test>",
        ),
    )
    report = fetch(app, m["account"])
    assert (report.imported, report.pending, report.threads, report.errors) == (4, 1, 1, 0)
    assert reply_count(app, m["invoices"]) == 2 and reply_count(app, m["products"]) == 2
    statuses = {subject: (status, mission) for subject, status, mission in rows(app, m["owner"])}
    assert statuses["Bonjour"] == ("pending", None)
    assert statuses["Re: Votre question sur le délai"] == ("thread", m["invoices"])
    with app.app_context():
        helene = db.session.scalar(select(Reply).where(Reply.body.contains("Latin-1")))
        assert helene.applicant.name == "Hélène" and "déjà, été" in helene.body
        html_reply = db.session.scalar(
            select(Reply)
            .join(Reply.applicant)
            .where(Reply.mission_id == m["products"], Reply.body.contains("Bonjour,"))
        )
        assert "alert" not in html_reply.body and html_reply.score is not None
        account = db.session.get(MailAccount, m["account"])
        assert account.last_fetch_count == 6 and account.last_error == "" and account.last_success_at
        marie = db.session.scalar(
            select(Reply).where(Reply.mission_id == m["invoices"], Reply.body == ANSWER)
        )
    # The follow-up answer shows on the candidate's page, below the first reply.
    from tests.conftest import PASSWORD

    client = app.test_client()
    client.post("/connexion", data={"email": "owner@example.com", "password": PASSWORD})
    page = client.get(f"/reponses/{marie.id}").get_data(as_text=True)
    assert (
        "Suite de l'échange par e-mail" in unescape(page)
        and "Oui, je confirme : livraison en 5 jours." in page
    )
    # Nothing was flagged on the server: BODY.PEEK on a read-only folder.
    assert all(b"\\Seen" not in flags for flags in server.flags().values())


def test_a_second_fetch_adds_nothing(app, mailbox):
    m = mailbox
    trust(app, m["account"], m["server"])
    m["server"].append(mail("Re: Saisie de factures fournisseurs"), mail("Sans rapport"))
    assert fetch(app, m["account"]).total == 2
    again = fetch(app, m["account"])
    assert again.total == 0 and reply_count(app) == 1 and len(rows(app, m["owner"])) == 2
    m["server"].append(mail("Re: Rédaction de fiches produits", sender="new@example.org"))
    assert fetch(app, m["account"]).imported == 1 and reply_count(app) == 2


def test_a_rebuilt_mailbox_is_read_again_without_duplicates(app, mailbox):
    m, server = mailbox, mailbox["server"]
    trust(app, m["account"], server)
    with app.app_context():
        db.session.get(MailAccount, m["account"]).folder = "Candidatures"
        db.session.commit()
    server.append(
        mail("Re: Saisie de factures fournisseurs"),
        mail("Re: Rédaction de fiches produits"),
        folder="Candidatures",
    )
    assert fetch(app, m["account"]).imported == 2
    before = server.uidvalidity("Candidatures")
    server.rebuild("Candidatures")  # same messages, new UIDVALIDITY, UIDs start again at 1
    server.append(
        mail("Re: Rédaction de fiches produits", sender="nouveau@example.org"), folder="Candidatures"
    )
    assert server.uidvalidity("Candidatures") != before
    report = fetch(app, m["account"])
    assert report.imported == 1 and report.seen_before == 2
    assert reply_count(app) == 3 and len(rows(app, m["owner"])) == 3
    with app.app_context():
        account = db.session.get(MailAccount, m["account"])
        assert account.uidvalidity == server.uidvalidity("Candidatures") and account.last_uid == 3


def test_wrong_password_says_so_and_stops_retrying(app, mailbox, client, login):
    m = mailbox
    trust(app, m["account"], m["server"])
    with app.app_context():
        services.save_account(
            m["owner"],
            {
                "host": "127.0.0.1",
                "port": m["server"].port,
                "security": "starttls",
                "username": m["server"].user,
                "password": "ancien-mot-de-passe",
                "folder": "INBOX",
                "interval_minutes": 5,
                "trust_fingerprint": "",
            },
        )
    trust(app, m["account"], m["server"])
    for _attempt in range(services.MAX_FAILURES):
        with app.app_context():
            assert m["account"] in services.due_accounts(datetime(2099, 1, 1, tzinfo=timezone.utc))
        report = fetch(app, m["account"])
        assert "mot de passe refusé" in report.error
    with app.app_context():
        assert services.due_accounts(datetime(2099, 1, 1, tzinfo=timezone.utc)) == []
    login("owner@example.com")
    page = client.get("/").get_data(as_text=True)
    assert "suspendue" in page and "mot de passe refusé" in page


def test_server_stopped_mid_fetch_saves_whole_batches_and_the_next_run_picks_up(app, mailbox):
    m, server = mailbox, mailbox["server"]
    trust(app, m["account"], server)
    server.append(
        *[
            mail(
                "Re: Saisie de factures fournisseurs",
                sender=f"c{i}@example.org",
                body=ANSWER + f" Candidat numéro {i}.",
            )
            for i in range(5)
        ]
    )

    def stop_after_first(done, total):
        if done == 2:
            server.stop()

    report = fetch(app, m["account"], batch_size=2, on_batch=stop_after_first)
    assert report.imported == 2 and "coupée" in report.error
    assert reply_count(app) == 2 and len(rows(app, m["owner"])) == 2
    server.start()
    trust(app, m["account"], server)
    report = fetch(app, m["account"], batch_size=2)
    assert report.imported == 3 and report.error == ""
    assert reply_count(app) == 5 and len(rows(app, m["owner"])) == 5


def test_a_30_mb_message_is_skipped_with_a_note(app, mailbox):
    m, server = mailbox, mailbox["server"]
    trust(app, m["account"], server)
    huge = mail("Re: Saisie de factures fournisseurs", body=ANSWER + "\n" + ("x" * 99 + "\n") * 300_000)
    assert len(huge) > 30_000_000
    server.append(huge, mail("Re: Rédaction de fiches produits"))
    report = fetch(app, m["account"])
    assert (report.skipped, report.imported) == (1, 1)
    with app.app_context():
        skipped = db.session.scalar(select(MailMessage).where(MailMessage.status == "skipped"))
        assert "ignoré" in skipped.note and "Mo" in skipped.note and skipped.raw is None
        assert skipped.size > 30_000_000


def test_untrusted_certificate_is_refused_unless_the_owner_accepted_it(app, mailbox):
    m, server = mailbox, mailbox["server"]
    server.append(mail("Re: Saisie de factures fournisseurs"))
    report = fetch(app, m["account"])
    assert "certificat" in report.error.lower() and reply_count(app) == 0
    with app.app_context():
        account = db.session.get(MailAccount, m["account"])
        account.security, account.port, account.failures = "ssl", server.tls_port, 0
        db.session.commit()
        with pytest.raises(services.MailboxError) as refused:
            services.check_connection(services.settings_for(account))
        assert "certificat" in refused.value.message.lower() and len(refused.value.fingerprint) == 64
        account.trusted_fingerprint = refused.value.fingerprint
        db.session.commit()
        assert "1 message" in services.check_connection(services.settings_for(account))
    assert fetch(app, m["account"]).imported == 1


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"host": "nowhere.invalid"}, "injoignable"),
        ({"port": 1}, "injoignable"),
        ({"password": "faux"}, "mot de passe refusé"),
        ({"folder": "Inexistant"}, "n'existe pas"),
        ({"security": "ssl"}, "TLS a été refusée"),  # implicit TLS on the plain port
    ],
)
def test_connection_test_says_what_went_wrong(app, mailbox, change, expected):
    m = mailbox
    trust(app, m["account"], m["server"])
    with app.app_context():
        account = db.session.get(MailAccount, m["account"])
        values = {
            "host": account.host,
            "port": account.port,
            "security": account.security,
            "username": account.username,
            "password": m["server"].password,
            "folder": "INBOX",
            "trusted_fingerprint": account.trusted_fingerprint,
        }
        values.update(change)
        from screening.mailbox.imap import Settings

        with pytest.raises(services.MailboxError) as failed:
            services.check_connection(Settings(timeout=5, **values))
        assert expected in failed.value.message


def test_bad_messages_are_listed_not_lost(app, mailbox):
    m, server = mailbox, mailbox["server"]
    trust(app, m["account"], server)
    no_body = mail("Re: Saisie de factures fournisseurs", body="", sender="vide@example.org")
    broken_mime = (
        b"From: casse@example.org\r\nSubject: Re: Saisie de factures fournisseurs\r\n"
        b"Message-ID: <casse@example.org>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="nulle-part"\r\n\r\n'
        b"--ailleurs\r\nContent-Type: text/plain; charset=klingon\r\n\r\n" + ANSWER.encode("utf-8") + b"\r\n"
    )
    nul = mail(
        "Re: Rédaction de fiches produits",
        body=ANSWER + " \u200b<script>x</script>",
        sender="nul@example.org",
    )
    server.append(no_body, broken_mime, nul)
    report = fetch(app, m["account"])
    assert report.errors == 2 and report.imported == 1
    with app.app_context():
        bad = {
            m.sender: m for m in db.session.scalars(select(MailMessage).where(MailMessage.status == "error"))
        }
        assert set(bad) == {"vide@example.org", "casse@example.org"}
        assert all("vide" in m.note and m.raw for m in bad.values())  # listed with why, kept: nothing lost
        assert db.session.scalar(select(Reply).where(Reply.body.contains("<script>x</script>")))


def test_five_thousand_messages_are_fetched_in_batches(app, mailbox):
    m, server = mailbox, mailbox["server"]
    trust(app, m["account"], server)
    with server.client() as imap:
        for start in range(0, 5000, 500):
            imap.multiappend(
                "INBOX",
                [  # plain bytes: building 5,000 EmailMessage objects would take longer than the fetch
                    (
                        f"From: p{i}@example.org\r\nTo: candidatures@example.test\r\nSubject: Message {i}\r\n"
                        f"Message-ID: <m{i}@example.org>\r\nDate: Mon, 30 Nov 2026 09:30:00 +0000\r\n\r\n"
                        f"Bonjour {i}, je suis disponible.\r\n"
                    ).encode()
                    for i in range(start, start + 500)
                ],
            )
    progress = []
    report = fetch(
        app, m["account"], batch_size=500, on_batch=lambda done, total: progress.append((done, total))
    )
    assert report.pending == 5000 and report.error == ""
    assert progress[0] == (500, 5000) and progress[-1] == (5000, 5000) and len(progress) == 10
    with app.app_context():
        assert services.pending_count(m["owner"]) == 5000


def test_the_fetch_mail_command_fetches_every_mailbox(app, mailbox):
    from screening.cli import fetch_mail

    m = mailbox
    trust(app, m["account"], m["server"])
    m["server"].append(mail("Re: Saisie de factures fournisseurs"), mail("Sans rapport"))
    result = app.test_cli_runner().invoke(fetch_mail)
    assert result.exit_code == 0, result.output
    assert "2 nouveaux messages, 1 importé, 1 à trier." in result.output
    assert reply_count(app) == 1
