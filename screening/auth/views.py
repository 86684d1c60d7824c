from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from screening.auth import bp, services
from screening.auth.forms import LoginForm, SetupForm
from screening.auth.models import User
from screening.extensions import db, login_manager

# Endpoints reachable without being logged in. Everything else requires login.
PUBLIC_ENDPOINTS = {"auth.login", "auth.setup", "static"}


@login_manager.user_loader
def load_user(user_id: str):
    try:
        return db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None


@bp.before_app_request
def require_login():
    """First visit on a fresh database goes to set-up; otherwise every page but login needs an account."""
    endpoint = request.endpoint or ""
    if getattr(request, "_login_exempt", False) or endpoint.startswith("api."):
        return None
    if endpoint in PUBLIC_ENDPOINTS:
        return None
    if current_user.is_authenticated:
        return None
    if not services.has_any_user():
        return redirect(url_for("auth.setup"))
    return login_manager.unauthorized()


def _safe_next(target: str | None) -> str | None:
    """Only follow relative redirects inside the app."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/installation", methods=("GET", "POST"))
def setup():
    if services.has_any_user():
        return redirect(url_for("auth.login"))
    form = SetupForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.password.data, form.display_name.data)
        except services.AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            login_user(user)
            flash("Votre compte est créé. Bienvenue !", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/setup.html", form=form)


@bp.route("/connexion", methods=("GET", "POST"))
def login():
    if not services.has_any_user():
        return redirect(url_for("auth.setup"))
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            flash("Adresse e-mail ou mot de passe incorrect.", "error")
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/deconnexion", methods=("POST",))
@login_required
def logout():
    logout_user()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/compte")
@login_required
def account():
    return render_template("auth/account.html")
