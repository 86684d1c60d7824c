"""Mailbox pages: connection settings, last fetch, "Relever maintenant", and the "À trier" list."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from screening.forms import BaseForm
from screening.mailbox import bp, imap, services
from screening.mailbox.forms import AssignForm, MailAccountForm
from screening.mailbox.models import SECURITY, STATUSES
from screening.missions.services import list_missions


@bp.before_request
@login_required
def _login():
    """Every mailbox page belongs to a logged-in owner."""


def _settings_page(form, account, certificate=None, status=200):
    return render_template(
        "mailbox/settings.html",
        form=form,
        account=account,
        certificate=certificate,
        messages=services.list_messages(current_user.id, limit=50),
        statuses=STATUSES,
        security=SECURITY,
        pending=services.pending_count(current_user.id),
        confirm=BaseForm(),
        format_fingerprint=imap.format_fingerprint,
    ), status


def _form_values(form) -> dict:
    return {
        "host": form.host.data,
        "port": form.port.data,
        "security": form.security.data,
        "username": form.username.data,
        "password": form.password.data or "",
        "folder": form.folder.data,
        "interval_minutes": form.interval_minutes.data,
        "enabled": bool(form.enabled.data),
        "trust_fingerprint": form.trust_fingerprint.data if form.trust.data else "",
    }


@bp.route("/compte/boite-mail", methods=("GET", "POST"))
def settings():
    account = services.get_account(current_user.id)
    form = MailAccountForm(obj=account if request.method == "GET" else None)
    if request.method == "GET" and account is not None:
        form.trust.data = bool(account.trusted_fingerprint)
        form.trust_fingerprint.data = account.trusted_fingerprint
    if request.method == "POST":
        if not form.validate_on_submit():
            return _settings_page(form, account, status=422)
        values = _form_values(form)
        if request.form.get("action") == "test":
            return _test(form, account, values)
        try:
            services.save_account(current_user.id, values)
        except services.MailboxError as exc:
            form.password.errors.append(exc.message)
            return _settings_page(form, account, status=422)
        flash("Boîte mail enregistrée. Le mot de passe est chiffré et ne sera plus affiché.", "success")
        return redirect(url_for("mailbox.settings"))
    return _settings_page(form, account)


def _test(form, account, values):
    password = values["password"]
    if not password and account is not None:
        password = None  # the stored one
    elif not password:
        form.password.errors.append("Saisissez le mot de passe pour tester la connexion.")
        return _settings_page(form, account, status=422)
    trusted = values["trust_fingerprint"] or (account.trusted_fingerprint if account else "")
    try:
        if password is None:
            password = services.settings_for(account).password
        probe = imap.Settings(host=values["host"], port=values["port"], security=values["security"],
                              username=values["username"], password=password, folder=values["folder"],
                              trusted_fingerprint=trusted)
        message = services.check_connection(probe)
    except services.MailboxError as exc:
        flash(exc.message, "error")
        certificate = exc.fingerprint or None
        if certificate:
            form.trust_fingerprint.data = certificate
        return _settings_page(form, account, certificate=certificate, status=422)
    flash(message + (" Enregistrez pour commencer la relève." if account is None else ""), "success")
    return _settings_page(form, account)


@bp.route("/compte/boite-mail/relever", methods=("POST",))
def fetch_now():
    from screening.mailbox.jobs import fetch_mailbox_job
    from screening.queue import huey

    account = services.get_account(current_user.id)
    if account is None or not BaseForm().validate_on_submit():
        flash("Enregistrez d'abord les réglages de la boîte mail.", "error")
        return redirect(url_for("mailbox.settings"))
    services.resume(account)
    result = fetch_mailbox_job(account.id)
    if huey.immediate:  # tests, or QUEUE_IMMEDIATE=1: it already ran
        flash(result.get(), "success")
    else:  # a worker fetches; the page shows the progress
        flash("Relève lancée : les nouveaux messages apparaîtront dans quelques instants.", "info")
    return redirect(url_for("mailbox.settings"))


@bp.route("/compte/boite-mail/supprimer", methods=("POST",))
def delete():
    if BaseForm().validate_on_submit():
        services.delete_account(current_user.id)
        flash("Boîte mail déconnectée : le mot de passe enregistré est effacé.", "success")
    return redirect(url_for("mailbox.settings"))


@bp.route("/a-trier")
def pending():
    missions = list_missions(current_user.id)
    choices = [(m.id, m.title) for m in missions]
    return render_template(
        "mailbox/pending.html",
        messages=services.list_messages(current_user.id, "pending"),
        dismissed=services.list_messages(current_user.id, "dismissed", limit=50),
        choices=choices,
        confirm=BaseForm(),
        form=AssignForm(),
    )


@bp.route("/a-trier/<int:message_id>/affecter", methods=("POST",))
def assign(message_id):
    form = AssignForm()
    services.get_message(current_user.id, message_id)  # 404 for another account's message
    if not form.validate_on_submit() or not form.mission_id.data:
        flash("Choisissez la mission à laquelle ce message répond.", "error")
        return redirect(url_for("mailbox.pending"))
    try:
        report = services.assign_message(current_user.id, message_id, form.mission_id.data)
    except services.MailboxError as exc:
        flash(exc.message, "error")
        return redirect(url_for("mailbox.pending"), code=303)
    flash(report.message, "success" if report.added else "info")
    return redirect(url_for("mailbox.pending"))


@bp.route("/a-trier/<int:message_id>/ecarter", methods=("POST",))
def dismiss(message_id):
    services.get_message(current_user.id, message_id)
    if BaseForm().validate_on_submit():
        try:
            services.dismiss_message(current_user.id, message_id)
        except services.MailboxError as exc:
            flash(exc.message, "error")
        else:
            flash("Message écarté.", "info")
    return redirect(url_for("mailbox.pending"))


def _uploaded_replies(tokens):
    """The e-mails of stored uploads, parsed again exactly as when they were sent (None: expired)."""
    from screening.replies import importer, uploads

    replies = []
    for token in tokens[:50]:
        data = uploads.load_upload(current_user.id, token)
        if data is None:
            return None
        try:
            result = importer.parse_mbox(data) if data.lstrip()[:5] == b"From " else importer.parse_eml(data)
        except importer.ImportRejected:
            return None
        replies.extend(result.replies)
    return replies


@bp.route("/missions/<int:mission_id>/reponses/emails/tri", methods=("GET", "POST"))
def sort_upload(mission_id):
    from screening.missions.services import get_mission
    from screening.replies import uploads

    mission = get_mission(current_user.id, mission_id)
    tokens = request.args.getlist("t")
    replies = _uploaded_replies(tokens) if tokens else None
    if not replies:
        flash("Ces fichiers ne sont plus disponibles : envoyez-les de nouveau.", "error")
        return redirect(url_for("replies.add", mission_id=mission.id, onglet="email"))
    missions = list_missions(current_user.id)
    known = {m.id for m in missions}
    routes = services.route_replies(current_user.id, replies)
    chosen = [r.mission_id for r in routes]
    error = None
    if request.method == "POST":
        if not BaseForm().validate_on_submit():
            error = "Le formulaire a expiré : rechargez la page."
        else:
            chosen = []
            for index in range(len(replies)):
                value = request.form.get(f"mission_{index}", "")
                chosen.append(int(value) if value.isdigit() and int(value) in known else None)
            if not any(chosen):
                error = "Choisissez la mission d'au moins un message (ou revenez en arrière pour annuler)."
            else:
                report = services.save_sorted(current_user.id, list(zip(chosen, replies, strict=True)))
                for token in tokens:
                    uploads.delete_upload(current_user.id, token)
                left = chosen.count(None)
                message = report.message
                if left:
                    plural = "s" if left > 1 else ""
                    message += f" {left} message{plural} sans mission, non importé{plural}."
                flash(message, "success" if report.added else "info")
                return redirect(url_for("candidates.compare", mission_id=mission.id))
    return render_template(
        "mailbox/sort_upload.html",
        mission=mission,
        rows=list(zip(replies, routes, chosen, strict=True)),
        missions=missions,
        form=BaseForm(),
        error=error,
        unmatched=sum(1 for c in chosen if c is None),
    ), 422 if error else 200
