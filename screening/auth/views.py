from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from screening.auth import bp, services
from screening.auth.forms import LoginForm, PasswordChangeForm, SetupForm, TimezoneForm, TokenForm
from screening.extensions import login_manager
from screening.forms import ConfirmForm
from screening.localtime import owner_zone_name
from screening.timeutil import ZONE_LABELS

# The session cookie carries this random value; the database says whether it is still open.
SESSION_KEY = "sid"

# Endpoints reachable without being logged in. Everything else requires login.
PUBLIC_ENDPOINTS = {"auth.login", "auth.setup", "static", "portfolio.calendar_feed"}


@login_manager.user_loader
def load_user(user_id: str):
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    return services.session_user(user_id, session.get(SESSION_KEY))


def _start_session(user) -> None:
    login_user(user)
    session[SESSION_KEY] = services.open_session(user.id, request.user_agent.string)


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
            _start_session(user)
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
        # The client's address: behind nginx, set PROXY_COUNT so that it is read from X-Forwarded-For.
        try:
            attempt = services.begin_login_attempt(form.email.data, request.remote_addr or "")
        except services.TooManyAttempts:
            abort(429)
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            flash("Adresse e-mail ou mot de passe incorrect.", "error")
        else:
            services.forget_login_attempt(attempt)
            _start_session(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/deconnexion", methods=("POST",))
@login_required
def logout():
    services.close_session(session.get(SESSION_KEY))
    logout_user()
    session.pop(SESSION_KEY, None)
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/compte/deconnexion-partout", methods=("POST",))
@login_required
def logout_everywhere():
    from screening.missions.forms import ConfirmForm
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.close_other_sessions(current_user.id, keep=None)
    logout_user()
    session.pop(SESSION_KEY, None)
    flash("Vous êtes déconnecté partout : chaque navigateur devra de nouveau saisir le mot de passe.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/compte")
@login_required
def account(new_token: str | None = None, password_form=None, status: int = 200):
    from screening.api import list_tokens
    zone_form = TimezoneForm(timezone=owner_zone_name(), current=owner_zone_name())
    return render_template("auth/account.html", tokens=list_tokens(current_user.id), token_form=TokenForm(),
                           confirm=ConfirmForm(), new_token=new_token, zone_form=zone_form,
                           password_form=password_form or PasswordChangeForm(),
                           other_sessions=services.count_other_sessions(current_user.id,
                                                                        session.get(SESSION_KEY))), status


@bp.route("/compte/mot-de-passe", methods=("POST",))
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data,
                                     keep_session=session.get(SESSION_KEY))
        except services.AccountError as exc:
            target = form.current if "actuel" in str(exc) else form.password
            target.errors = [*target.errors, str(exc)]
        else:
            flash("Mot de passe changé. Vos autres sessions sont fermées.", "success")
            return redirect(url_for("auth.account"))
    return account(password_form=form)


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
