from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from screening.auth import bp, services
from screening.auth.forms import LoginForm, SetupForm, TimezoneForm, TokenForm
from screening.auth.models import User
from screening.extensions import db, login_manager
from screening.forms import ConfirmForm
from screening.localtime import owner_zone_name
from screening.security import limiter
from screening.timeutil import ZONE_LABELS

# Failed logins allowed per address and per account before a pause.
LOGIN_LIMIT = "10 per 15 minutes"

# Endpoints reachable without being logged in. Everything else requires login.
PUBLIC_ENDPOINTS = {"auth.login", "auth.setup", "static", "portfolio.calendar_feed"}


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


def _login_email_key() -> str:
    return "login-email:" + services.normalise_email(request.form.get("email", ""))[:254]


def _failed(response) -> bool:
    """Only failed attempts count towards the limit (a successful login redirects)."""
    return response.status_code != 302


@bp.route("/connexion", methods=("GET", "POST"))
@limiter.limit(LOGIN_LIMIT, methods=["POST"], deduct_when=_failed)
@limiter.limit(LOGIN_LIMIT, methods=["POST"], key_func=_login_email_key, deduct_when=_failed)
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
def account(new_token: str | None = None):
    from screening.api import list_tokens
    zone_form = TimezoneForm(timezone=owner_zone_name(), current=owner_zone_name())
    return render_template("auth/account.html", tokens=list_tokens(current_user.id), token_form=TokenForm(),
                           confirm=ConfirmForm(), new_token=new_token, zone_form=zone_form)


@bp.route("/compte/fuseau", methods=("POST",))
@login_required
def set_timezone():
    form = TimezoneForm(current=owner_zone_name())
    if form.validate_on_submit():
        services.set_timezone(current_user, form.timezone.data)
        flash(f"Fuseau horaire enregistré : {ZONE_LABELS.get(form.timezone.data, form.timezone.data)}.",
              "success")
    else:
        for error in form.timezone.errors:
            flash(error, "error")
    return redirect(url_for("auth.account"))


@bp.route("/compte/jetons", methods=("POST",))
@login_required
def create_token():
    from screening.api import create_token as make_token
    form = TokenForm()
    if not form.validate_on_submit():
        for error in form.name.errors:
            flash(error, "error")
        return redirect(url_for("auth.account"))
    _token, clear = make_token(current_user.id, form.name.data)
    # Shown once, in this response only: never stored in clear, never put in the session.
    return account(new_token=clear)


@bp.route("/compte/jetons/<int:token_id>/revoquer", methods=("POST",))
@login_required
def revoke_token(token_id):
    from screening.api import revoke_token as revoke
    if ConfirmForm().validate_on_submit():
        if not revoke(current_user.id, token_id):
            abort(404)
        flash("Jeton révoqué : il ne donne plus accès à l'API.", "success")
    return redirect(url_for("auth.account"))
