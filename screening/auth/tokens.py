"""An account's API tokens: creation, revocation, listing (only the SHA-256 is stored)."""
import hashlib
import secrets

from sqlalchemy import select

from screening.auth.models import ApiToken
from screening.extensions import db
from screening.timeutil import utcnow

# bandit B105: a public marker that makes tokens recognisable, not a secret
TOKEN_PREFIX = "scr_"  # nosec B105


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(owner_id: int, name: str = "") -> tuple[ApiToken, str]:
    """Make a token; the clear value is returned once and never stored."""
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(owner_id=owner_id, name=(name or "").strip()[:100], prefix=clear[:10],
                     token_hash=hash_token(clear))
    db.session.add(token)
    db.session.commit()
    return token, clear


def revoke_token(owner_id: int, token_id: int) -> bool:
    token = db.session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.owner_id == owner_id))
    if token is None:
        return False
    token.revoked_at = utcnow()
    db.session.commit()
    return True


def list_tokens(owner_id: int) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.owner_id == owner_id)
                                   .order_by(ApiToken.created_at.desc())))
