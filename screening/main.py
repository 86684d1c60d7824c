"""The dashboard and error pages."""
from flask import Blueprint, current_app, g, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from screening.extensions import db
from screening.forms import ConfirmForm
from screening.mailbox.services import dashboard_status as mailbox_status
from screening.missions import services as mission_services
from screening.portfolio.services import merge_due
from screening.replies.services import reply_counts
from screening.trials.services import due_items

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    # "Vos missions ouvertes": a filled (or archived) mission is no longer open.
    missions = mission_services.list_missions(current_user.id, sort="priority", only_open=True)
    has_missions = bool(missions) or mission_services.has_missions(current_user.id)
    return render_template("main/index.html", missions=missions, counts=reply_counts(current_user.id),
                           has_missions=has_missions,
                           due=merge_due(due_items(current_user.id), current_user.id),
                           mail=mailbox_status(current_user.id),
                           confirm=ConfirmForm())


ERROR_MESSAGES = {
    400: ("Requête invalide", "La demande n'a pas pu être comprise."),
    403: ("Accès refusé", "Vous n'avez pas accès à cette page."),
    404: ("Page introuvable", "Cette page n'existe pas, ou elle appartient à un autre compte."),
    405: ("Méthode non autorisée", "Cette action n'est pas possible ainsi."),
    413: ("Fichier trop volumineux", "Le fichier ou le formulaire envoyé dépasse la taille autorisée "
                                     "(25 Mo au plus ; 20 Mo pour un fichier de réponses)."),
    429: ("Trop de tentatives", "Trop de tentatives de connexion ont échoué. "
                                "Patientez un quart d'heure avant de réessayer."),
    500: ("Erreur interne", "Une erreur inattendue s'est produite ; rien n'a été enregistré à moitié."),
    503: ("Base de données indisponible", "La base de données ne répond pas. Réessayez dans un instant : "
                                          "rien n'a été enregistré à moitié."),
}

# The JSON API answers its errors in JSON, whatever raised them (README, « API JSON »).
API_MESSAGES = {400: "Requête invalide.", 403: "Accès refusé.", 404: "Ressource introuvable.",
                405: "Méthode non autorisée.", 413: "Requête trop volumineuse.",
                429: "Trop de requêtes.", 500: "Erreur interne : rien n'a été enregistré.",
                503: "Base de données indisponible : rien n'a été enregistré, réessayez dans un instant."}


def _is_api_request() -> bool:
    return request.blueprint == "api" or request.path == "/api" or request.path.startswith("/api/")


def _rollback() -> None:
    try:
        db.session.rollback()  # never leave a half-done change in the session
    except SQLAlchemyError:
        db.session.remove()  # the connection itself is gone


def _render_page(code: int, title: str, message: str):
    try:
        return render_template("errors/error.html", code=code, title=title, message=message)
    except SQLAlchemyError:
        # The database went away mid-request: the page must not need it (not even to load the user).
        _rollback()
        from flask_login import AnonymousUserMixin
        g._login_user = AnonymousUserMixin()
        return render_template("errors/error.html", code=code, title=title, message=message)


def register_error_handlers(app):
    """French error pages for the usual HTTP errors, and the CSRF failure."""
    def render_error(code, title, message):
        if code >= 500:
            _rollback()
        if _is_api_request():
            return jsonify({"error": API_MESSAGES.get(code, message)}), code
        return _render_page(code, title, message), code

    for code, (title, message) in ERROR_MESSAGES.items():
        app.register_error_handler(code, lambda exc, c=code, t=title, m=message: render_error(c, t, m))

    @app.errorhandler(DBAPIError)
    def database_error(exc):
        if not getattr(exc, "connection_invalidated", False) and not isinstance(
                exc.orig, _unavailable_errors()):
            raise exc  # a real bug (constraint, syntax): the 500 page, and the traceback in the log
        current_app.logger.warning("database unavailable: %s", exc.orig)
        title, message = ERROR_MESSAGES[503]
        return render_error(503, title, message)

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return render_error(400, "Formulaire expiré",
                            "Le jeton de sécurité du formulaire est absent ou expiré. "
                            "Rechargez la page et renvoyez le formulaire.")


def _unavailable_errors() -> tuple[type, ...]:
    """DB-API errors that mean "the server is not there" rather than "this query is wrong"."""
    import sqlite3
    errors: list[type] = [sqlite3.OperationalError]
    try:
        import psycopg
        errors.append(psycopg.OperationalError)
    except ImportError:  # pragma: no cover - psycopg is a dependency
        pass
    return tuple(errors)
