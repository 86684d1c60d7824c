"""Uploaded CSV files kept between the preview and the column mapping, inside the instance folder only."""
import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app

TOKEN_RE = re.compile(r"[0-9a-f]{32}")
MAX_AGE_S = 24 * 3600


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(owner_id: int, token: str) -> Path | None:
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    return _folder() / f"{int(owner_id)}-{token}.csv"


def store_upload(owner_id: int, data: bytes) -> str:
    """Keep an upload for the mapping step; returns its token. Old uploads are removed."""
    folder = _folder()
    now = time.time()
    for old in folder.glob("*.csv"):
        try:
            if now - old.stat().st_mtime > MAX_AGE_S:
                old.unlink()
        except OSError:
            pass
    token = secrets.token_hex(16)
    path = _path(owner_id, token)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return token


def load_upload(owner_id: int, token: str) -> bytes | None:
    """The stored upload of this owner, or None (unknown, expired or another account's)."""
    path = _path(owner_id, token)
    if path is None or not path.exists():
        return None
    return path.read_bytes()


def delete_upload(owner_id: int, token: str) -> None:
    path = _path(owner_id, token)
    if path is not None:
        path.unlink(missing_ok=True)
