"""Configuration read from the environment, with embedded defaults."""
import os
import secrets
from pathlib import Path


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load_or_create_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, generating it once when missing (never hard-coded)."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Create with owner-only permissions; O_EXCL avoids two workers racing to write different keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


class Config:
    """Defaults; every value can be overridden by an environment variable."""

    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SQLALCHEMY_DATABASE_URI = normalise_database_url(os.environ.get("DATABASE_URL", "")) or None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 25 * 1024 * 1024))
    WTF_CSRF_TIME_LIMIT = None
    WTF_I18N_ENABLED = False  # use WTForms' own French messages (Meta.locales), no Babel needed
    SESSION_COOKIE_HTTPONLY = True
    # Secure is also set automatically on any request that came over HTTPS (see security.py).
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "").lower() in ("1", "true", "yes")
    # Applicants of missions closed longer ago than this are removed by `screening purge`.
    DISPLAY_TIMEZONE = os.environ.get("DISPLAY_TIMEZONE", "Europe/Paris")
    # Imports of more replies than this are scored and saved by a queue job (progress page); smaller ones
    # in the request (well under a second). The API answers 202 above API_SYNC_MAX_REPLIES.
    IMPORT_SYNC_MAX_REPLIES = int(os.environ.get("IMPORT_SYNC_MAX_REPLIES", 20))
    API_SYNC_MAX_REPLIES = int(os.environ.get("API_SYNC_MAX_REPLIES", 200))
    # A running job whose worker gave no sign of life for this long was killed: retried once, then failed.
    JOB_STALE_SECONDS = int(os.environ.get("JOB_STALE_SECONDS", 120))
    RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", 365))
    # Reverse proxies in front of the app (nginx: 1): the client address is then read from X-Forwarded-For.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT") or 0)
    # A delegated task with no change for this many days (before its deadline) is flagged as stalled.
    PORTFOLIO_STALL_DAYS = int(os.environ.get("PORTFOLIO_STALL_DAYS", 3))
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
