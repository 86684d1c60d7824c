from sqlalchemy import func, select

from screening.auth.models import User
from screening.extensions import db
from screening.timeutil import is_zone

MIN_PASSWORD = 10


class AccountError(ValueError):
    """A user-facing problem with account data (message in French)."""


def has_any_user() -> bool:
    """True once the first account exists."""
    return db.session.scalar(select(func.count(User.id))) > 0


def find_user_by_email(email: str) -> User | None:
    """The account with this e-mail, case-insensitively."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def create_user(email: str, password: str, display_name: str = "") -> User:
    """Create an account with a hashed password."""
    email = normalise_email(email)
    if not email or "@" not in email or len(email) > 254:
        raise AccountError("Adresse e-mail invalide.")
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"Le mot de passe doit faire au moins {MIN_PASSWORD} caractères.")
    if find_user_by_email(email):
        raise AccountError("Un compte existe déjà avec cette adresse e-mail.")
    user = User(email=email, display_name=(display_name or "").strip()[:120])
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The account if the e-mail and password match, else None."""
    user = find_user_by_email(email)
    if user and user.check_password(password or ""):
        return user
    return None


def set_timezone(user: User, name: str) -> None:
    """Store the owner's time zone (an IANA name this machine knows)."""
    if not is_zone(name):
        raise AccountError("Fuseau horaire inconnu.")
    user.timezone = name
    db.session.commit()
