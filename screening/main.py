"""The dashboard and error pages."""
from flask import Blueprint, render_template
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from screening.extensions import db
from screening.forms import ConfirmForm
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
}


def register_error_handlers(app):
    """French error pages for the usual HTTP errors, and the CSRF failure."""
    def render_error(code, title, message):
        if code >= 500:
            db.session.rollback()  # never leave a half-done change in the session
        return render_template("errors/error.html", code=code, title=title, message=message), code

    for code, (title, message) in ERROR_MESSAGES.items():
        app.register_error_handler(code, lambda exc, c=code, t=title, m=message: render_error(c, t, m))

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return render_error(400, "Formulaire expiré",
                            "Le jeton de sécurité du formulaire est absent ou expiré. "
                            "Rechargez la page et renvoyez le formulaire.")
