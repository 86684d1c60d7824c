"""The mailbox password, encrypted with a key kept in the instance folder (as the secret key is)."""

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

KEY_FILE = "mail_key"


def _key() -> bytes:
    path = Path(current_app.instance_path) / KEY_FILE
    if path.exists():
        key = path.read_bytes().strip()
        if key:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    try:  # owner-only permissions; O_EXCL so that two workers never write different keys
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


def encrypt_password(password: str) -> str:
    """Encrypt a mailbox password for storage."""
    return Fernet(_key()).encrypt(password.encode("utf-8")).decode("ascii")


def decrypt_password(token: str) -> str | None:
    """The stored password in clear, or None when the key changed (the owner must type it again)."""
    try:
        return Fernet(_key()).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        return None
