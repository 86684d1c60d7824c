"""screening: hire a freelancer without being fooled by canned replies."""
import os
from pathlib import Path

from flask import Flask

from screening import security
from screening.config import Config, load_or_create_secret_key
from screening.extensions import csrf, db, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None):
    """Build the Flask application."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=os.environ.get("SCREENING_INSTANCE_PATH") or str(ROOT / "instance"),
                instance_relative_config=True)
    app.request_class = security.CleanRequest  # the input boundary for query strings and forms
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret_key(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "screening.db")

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)

    from screening import (
        api,
        auth,
        candidates,
        corrections,
        jobs,
        mailbox,
        main,
        missions,
        portfolio,
        privacy,
        replies,
        templating,
        trials,
    )
    from screening.auth import models as _auth_models  # noqa: F401  (tables known to Alembic)
    from screening.corrections import models as _correction_models  # noqa: F401
    from screening.jobs import models as _job_models  # noqa: F401
    from screening.mailbox import models as _mailbox_models  # noqa: F401
    from screening.missions import models as _mission_models  # noqa: F401
    from screening.portfolio import models as _portfolio_models  # noqa: F401
    from screening.replies import models as _reply_models  # noqa: F401
    from screening.trials import models as _trial_models  # noqa: F401

    for blueprint in (auth.bp, main.bp, missions.bp, replies.bp, candidates.bp, corrections.bp, privacy.bp,
                      trials.bp, jobs.bp, portfolio.bp, api.bp, mailbox.bp):
        app.register_blueprint(blueprint)
    main.register_error_handlers(app)
    # langdetect's profiles load once, before threads or workers score concurrently.
    from screening.scoring import warm_up
    warm_up()
    templating.register(app)
    return app
