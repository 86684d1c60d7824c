"""Talking to the owner's IMAP server (IMAPClient): read only, never deletes or flags anything.

The folder is selected read-only and bodies are fetched with BODY.PEEK, so that nothing changes on the
server (not even the "seen" flag). Every failure becomes a `MailError` with a French message saying what
went wrong: host unreachable, TLS refused, certificate not trusted, credentials refused, folder missing.
"""

from __future__ import annotations

import hashlib
import imaplib
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

HEADER_FIELDS = b"BODY[HEADER.FIELDS (MESSAGE-ID SUBJECT FROM DATE)]"
FETCH_BYTES = 25 * 1024 * 1024  # at most this much message text per FETCH command


class MailError(Exception):
    """The mailbox could not be read; `message` says why, in French."""

    def __init__(self, kind: str, message: str, fingerprint: str = ""):
        super().__init__(message)
        self.kind = kind  # unreachable, tls, certificate, auth, folder, lost
        self.message = message
        self.fingerprint = fingerprint


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    security: str  # "ssl" (implicit TLS) or "starttls"
    username: str
    password: str
    folder: str = "INBOX"
    trusted_fingerprint: str = ""
    timeout: float = 30


@dataclass(frozen=True)
class Fetched:
    """One message of the folder: its size, its routing headers, and its bytes unless it is too big."""

    uid: int
    size: int
    headers: bytes
    raw: bytes | None


def format_fingerprint(value: str) -> str:
    """SHA-256 fingerprint as shown by mail clients: AB:CD:…"""
    return ":".join(value[i : i + 2] for i in range(0, len(value), 2)).upper()


def _context(settings: Settings) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if settings.trusted_fingerprint:
        # The owner accepted this very certificate: checked by fingerprint after the handshake.
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # nosec B502 (pinned by fingerprint in _check_pinned)
    return context


def _peer_fingerprint(settings: Settings) -> str:
    """The SHA-256 of the certificate the server presents (asked without checking it)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # nosec B502 (only to show the owner what the server presents)
    try:
        if settings.security == "ssl":
            with socket.create_connection((settings.host, settings.port), timeout=settings.timeout) as sock:
                with context.wrap_socket(sock, server_hostname=settings.host) as tls:
                    der = tls.getpeercert(binary_form=True)
        else:
            client = IMAPClient(settings.host, port=settings.port, ssl=False, timeout=settings.timeout)
            try:
                client.starttls(context)
                der = client._imap.sock.getpeercert(binary_form=True)
            finally:
                _close(client)
    except (OSError, IMAPClientError):
        return ""
    return hashlib.sha256(der).hexdigest() if der else ""


def _check_pinned(client: IMAPClient, settings: Settings) -> None:
    if not settings.trusted_fingerprint:
        return
    der = client._imap.sock.getpeercert(binary_form=True)
    if not der or hashlib.sha256(der).hexdigest() != settings.trusted_fingerprint:
        raise MailError(
            "certificate",
            "Le certificat du serveur a changé depuis que vous l'avez accepté : "
            "connexion refusée. Vérifiez-le avec votre hébergeur, puis acceptez "
            "le nouveau s'il est légitime.",
            _peer_fingerprint(settings),
        )


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # nosec B110  (already broken: nothing more to tell)
        try:
            client.shutdown()
        except Exception:  # nosec B110
            pass


def _certificate_error(settings: Settings) -> MailError:
    fingerprint = _peer_fingerprint(settings)
    return MailError(
        "certificate",
        "Le certificat TLS du serveur n'est pas reconnu (certificat auto-signé, expiré ou émis "
        "pour un autre nom) : connexion refusée. Si vous êtes sûr que c'est bien votre serveur, "
        "vous pouvez accepter ce certificat précis.",
        fingerprint,
    )


def open_mailbox(settings: Settings) -> tuple[IMAPClient, int, int]:
    """Connect, log in and select the folder read-only: (client, UIDVALIDITY, number of messages)."""
    unreachable = (
        f"Le serveur {settings.host} (port {settings.port}) est injoignable : vérifiez l'adresse "
        "et le port de votre serveur IMAP."
    )
    try:
        client = IMAPClient(
            settings.host,
            port=settings.port,
            ssl=settings.security == "ssl",
            ssl_context=_context(settings),
            timeout=settings.timeout,
        )
    except ssl.SSLCertVerificationError:
        raise _certificate_error(settings) from None
    except ssl.SSLError:
        raise MailError(
            "tls",
            f"La connexion TLS a été refusée par {settings.host} (port {settings.port}) : "
            "ce port attend peut-être STARTTLS (port 143) plutôt que TLS (port 993).",
        ) from None
    except (socket.gaierror, ConnectionError, TimeoutError, OSError, imaplib.IMAP4.abort):
        raise MailError("unreachable", unreachable) from None
    try:
        if settings.security == "starttls":
            try:
                client.starttls(_context(settings))
            except ssl.SSLCertVerificationError:
                raise _certificate_error(settings) from None
            except (ssl.SSLError, IMAPClientError, imaplib.IMAP4.error):
                raise MailError(
                    "tls",
                    f"Le serveur {settings.host} n'accepte pas STARTTLS sur le port "
                    f"{settings.port} : essayez TLS (port 993).",
                ) from None
        _check_pinned(client, settings)
        try:
            client.login(settings.username, settings.password)
        except (LoginError, IMAPClientError, imaplib.IMAP4.error):
            raise MailError(
                "auth",
                "Identifiant ou mot de passe refusé par le serveur. Avec Gmail, Outlook "
                "ou iCloud, créez un « mot de passe d'application » et saisissez-le "
                "ici.",
            ) from None
        try:
            selected = client.select_folder(settings.folder, readonly=True)
        except (IMAPClientError, imaplib.IMAP4.error):
            names = _folder_names(client)
            hint = f" Dossiers disponibles : {', '.join(names[:15])}." if names else ""
            raise MailError(
                "folder", f"Le dossier « {settings.folder} » n'existe pas sur ce serveur.{hint}"
            ) from None
    except MailError:
        _close(client)
        raise
    except (OSError, imaplib.IMAP4.abort) as exc:
        _close(client)
        raise MailError("lost", f"La connexion au serveur a été coupée ({type(exc).__name__}).") from None
    return client, int(selected[b"UIDVALIDITY"]), int(selected.get(b"EXISTS", 0))


def _folder_names(client: IMAPClient) -> list[str]:
    try:
        return sorted(name for _flags, _delim, name in client.list_folders())
    except Exception:
        return []


def test_connection(settings: Settings) -> int:
    """Open the mailbox and close it: the number of messages in the folder."""
    client, _validity, count = open_mailbox(settings)
    _close(client)
    return count


def new_uids(client: IMAPClient, after_uid: int) -> list[int]:
    """UIDs above the last one seen, in order ("n:*" also returns the last message: filtered)."""
    try:
        uids = client.search(["UID", f"{after_uid + 1}:*"])
    except (OSError, IMAPClientError, imaplib.IMAP4.error, imaplib.IMAP4.abort):
        raise MailError(
            "lost",
            "La connexion au serveur a été coupée pendant la relève : la suite sera "
            "relevée au prochain passage.",
        ) from None
    return sorted(uid for uid in uids if uid > after_uid)


def fetch_batch(client: IMAPClient, uids: list[int], max_bytes: int) -> list[Fetched]:
    """The messages of `uids` (BODY.PEEK: nothing is flagged); those over `max_bytes` come without body."""
    try:
        meta = client.fetch(uids, ["RFC822.SIZE", HEADER_FIELDS.replace(b"BODY[", b"BODY.PEEK[").decode()])
        small = [uid for uid in uids if uid in meta and int(meta[uid].get(b"RFC822.SIZE", 0)) <= max_bytes]
        bodies: dict[int, bytes] = {}
        for group in _by_size(small, meta):
            for uid, data in client.fetch(group, ["BODY.PEEK[]"]).items():
                bodies[uid] = data.get(b"BODY[]") or b""
    except (OSError, IMAPClientError, imaplib.IMAP4.error, imaplib.IMAP4.abort):
        raise MailError(
            "lost",
            "La connexion au serveur a été coupée pendant la relève : rien de ce lot n'a "
            "été enregistré, la suite sera relevée au prochain passage.",
        ) from None
    out = []
    for uid in uids:
        if uid not in meta:
            continue  # deleted on the server meanwhile
        size = int(meta[uid].get(b"RFC822.SIZE", 0))
        out.append(Fetched(uid, size, meta[uid].get(HEADER_FIELDS) or b"", bodies.get(uid)))
    return out


def _by_size(uids: list[int], meta: dict) -> Iterator[list[int]]:
    group, total = [], 0
    for uid in uids:
        size = int(meta[uid].get(b"RFC822.SIZE", 0))
        if group and total + size > FETCH_BYTES:
            yield group
            group, total = [], 0
        group.append(uid)
        total += size
    if group:
        yield group
