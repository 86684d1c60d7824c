"""Mailbox use cases: settings, connection test, fetching new messages, sorting the "À trier" list."""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from flask import abort, current_app
from sqlalchemy import func, select
from sqlalchemy.orm import defer, selectinload

from screening.extensions import db
from screening.mailbox import imap
from screening.mailbox.crypto import decrypt_password, encrypt_password
from screening.mailbox.models import MailAccount, MailMessage
from screening.mailbox.routing import MissionRef, Route, message_ids, route_message
from screening.missions.models import Mission
from screening.replies import importer
from screening.replies.scoring_service import index_cache, score_replies
from screening.replies.services import SaveReport, all_or_nothing, stage_replies
from screening.timeutil import utcnow

MAX_MESSAGE_BYTES = importer.MAX_UPLOAD_BYTES  # as an uploaded .eml: bigger ones are skipped with a note
BATCH_SIZE = 50
MAX_FAILURES = 3  # consecutive failed fetches before the periodic job stops trying


class MailboxError(Exception):
    """A French message for the owner (settings refused, mailbox unreadable)."""

    def __init__(self, message: str, fingerprint: str = ""):
        super().__init__(message)
        self.message = message
        self.fingerprint = fingerprint


@dataclass
class FetchReport:
    imported: int = 0
    pending: int = 0
    threads: int = 0
    duplicates: int = 0
    skipped: int = 0
    errors: int = 0
    seen_before: int = 0
    error: str = ""
    messages: list[MailMessage] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.imported + self.pending + self.threads + self.duplicates + self.skipped + self.errors

    @property
    def message(self) -> str:
        parts = [
            f"{self.total} nouveau{'x' if self.total > 1 else ''} message{'s' if self.total > 1 else ''}"
        ]
        for count, label in (
            (self.imported, "importé"),
            (self.pending, "à trier"),
            (self.threads, "rattaché"),
            (self.duplicates, "déjà présent"),
            (self.skipped, "ignoré"),
            (self.errors, "illisible"),
        ):
            if count and label == "à trier":
                parts.append(f"{count} à trier")
            elif count:
                parts.append(f"{count} {label}{'s' if count > 1 else ''}")
        text = ", ".join(parts) + "."
        return f"{text} {self.error}" if self.error else text


# -- settings ---------------------------------------------------------------------------------------


def get_account(owner_id: int) -> MailAccount | None:
    """The owner's mailbox settings, if any."""
    return db.session.scalar(select(MailAccount).where(MailAccount.owner_id == owner_id))


def settings_for(account: MailAccount, password: str | None = None) -> imap.Settings:
    """Connection settings of an account (the stored password unless one is given)."""
    if password is None:
        password = decrypt_password(account.password_encrypted)
        if password is None:
            raise MailboxError(
                "Le mot de passe enregistré ne peut plus être lu (la clé du dossier d'instance "
                "a changé) : saisissez-le de nouveau."
            )
    return imap.Settings(
        host=account.host,
        port=account.port,
        security=account.security,
        username=account.username,
        password=password,
        folder=account.folder or "INBOX",
        trusted_fingerprint=account.trusted_fingerprint,
        timeout=current_app.config.get("MAIL_TIMEOUT", 30),
    )


def save_account(owner_id: int, data: dict) -> MailAccount:
    """Create or update the owner's mailbox; an empty password keeps the stored one."""
    account = get_account(owner_id)
    if account is None:
        if not data.get("password"):
            raise MailboxError("Saisissez le mot de passe de la boîte mail (un mot de passe d'application).")
        account = MailAccount(owner_id=owner_id, password_encrypted=encrypt_password(data["password"]))
        db.session.add(account)
    # Another mailbox or folder: read it from the start (fingerprints keep what was fetched once).
    where = ("host", "username", "folder")
    moved = tuple(getattr(account, k) for k in where) != tuple(data[k] for k in where)
    for name in ("host", "port", "security", "username", "folder", "interval_minutes"):
        setattr(account, name, data[name])
    if data.get("password"):
        account.password_encrypted = encrypt_password(data["password"])
    if moved:
        account.uidvalidity, account.last_uid = None, 0
    # The certificate the owner accepted (unticking the box withdraws it).
    account.trusted_fingerprint = data.get("trust_fingerprint") or ""
    account.enabled = data.get("enabled", True)
    account.failures, account.last_error = 0, ""
    db.session.commit()
    return account


def delete_account(owner_id: int) -> None:
    """Forget the mailbox settings (fetched messages stay)."""
    account = get_account(owner_id)
    if account is not None:
        db.session.delete(account)
        db.session.commit()


def check_connection(settings: imap.Settings) -> str:
    """Try the settings; the French outcome, or MailboxError saying what went wrong."""
    try:
        count = imap.test_connection(settings)
    except imap.MailError as exc:
        raise MailboxError(exc.message, exc.fingerprint) from None
    return (
        f"Connexion réussie : le dossier « {settings.folder} » contient {count} "
        f"message{'s' if count > 1 else ''}."
    )


# -- fetching ---------------------------------------------------------------------------------------


def _headers(raw: bytes) -> email.message.Message:
    return email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw or b"")


def _header(msg, name: str, limit: int) -> str:
    return " ".join(importer._decode_words(str(msg.get(name, "") or "")).split())[:limit]


def fingerprint(message_id: str, raw: bytes) -> str:
    """The key under which a message is known once per account: its Message-ID, else its bytes."""
    message_id = message_id.strip()
    return hashlib.sha256(b"id:" + message_id.encode("utf-8", "replace") if message_id else raw).hexdigest()


def _mission_refs(owner_id: int) -> list[MissionRef]:
    rows = db.session.execute(
        select(Mission.id, Mission.title, Mission.status).where(
            Mission.owner_id == owner_id, Mission.status != "archived"
        )
    )
    return [MissionRef(mission_id, title, status == "open") for mission_id, title, status in rows]


def _threads(owner_id: int, ids: set[str]) -> dict[str, tuple[int, int | None]]:
    found: dict[str, tuple[int, int | None]] = {}
    ids_list = sorted(i for i in ids if i)
    for start in range(0, len(ids_list), 500):
        for msgid, mission_id, reply_id in db.session.execute(
            select(MailMessage.message_id, MailMessage.mission_id, MailMessage.reply_id).where(
                MailMessage.owner_id == owner_id,
                MailMessage.message_id.in_(ids_list[start : start + 500]),
                MailMessage.mission_id.is_not(None),
                MailMessage.reply_id.is_not(None),
            )
        ):
            found[msgid] = (mission_id, reply_id)
    return found


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " Mo"


@dataclass
class _Incoming:
    """A fetched message on its way to a MailMessage row."""

    row: MailMessage
    parsed: importer.ParsedReply | None = None
    route: Route | None = None


def _read(
    owner_id: int, fetched: imap.Fetched, account: MailAccount | None, uidvalidity: int | None, max_bytes: int
) -> _Incoming:
    """Parse one message as an uploaded .eml is parsed; never raises."""
    head = _headers(fetched.raw[:200_000] if fetched.raw is not None else fetched.headers)
    message_id = _header(head, "message-id", 500)
    row = MailMessage(
        owner_id=owner_id,
        account_id=account.id if account else None,
        uidvalidity=uidvalidity,
        uid=fetched.uid,
        message_id=message_id,
        subject=_header(head, "subject", 500),
        sender=_header(head, "from", 320),
        size=fetched.size,
        fingerprint=fingerprint(message_id, fetched.raw or fetched.headers),
    )
    incoming = _Incoming(row)
    if fetched.raw is None or len(fetched.raw) > max_bytes:
        row.status = "skipped"
        row.note = (
            f"Message de {_mb(fetched.size)} ignoré : au-delà de {_mb(max_bytes)}, il n'est pas "
            "relevé. Ouvrez-le dans votre messagerie et collez le texte de la réponse."
        )
        return incoming
    row.raw = fetched.raw
    try:
        result = importer.parse_eml(fetched.raw)
    except importer.ImportRejected as exc:
        row.status, row.note = "error", exc.message
        return incoming
    except Exception:  # a parser bug must not stop the fetch; the raw message is kept
        current_app.logger.exception("mail message %s could not be parsed", fetched.uid)
        row.status, row.note = "error", "Ce message n'a pas pu être lu."
        return incoming
    if result.problems or not result.replies:
        row.status = "error"
        row.note = " ".join(p.message for p in result.problems) or importer.MSG_NO_REPLY
        return incoming
    incoming.parsed = result.replies[0]
    row.received_at = incoming.parsed.received_at
    row.excerpt = " ".join(incoming.parsed.text[:1000].split())[:400]
    return incoming


def _save(owner_id: int, incoming: list[_Incoming], report: FetchReport) -> None:
    """Route and stage a batch of messages (no commit): replies go through the same save as an upload."""
    parsed = [i for i in incoming if i.parsed is not None]
    referenced = set()
    for item in parsed:
        referenced.update(message_ids(item.parsed.in_reply_to, item.parsed.references))
    threads = _threads(owner_id, referenced)
    missions = _mission_refs(owner_id)
    by_mission: dict[int, list[_Incoming]] = {}
    in_batch: dict[str, _Incoming] = {}  # Message-ID -> earlier message of this batch sent to a mission
    followers: list[tuple[_Incoming, _Incoming]] = []
    for item in incoming:
        row = item.row
        if item.parsed is None:
            if row.status == "skipped":
                report.skipped += 1
            else:
                report.errors += 1
            continue
        parent = next(
            (
                in_batch[i]
                for i in reversed(message_ids(item.parsed.in_reply_to, item.parsed.references))
                if i in in_batch and i not in threads
            ),
            None,
        )
        if parent is not None:  # follows up a message fetched in this very batch
            row.status, row.route, row.mission_id = "thread", "thread", parent.route.mission_id
            followers.append((item, parent))
            report.threads += 1
            continue
        item.route = route_message(
            item.parsed.subject,
            missions,
            in_reply_to=item.parsed.in_reply_to,
            references=item.parsed.references,
            threads=threads,
        )
        row.route = item.route.reason
        if row.message_id and item.route.mission_id is not None and item.route.reason != "thread":
            in_batch[row.message_id] = item
        if item.route.mission_id is None:
            row.status = "pending"
            report.pending += 1
        elif item.route.reason == "thread":
            row.status, row.mission_id, row.reply_id = "thread", item.route.mission_id, item.route.reply_id
            report.threads += 1
        else:
            by_mission.setdefault(item.route.mission_id, []).append(item)
        # A follow-up answer is itself a message others may answer: it carries the thread on.
        if row.message_id and row.status == "thread":
            threads[row.message_id] = (row.mission_id, row.reply_id)
    added = SaveReport()
    for mission_id, items in by_mission.items():
        mission = db.session.get(Mission, mission_id)
        staged = stage_replies(owner_id, mission, [i.parsed for i in items], "email", added)
        for item, reply in zip(items, staged, strict=True):
            item.row.mission_id = mission_id
            if reply is None:
                item.row.status = "duplicate"
                item.row.note = "La même réponse de la même adresse est déjà dans cette mission."
                report.duplicates += 1
            else:
                item.row.status, item.row.reply = "imported", reply
                item.row.raw = None  # the reply keeps the text; the message itself stays on the server
                report.imported += 1
    for item, parent in followers:
        item.row.reply = parent.row.reply
    for item in incoming:
        db.session.add(item.row)
        report.messages.append(item.row)
    db.session.flush()
    score_replies(added.added)


def _known(owner_id: int, prints: list[str]) -> set[str]:
    return set(
        db.session.scalars(
            select(MailMessage.fingerprint).where(
                MailMessage.owner_id == owner_id, MailMessage.fingerprint.in_(prints)
            )
        )
    )


def _fail(account: MailAccount, message: str) -> None:
    db.session.rollback()
    account = db.session.get(MailAccount, account.id)
    account.failures += 1
    account.last_error = message
    if account.failures >= MAX_FAILURES:
        account.last_error = (
            f"{message} La relève automatique est suspendue après {account.failures} échecs "
            "de suite : corrigez les réglages de la boîte mail, ou cliquez sur « Relever "
            "maintenant »."
        )
    account.progress_total = account.progress_done = 0
    db.session.commit()


def fetch_mailbox(
    account_id: int, *, batch_size: int = BATCH_SIZE, max_bytes: int = MAX_MESSAGE_BYTES, on_batch=None
) -> FetchReport:
    """Read the new messages of a mailbox (UID above the last one seen) and save them batch by batch.

    Each batch is one transaction (replies, fetched messages and the last UID together): an interrupted
    fetch leaves whole batches and the next run starts after the last one saved. A new UIDVALIDITY (a
    rebuilt mailbox) reads the folder once more; messages seen before are recognised and skipped."""
    report = FetchReport()
    account = db.session.get(MailAccount, account_id)
    if account is None:
        return report
    owner_id = account.owner_id
    account.last_fetch_at = utcnow()
    db.session.commit()
    try:
        client, uidvalidity, _count = imap.open_mailbox(settings_for(account))
    except (imap.MailError, MailboxError) as exc:
        report.error = exc.message
        _fail(account, exc.message)
        return report
    try:
        if account.uidvalidity != uidvalidity:
            account.uidvalidity, account.last_uid = uidvalidity, 0
        uids = imap.new_uids(client, account.last_uid)
        account.progress_total, account.progress_done = len(uids), 0
        db.session.commit()
        for start in range(0, len(uids), batch_size):
            chunk = uids[start : start + batch_size]
            fetched = imap.fetch_batch(client, chunk, max_bytes)
            try:
                incoming = [_read(owner_id, f, account, uidvalidity, max_bytes) for f in fetched]
                known = _known(owner_id, [i.row.fingerprint for i in incoming])
                fresh, seen = [], set()
                for item in incoming:
                    if item.row.fingerprint in known or item.row.fingerprint in seen:
                        report.seen_before += 1
                        continue
                    seen.add(item.row.fingerprint)
                    fresh.append(item)
                _save(owner_id, fresh, report)
                account.last_uid = max(chunk)
                account.progress_done += len(chunk)
                db.session.commit()
            except Exception:
                db.session.rollback()
                index_cache.forget(owner_id)
                raise
            if on_batch:
                on_batch(account.progress_done, account.progress_total)
    except imap.MailError as exc:
        report.error = exc.message
        _fail(account, exc.message)
        return report
    finally:
        imap._close(client)
    account.last_success_at = utcnow()
    account.last_fetch_count = report.total
    account.failures, account.last_error = 0, ""
    account.progress_total = account.progress_done = 0
    db.session.commit()
    return report


def due_accounts(now=None) -> list[int]:
    """Accounts whose next periodic fetch is due (and not suspended after repeated failures)."""
    now = now or utcnow()
    due = []
    for account in db.session.scalars(
        select(MailAccount).where(MailAccount.enabled.is_(True), MailAccount.failures < MAX_FAILURES)
    ):
        last = account.last_fetch_at
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=now.tzinfo)
        if last is None or now - last >= timedelta(minutes=max(1, account.interval_minutes or 5)):
            due.append(account.id)
    return due


# -- the "À trier" list -----------------------------------------------------------------------------


def pending_count(owner_id: int) -> int:
    """How many fetched messages wait to be assigned to a mission."""
    return (
        db.session.scalar(
            select(func.count(MailMessage.id)).where(
                MailMessage.owner_id == owner_id, MailMessage.status == "pending"
            )
        )
        or 0
    )


def list_messages(owner_id: int, status: str | None = None, limit: int = 200) -> list[MailMessage]:
    """The owner's fetched messages, newest first."""
    # The raw message (up to 20 MB) is never loaded for a list.
    query = (select(MailMessage).where(MailMessage.owner_id == owner_id)
             .options(defer(MailMessage.raw), selectinload(MailMessage.mission)))
    if status:
        query = query.where(MailMessage.status == status)
    return list(db.session.scalars(query.order_by(MailMessage.id.desc()).limit(limit)))


def get_message(owner_id: int, message_id: int) -> MailMessage:
    """The owner's fetched message, or 404."""
    row = db.session.scalar(
        select(MailMessage).where(MailMessage.id == message_id, MailMessage.owner_id == owner_id)
    )
    if row is None:
        abort(404)
    return row


def assign_message(owner_id: int, message_id: int, mission_id: int) -> SaveReport:
    """Import a message waiting in "À trier" into the mission chosen by the owner (all or nothing)."""
    from screening.missions.services import get_mission

    row = get_message(owner_id, message_id)
    mission = get_mission(owner_id, mission_id)
    if row.status not in ("pending", "dismissed") or row.raw is None:
        raise MailboxError("Ce message a déjà été traité.")
    try:
        result = importer.parse_eml(row.raw)
    except importer.ImportRejected as exc:
        raise MailboxError(exc.message) from None
    if not result.ok or not result.replies:
        raise MailboxError(" ".join(p.message for p in result.problems) or importer.MSG_NO_REPLY)
    report = SaveReport()
    with all_or_nothing(owner_id):
        staged = stage_replies(owner_id, mission, result.replies, "email", report)
        row.mission_id = mission.id
        row.route = "owner"
        if staged[0] is None:
            row.status, row.note = (
                "duplicate",
                "La même réponse de la même adresse est déjà dans cette mission.",
            )
        else:
            row.status, row.reply, row.raw = "imported", staged[0], None
        db.session.flush()
        score_replies(report.added)
    return report


def dismiss_message(owner_id: int, message_id: int) -> None:
    """Leave a message out (it stays listed as dismissed, and can still be assigned)."""
    row = get_message(owner_id, message_id)
    if row.status != "pending":
        raise MailboxError("Ce message a déjà été traité.")
    row.status = "dismissed"
    db.session.commit()


def thread_messages(owner_id: int, reply_id: int) -> list[tuple[MailMessage, str]]:
    """Follow-up answers that joined a reply's thread, oldest first, with their text (quotes trimmed)."""
    out = []
    for row in db.session.scalars(
        select(MailMessage)
        .where(
            MailMessage.owner_id == owner_id, MailMessage.reply_id == reply_id, MailMessage.status == "thread"
        )
        .order_by(MailMessage.id)
        .limit(50)
    ):
        text = row.excerpt
        if row.raw:
            try:
                result = importer.parse_eml(row.raw)
                text = result.replies[0].text if result.replies else text
            except importer.ImportRejected:
                pass
        out.append((row, text))
    return out


def resume(account: MailAccount) -> None:
    """The owner asked for a fetch: the periodic job may try again after repeated failures."""
    account.failures = 0
    db.session.commit()


def dashboard_status(owner_id: int) -> dict | None:
    """What the dashboard says of the mailbox: messages to sort, and a fetch that stopped working."""
    account = get_account(owner_id)
    count = pending_count(owner_id)
    if account is None and not count:
        return None
    return {
        "pending": count,
        "suspended": bool(account and account.failures >= MAX_FAILURES),
        "error": account.last_error if account else "",
        "account": account,
    }


# -- a mailbox file holding replies to several missions (upload) -----------------------------------


def route_replies(owner_id: int, replies) -> list[Route]:
    """The mission each uploaded e-mail answers (same routing as the mailbox fetch)."""
    missions = _mission_refs(owner_id)
    referenced = set()
    for parsed in replies:
        referenced.update(message_ids(parsed.in_reply_to, parsed.references))
    threads = _threads(owner_id, referenced)
    return [
        route_message(
            p.subject, missions, in_reply_to=p.in_reply_to, references=p.references, threads=threads
        )
        for p in replies
    ]


def needs_sorting(owner_id: int, mission_id: int, replies) -> bool:
    """True when an uploaded batch of e-mails does not plainly belong to the mission it was sent from:
    some answer another mission, or name none while the owner has several missions."""
    routes = route_replies(owner_id, replies)
    if any(r.mission_id not in (None, mission_id) for r in routes):
        return True
    return any(r.mission_id is None for r in routes) and len(_mission_refs(owner_id)) > 1


def save_sorted(owner_id: int, choices: list[tuple[int | None, importer.ParsedReply]]) -> SaveReport:
    """Save uploaded e-mails into the missions chosen for them, in one transaction (all or nothing)."""
    from screening.missions.services import get_mission

    groups: dict[int, list[importer.ParsedReply]] = {}
    for mission_id, parsed in choices:
        if mission_id:
            groups.setdefault(mission_id, []).append(parsed)
    missions = {mission_id: get_mission(owner_id, mission_id) for mission_id in groups}  # 404 if not theirs
    report = SaveReport()
    with all_or_nothing(owner_id):
        for mission_id, replies in groups.items():
            stage_replies(owner_id, missions[mission_id], replies, "email", report)
        db.session.flush()
        score_replies(report.added)
    return report
