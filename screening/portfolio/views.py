from datetime import date, timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from screening.forms import ConfirmForm
from screening.missions import services as mission_services
from screening.portfolio import bp, services
from screening.portfolio.forms import (
    CheckinLogForm,
    CheckinPlanForm,
    CollaboratorForm,
    CompletionForm,
    DeleteCollaboratorForm,
    ModelForm,
    MoveForm,
    TaskForm,
)
from screening.portfolio.models import QUALITIES, ROLES, STATES, TRANSITIONS, VERDICTS
from screening.trials import services as trial_services
from screening.trials.services import hourly_money


@bp.app_context_processor
def labels():
    return {"TASK_STATES": STATES, "TASK_QUALITIES": QUALITIES, "COLLABORATOR_ROLES": ROLES,
            "CHECKIN_VERDICTS": VERDICTS, "minutes_label": services.minutes_label}


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


def _flash_errors(form) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(f"{error} Rien n'a été modifié.", "error")


# --- Board ----------------------------------------------------------------------------------------------

@bp.route("/")
def board():
    collaborator_id = _int_arg("collaborateur")
    collaborator = services.get_collaborator(current_user.id, collaborator_id) if collaborator_id else None
    return render_template("portfolio/board.html", board=services.board(current_user.id, collaborator_id),
                           collaborator=collaborator,
                           collaborators=services.list_collaborators(current_user.id),
                           move_form=MoveForm(), transitions=TRANSITIONS, today=date.today(),
                           nudge=services.nudge_message)


@bp.route("/taches/<int:task_id>/etat", methods=("POST",))
def move(task_id):
    task = services.get_task(current_user.id, task_id)
    form = MoveForm()
    back = request.form.get("back")
    if form.validate_on_submit():
        if form.state.data == "done":
            # Finishing asks for the paid amount, the owner's time and the quality.
            return redirect(url_for("portfolio.complete", task_id=task.id))
        try:
            services.move_task(task, form.state.data, form.reason.data)
        except services.PortfolioError as exc:
            flash(f"{exc} Rien n'a été modifié.", "error")
        else:
            flash(f"« {task.title} » : {task.state_label}.", "success")
    else:
        _flash_errors(form)
    if back == "board":
        collaborator = request.form.get("collaborateur", "")
        return redirect(url_for("portfolio.board",
                                collaborateur=collaborator if collaborator.isdigit() else None))
    return redirect(url_for("portfolio.task_view", task_id=task.id))


# --- Tasks -------------------------------------------------------------------------------------------------

def _task_form_choices(form: TaskForm) -> list:
    collaborators = services.list_collaborators(current_user.id)
    form.collaborator_id.choices = [SelectChoice(c.id, f"{c.name} ({c.role_label.lower()})")
                                    for c in collaborators]
    return collaborators


@bp.route("/taches/nouvelle", methods=("GET", "POST"))
def new_task():
    form = TaskForm()
    collaborators = _task_form_choices(form)
    template = None
    template_id = _int_arg("modele") if request.method == "GET" else (
        int(form.template_id.data) if (form.template_id.data or "").isdigit() else None)
    if template_id:
        template = mission_services.get_template(current_user.id, template_id)
    if request.method == "GET":
        if template is not None:
            form.process(data=services.prefill_from_model(template, date.today()))
            _task_form_choices(form)
            form.template_id.data = str(template.id)
        else:
            start = date.today()
            form.starts_on.data, form.deadline.data = start, start + timedelta(days=7)
        wanted = _int_arg("collaborateur")
        if wanted:
            form.collaborator_id.data = services.get_collaborator(current_user.id, wanted).id
    if not collaborators:
        flash("Ajoutez d'abord un collaborateur (ou enregistrez la décision d'une série d'essais).", "info")
        return redirect(url_for("portfolio.collaborators"))
    if form.validate_on_submit():
        try:
            task = services.create_task(current_user.id, form.collaborator_id.data, form.data_for_service(),
                                        template_id=template.id if template else None,
                                        checkins=form.checkin_dates())
        except (services.PortfolioError, ValidationError) as exc:
            form.deadline.errors = list(form.deadline.errors) + [str(exc)]
        else:
            flash(f"Tâche confiée à {task.who}. Envoyez-lui le brief.", "success")
            return redirect(url_for("portfolio.task_view", task_id=task.id))
    return render_template("portfolio/task_form.html", form=form, task=None, template=template,
                           templates=mission_services.list_templates(current_user.id))


@bp.route("/taches/<int:task_id>")
def task_view(task_id):
    task = services.get_task(current_user.id, task_id)
    subject, body = services.task_brief(task)
    flags = services.task_flags(task, date.today())
    template = None
    if task.template_id:
        template = mission_services.get_template(current_user.id, task.template_id)
    pending = [c for c in task.checkins if c.done_at is None]
    log_form = CheckinLogForm()
    if pending:
        log_form.checkin_id.data = str(pending[0].id)
    return render_template("portfolio/task.html", task=task, subject=subject, body=body,
                           mailto=services.mailto_link(task), flags=flags, nudge=services.nudge_message(task),
                           template=template,
                           current_version=services.model_content(template)["version"] if template else None,
                           move_form=MoveForm(), moves=services.allowed_moves(task), log_form=log_form,
                           plan_form=CheckinPlanForm(), pending=pending,
                           cost=services.task_cost(task, hourly_money(current_user)), today=date.today())


@bp.route("/taches/<int:task_id>/modifier", methods=("GET", "POST"))
def edit_task(task_id):
    task = services.get_task(current_user.id, task_id)
    form = TaskForm(obj=task)
    _task_form_choices(form)
    if request.method == "GET":
        form.collaborator_id.data = task.collaborator_id or 0
    form.collaborator_id.validators = []
    if form.validate_on_submit():
        try:
            services.update_task(task, form.data_for_service())
        except services.PortfolioError as exc:
            form.deadline.errors = list(form.deadline.errors) + [str(exc)]
        else:
            flash("Tâche enregistrée.", "success")
            return redirect(url_for("portfolio.task_view", task_id=task.id))
    return render_template("portfolio/task_form.html", form=form, task=task, template=None, templates=[])


@bp.route("/taches/<int:task_id>/points", methods=("POST",))
def plan_checkin(task_id):
    task = services.get_task(current_user.id, task_id)
    form = CheckinPlanForm()
    if form.validate_on_submit():
        try:
            services.plan_checkin(task, form.planned_on.data)
        except services.PortfolioError as exc:
            flash(f"{exc} Rien n'a été modifié.", "error")
        else:
            flash("Point d'étape ajouté.", "success")
    else:
        _flash_errors(form)
    return redirect(url_for("portfolio.task_view", task_id=task.id, _anchor="point"))


@bp.route("/taches/<int:task_id>/point", methods=("POST",))
def log_checkin(task_id):
    task = services.get_task(current_user.id, task_id)
    form = CheckinLogForm()
    if form.validate_on_submit():
        checkin_id = int(form.checkin_id.data) if (form.checkin_id.data or "").isdigit() else None
        try:
            services.log_checkin(task, seen=form.seen.data, minutes=form.minutes.data,
                                 verdict=form.verdict.data, note=form.note.data, checkin_id=checkin_id)
        except services.PortfolioError as exc:
            flash(f"{exc} Rien n'a été modifié.", "error")
        else:
            flash("Point d'étape enregistré.", "success")
    else:
        _flash_errors(form)
    return redirect(url_for("portfolio.task_view", task_id=task.id, _anchor="point"))


@bp.route("/taches/<int:task_id>/terminer", methods=("GET", "POST"))
def complete(task_id):
    task = services.get_task(current_user.id, task_id)
    if task.state not in ("doing", "review", "done"):
        flash("Seule une tâche en cours ou à relire peut être terminée. Rien n'a été modifié.", "error")
        return redirect(url_for("portfolio.task_view", task_id=task.id))
    form = CompletionForm(obj=task if task.state == "done" else None)
    if request.method == "GET" and task.state != "done":
        form.briefing_minutes.data = form.answering_minutes.data = 0
        form.correcting_minutes.data = form.rework_minutes.data = 0
    if form.validate_on_submit():
        try:
            services.complete_task(task, amount_paid=form.amount_paid.data, quality=form.quality.data,
                                   briefing_minutes=form.briefing_minutes.data,
                                   answering_minutes=form.answering_minutes.data,
                                   correcting_minutes=form.correcting_minutes.data,
                                   rework_minutes=form.rework_minutes.data,
                                   actual_minutes=form.actual_minutes.data, on=form.on.data)
        except services.PortfolioError as exc:
            form.amount_paid.errors = list(form.amount_paid.errors) + [str(exc)]
        else:
            flash(f"« {task.title} » est faite : coût enregistré.", "success")
            return redirect(url_for("portfolio.task_view", task_id=task.id))
    return render_template("portfolio/complete.html", task=task, form=form)


# --- Collaborators --------------------------------------------------------------------------------------

@bp.route("/collaborateurs/", methods=("GET", "POST"))
def collaborators():
    form = CollaboratorForm()
    if form.validate_on_submit():
        try:
            collaborator = services.create_collaborator(current_user.id, form.data_for_service())
        except services.PortfolioError as exc:
            form.name.errors = list(form.name.errors) + [str(exc)]
        else:
            flash(f"{collaborator.name} ajouté à vos collaborateurs.", "success")
            return redirect(url_for("portfolio.collaborator_view", collaborator_id=collaborator.id))
    return render_template("portfolio/collaborators.html", form=form,
                           collaborators=services.list_collaborators(current_user.id),
                           today=date.today())


@bp.route("/collaborateurs/<int:collaborator_id>", methods=("GET", "POST"))
def collaborator_view(collaborator_id):
    collaborator = services.get_collaborator(current_user.id, collaborator_id)
    others = [c for c in services.list_collaborators(current_user.id) if c.id != collaborator.id]
    form = CollaboratorForm(obj=collaborator)
    form.backup_id.choices = [SelectChoice(0, "Aucun remplaçant")] + [SelectChoice(c.id, c.name)
                                                                      for c in others]
    if request.method == "GET":
        form.backup_id.data = collaborator.backup_id or 0
    if form.validate_on_submit():
        try:
            services.update_collaborator(collaborator, form.data_for_service(), form.backup_id.data or None)
        except services.PortfolioError as exc:
            form.name.errors = list(form.name.errors) + [str(exc)]
        else:
            flash("Collaborateur enregistré.", "success")
            return redirect(url_for("portfolio.collaborator_view", collaborator_id=collaborator.id))
    delete_form = DeleteCollaboratorForm()
    delete_form.reassign_to.choices = [SelectChoice(0, "—")] + [SelectChoice(c.id, c.name) for c in others]
    if collaborator.backup_id:
        delete_form.reassign_to.data = collaborator.backup_id
    hourly = hourly_money(current_user)
    history = services.collaborator_history(collaborator)
    lines = services.cost_lines(collaborator.name, [t for t in history.tasks if t.state == "done"], hourly)
    return render_template("portfolio/collaborator.html", collaborator=collaborator, form=form,
                           history=history, lines=lines, delete_form=delete_form, confirm=ConfirmForm(),
                           today=date.today())


@bp.route("/collaborateurs/<int:collaborator_id>/remplacant", methods=("POST",))
def switch_to_backup(collaborator_id):
    collaborator = services.get_collaborator(current_user.id, collaborator_id)
    if ConfirmForm().validate_on_submit():
        try:
            backup, moved = services.switch_to_backup(collaborator)
        except services.PortfolioError as exc:
            flash(f"{exc} Rien n'a été modifié.", "error")
        else:
            flash(f"{moved} tâche{'s' if moved > 1 else ''} ouverte{'s' if moved > 1 else ''} "
                  f"confiée{'s' if moved > 1 else ''} à {backup.name}.", "success")
            return redirect(url_for("portfolio.collaborator_view", collaborator_id=backup.id))
    return redirect(url_for("portfolio.collaborator_view", collaborator_id=collaborator.id))


@bp.route("/collaborateurs/<int:collaborator_id>/supprimer", methods=("POST",))
def delete_collaborator(collaborator_id):
    collaborator = services.get_collaborator(current_user.id, collaborator_id)
    form = DeleteCollaboratorForm()
    form.reassign_to.choices = []
    if form.validate_on_submit():
        name = collaborator.name
        try:
            moved = services.delete_collaborator(collaborator, form.reassign_to.data or None)
        except services.PortfolioError as exc:
            flash(f"{exc} Rien n'a été modifié.", "error")
        else:
            flash(f"{name} supprimé" + (f" ; {moved} tâche{'s' if moved > 1 else ''} réassignée"
                                        f"{'s' if moved > 1 else ''}." if moved else "."), "success")
            return redirect(url_for("portfolio.collaborators"))
    return redirect(url_for("portfolio.collaborator_view", collaborator_id=collaborator_id,
                            _anchor="supprimer"))


@bp.route("/decision/<int:round_id>", methods=("POST",))
def from_decision(round_id):
    trial_round = trial_services.get_round(current_user.id, round_id)
    if ConfirmForm().validate_on_submit():
        try:
            keeper, backup = services.collaborators_from_decision(trial_round)
        except services.PortfolioError as exc:
            flash(f"{exc} Rien n'a été modifié.", "error")
            return redirect(url_for("trials.round_view", round_id=round_id, _anchor="decision"))
        flash(f"{keeper.name}" + (f" et {backup.name} sont" if backup else " est")
              + " dans vos collaborateurs : confiez-leur une tâche.", "success")
        return redirect(url_for("portfolio.collaborator_view", collaborator_id=keeper.id))
    return redirect(url_for("trials.round_view", round_id=round_id, _anchor="decision"))


# --- Costs ------------------------------------------------------------------------------------------------

@bp.route("/couts")
def cost_view():
    return render_template("portfolio/costs.html", report=services.cost_report(current_user))


# --- Task models ----------------------------------------------------------------------------------------

@bp.route("/modeles/<int:template_id>", methods=("GET", "POST"))
def edit_model(template_id):
    template = mission_services.get_template(current_user.id, template_id)
    content = services.model_content(template)
    form = ModelForm(data=dict(content, name=template.name)) if request.method == "GET" else ModelForm()
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in ("title",) + services.MODEL_FIELDS}
        try:
            services.update_model(template, form.name.data, data)
        except services.PortfolioError as exc:
            form.name.errors = list(form.name.errors) + [str(exc)]
        else:
            flash(f"Modèle enregistré (version {services.model_content(template)['version']}). "
                  "Les tâches déjà confiées gardent la version qu'elles ont reçue.", "success")
            return redirect(url_for("portfolio.edit_model", template_id=template.id))
    return render_template("portfolio/model.html", template=template, form=form, version=content["version"],
                           tasks=services.model_tasks(template))


# --- Calendar ----------------------------------------------------------------------------------------------

def _ics(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


@bp.route("/calendrier.ics")
def calendar_download():
    return _ics(services.portfolio_ics(current_user.id), "taches-deleguees.ics")


@bp.route("/calendrier/<token>.ics")
def calendar_feed(token):
    # Public (a calendar app has no session): the secret address is the credential.
    owner_id = services.owner_for_token(token)
    if owner_id is None:
        abort(404)
    return _ics(services.portfolio_ics(owner_id), "taches-deleguees.ics")


@bp.route("/calendrier", methods=("GET", "POST"))
def calendar_settings():
    confirm = ConfirmForm()
    renew = request.method == "POST" and confirm.validate_on_submit()
    token = services.feed_token(current_user.id, renew=renew)
    if renew:
        flash("Nouvelle adresse créée : l'ancienne ne fonctionne plus.", "success")
        return redirect(url_for("portfolio.calendar_settings"))
    return render_template("portfolio/calendar.html", confirm=confirm,
                           feed_url=url_for("portfolio.calendar_feed", token=token, _external=True))
