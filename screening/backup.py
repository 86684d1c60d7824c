"""A consistent copy of the database while the app runs."""
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from flask import current_app

from screening.extensions import db


def backup_database(destination: str | None = None) -> Path:
    """SQLite: online backup API (consistent even during writes). PostgreSQL: refuse with pg_dump advice."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise NotImplementedError(
            "Base PostgreSQL : utilisez pg_dump, par exemple\n"
            f"  pg_dump --format=custom --file=screening.dump '{url.render_as_string(hide_password=True)}'\n"
            "et pour restaurer : pg_restore --clean --dbname=<url> screening.dump")
    source_path = url.database
    if not source_path or source_path == ":memory:":
        raise NotImplementedError("La base SQLite est en mémoire : il n'y a rien à sauvegarder.")
    if destination:
        target = Path(destination)
    else:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
        target = Path(current_app.instance_path) / "backups" / f"screening-{stamp}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path)
    try:
        dest = sqlite3.connect(str(target))
        try:
            with dest:
                source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target
