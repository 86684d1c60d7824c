"""Migrations: one head, and `upgrade` from an empty database gives exactly the models' schema."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from screening import ROOT
from screening.extensions import db
from tests.conftest import reset_database


def test_single_head(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(str(ROOT / "migrations"))
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_from_empty_matches_models_and_downgrades(app):
    with app.app_context():
        reset_database()
        assert inspect(db.engine).get_table_names() == []
        upgrade(directory=str(ROOT / "migrations"))
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], diff
        downgrade(directory=str(ROOT / "migrations"), revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
