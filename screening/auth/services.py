import hashlib
import secrets
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import case, delete, func, select
from werkzeug.security import check_password_hash

from screening.auth.models import LoginFailure, User, UserSession
from screening.extensions import db
from screening.inputs import clean_text
from screening.timeutil import is_zone, utcnow

MIN_PASSWORD = 10
MAX_PASSWORD = 200
PASSWORD_RULE = (f"Au moins {MIN_PASSWORD} caractères, pas un seul caractère répété, "
                 "pas un mot de passe courant (comme « azertyuiop » ou « motdepasse1 »).")
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")

# Failed logins allowed per account, and per address, in the window before a pause.
LOGIN_LIMIT = 10
LOGIN_WINDOW = timedelta(minutes=15)
# A session older than this asks for the password again (its row is removed at the next login).
SESSION_LIFETIME = timedelta(days=30)


class AccountError(ValueError):
    """A user-facing problem with account data (message in French)."""


class TooManyAttempts(Exception):
    """The login limit is reached for this account or this address."""


# --- Passwords ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (lower case)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str) -> str | None:
    """Why this password is refused (in French), or None when it is acceptable."""
    password = password or ""
    if len(password) < MIN_PASSWORD:
        return f"Le mot de passe doit faire au moins {MIN_PASSWORD} caractères."
    if len(password) > MAX_PASSWORD:
        return f"Le mot de passe doit faire au plus {MAX_PASSWORD} caractères."
    if len(set(password)) == 1:
        return "Le mot de passe ne peut pas être un seul caractère répété."
    if not password.strip():
        return "Le mot de passe ne peut pas être fait que d'espaces."
    if password.strip().lower() in common_passwords():
        return "Ce mot de passe fait partie des plus courants : choisissez-en un autre."
    return None


# The hash of a random value nobody knows, made with werkzeug's default method and cost (the ones
# set_password uses): checking a password of an unknown e-mail against it takes as long as a real check.
# A constant, so that no worker pays for making it on its first login.
DUMMY_HASH = ("scrypt:32768:8:1$VYObV4qShdSZ8Zea$7da76b21fe7ddf96418385fb01b9798e90aa06859b4fc9fb773f8a43e31f"
              "314774bc86df62dcdf8a0827e5d8222e0492ffede7f8072c683130e911d1eec56047")


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against a hash; without a hash, check against a dummy one (same cost)."""
    if password_hash is None:
        check_password_hash(DUMMY_HASH, password or "")
        return False
    return check_password_hash(password_hash, password or "")


# --- Accounts -------------------------------------------------------------------------------------

def has_any_user() -> bool:
    """True once the first account exists."""
    return db.session.scalar(select(func.count(User.id))) > 0


def find_user_by_email(email: str) -> User | None:
    """The account with this e-mail, case-insensitively."""
    email = normalise_email(email)
    if not email or len(email) > 254:
        return None
    return db.session.scalar(select(User).where(User.email == email))


def normalise_email(email: str) -> str:
    return clean_text(email or "").strip().lower()


def create_user(email: str, password: str, display_name: str = "") -> User:
    """Create an account with a hashed password."""
    email = normalise_email(email)
    if not email or "@" not in email or len(email) > 254:
        raise AccountError("Adresse e-mail invalide.")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    if find_user_by_email(email):
        raise AccountError("Un compte existe déjà avec cette adresse e-mail.")
    user = User(email=email, display_name=clean_text(display_name or "").strip()[:120])
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The account if the e-mail and password match, else None (unknown e-mails cost one hash too)."""
    user = find_user_by_email(email)
    if verify_password(user.password_hash if user else None, password) and user is not None:
        return user
    return None


def change_password(user: User, current: str, new: str, keep_session: str | None) -> None:
    """Set a new password after checking the current one; every other session of the account ends."""
    if not verify_password(user.password_hash, current):
        raise AccountError("Le mot de passe actuel est incorrect.")
    problem = password_problem(new)
    if problem:
        raise AccountError(problem)
    if new == current:
        raise AccountError("Le nouveau mot de passe doit être différent de l'actuel.")
    user.set_password(new)
    _delete_sessions(user.id, keep=keep_session)
    db.session.commit()


# --- Sessions -------------------------------------------------------------------------------------

def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def open_session(user_id: int, user_agent: str = "") -> str:
    """Record a new logged-in session; returns the random value to keep in the signed cookie."""
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(UserSession).where(UserSession.user_id == user_id,
                                                 UserSession.created_at < utcnow() - SESSION_LIFETIME))
    db.session.add(UserSession(user_id=user_id, token_hash=_hash(token),
                               user_agent=clean_text(user_agent or "")[:200]))
    db.session.commit()
    return token


def session_user(user_id: int, token: str | None) -> User | None:
    """The account of a session that is still open (one query), else None."""
    if not token:
        return None
    return db.session.scalar(select(User).join(UserSession, UserSession.user_id == User.id)
                             .where(User.id == user_id, UserSession.token_hash == _hash(token),
                                    UserSession.created_at >= utcnow() - SESSION_LIFETIME))


def close_session(token: str | None) -> None:
    """End one session (logout): the cookie, even copied elsewhere, opens nothing any more."""
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _hash(token)))
        db.session.commit()


def close_other_sessions(user_id: int, keep: str | None) -> int:
    """End every session of the account but `keep` (None: all of them); returns how many ended."""
    count = _delete_sessions(user_id, keep)
    db.session.commit()
    return count


def count_other_sessions(user_id: int, keep: str | None) -> int:
    query = select(func.count(UserSession.id)).where(UserSession.user_id == user_id)
    if keep:
        query = query.where(UserSession.token_hash != _hash(keep))
    return db.session.scalar(query) or 0


def _delete_sessions(user_id: int, keep: str | None) -> int:
    statement = delete(UserSession).where(UserSession.user_id == user_id)
    if keep:
        statement = statement.where(UserSession.token_hash != _hash(keep))
    return db.session.execute(statement).rowcount or 0


# --- Login limit ----------------------------------------------------------------------------------

def begin_login_attempt(email: str, address: str) -> int:
    """Count this attempt before the password is checked, so that every worker sees it at once.

    Refused (TooManyAttempts) when the account has had LOGIN_LIMIT failures in the window, from
    anywhere; or when the address has had LOGIN_LIMIT failures, on any accounts, and this account is
    one of them. An account that the address has not failed on is still open to it: the right
    password of a colleague behind the same proxy or office address is never refused.
    """
    now = utcnow()
    email, address = normalise_email(email)[:254], (address or "?")[:64]
    db.session.execute(delete(LoginFailure).where(LoginFailure.failed_at < now - LOGIN_WINDOW))
    attempt = LoginFailure(email=email, address=address, failed_at=now)
    db.session.add(attempt)
    db.session.commit()
    attempt_id = attempt.id
    same_email = LoginFailure.email == email
    same_address = LoginFailure.address == address
    by_account, by_address, pair_before = db.session.execute(
        select(func.coalesce(func.sum(case((same_email, 1), else_=0)), 0),
               func.coalesce(func.sum(case((same_address, 1), else_=0)), 0),
               func.coalesce(func.sum(case((same_email & same_address & (LoginFailure.id != attempt_id), 1),
                                           else_=0)), 0))
        .where(LoginFailure.failed_at >= now - LOGIN_WINDOW, same_email | same_address)).one()
    if by_account > LOGIN_LIMIT or (by_address > LOGIN_LIMIT and pair_before > 0):
        forget_login_attempt(attempt_id)
        raise TooManyAttempts()
    return attempt_id


def forget_login_attempt(attempt_id: int) -> None:
    """A successful (or refused) attempt does not count as a failure."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.id == attempt_id))
    db.session.commit()


def set_timezone(user: User, name: str) -> None:
    """Store the owner's time zone (an IANA name this machine knows)."""
    if not is_zone(name):
        raise AccountError("Fuseau horaire inconnu.")
    user.timezone = name
    db.session.commit()
