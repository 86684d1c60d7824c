from datetime import time
from decimal import Decimal, InvalidOperation

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from screening.forms import ConfirmForm
from screening.localtime import owner_zone
from screening.missions import bp, services
from screening.missions.forms import MissionForm, PublicationForm, SaveTemplateForm
from screening.missions.models import PLATFORMS, PRIORITIES, STATUSES
from screening.missions.posting import MANDATORY_QUESTIONS
from screening.replies.models import SOURCES
from screening.replies.services import reply_counts
from screening.timeutil import local_to_utc, to_local, utcnow


@bp.app_context_processor
def labels():
    return {"PRIORITIES": PRIORITIES, "PLATFORMS": PLATFORMS, "STATUSES": STATUSES, "SOURCES": SOURCES}


@bp.route("/")
def index():
    sort = request.args.get("tri", "priority")
    if sort not in services.SORTS:
        sort = "priority"
    include_archived = request.args.get("archives") == "1"
    missions = services.list_missions(current_user.id, sort=sort, include_archived=include_archived)
    return render_template("missions/index.html", missions=missions, sort=sort,
                           include_archived=include_archived)


def _template_prefill(template_id: str | None) -> dict | None:
    if not template_id or not template_id.isdigit():
        return None
    brief = dict(services.get_template(current_user.id, int(template_id)).brief)
    for name in ("budget_amount", "budget_max"):
        if brief.get(name) is not None:
            try:
                brief[name] = Decimal(str(brief[name]))
            except InvalidOperation:
                brief[name] = None
    return brief


@bp.route("/nouvelle", methods=("GET", "POST"))
def create():
    prefill = _template_prefill(request.args.get("modele")) if request.method == "GET" else None
    form = MissionForm(data=prefill) if prefill else MissionForm()
    if form.validate_on_submit():
        mission = services.create_mission(current_user.id, form.brief_data())
        flash("Mission créée.", "success")
        return redirect(url_for("missions.view", mission_id=mission.id))
    return render_template("missions/form.html", form=form, mission=None,
                           templates=services.list_templates(current_user.id), from_template=bool(prefill))


@bp.route("/<int:mission_id>")
def view(mission_id):
    mission = services.get_mission(current_user.id, mission_id)
    counts = reply_counts(current_user.id).get(mission.id, {"total": 0, "finalists": 0})
    return render_template("missions/view.html", mission=mission, advice=services.delegation_advice(mission),
                           counts=counts,
                           confirm=ConfirmForm(), template_form=SaveTemplateForm())


@bp.route("/<int:mission_id>/modifier", methods=("GET", "POST"))
def edit(mission_id):
    mission = services.get_mission(current_user.id, mission_id)
    form = MissionForm(obj=mission, original_deadline=mission.deadline)
    if form.validate_on_submit():
        services.update_mission(mission, form.brief_data())
        flash("Mission enregistrée.", "success")
        return redirect(url_for("missions.view", mission_id=mission.id))
    return render_template("missions/form.html", form=form, mission=mission, templates=[],
                           from_template=False)


@bp.route("/<int:mission_id>/archiver", methods=("POST",))
def archive(mission_id):
    mission = services.get_mission(current_user.id, mission_id)
    if ConfirmForm().validate_on_submit():
        services.set_archived(mission, True)
        flash("Mission archivée.", "success")
    return redirect(url_for("missions.view", mission_id=mission.id))


@bp.route("/<int:mission_id>/desarchiver", methods=("POST",))
def unarchive(mission_id):
    mission = services.get_mission(current_user.id, mission_id)
    if ConfirmForm().validate_on_submit():
        services.set_archived(mission, False)
        flash("Mission rouverte.", "success")
    return redirect(url_for("missions.view", mission_id=mission.id))


@bp.route("/<int:mission_id>/annonce", methods=("POST",))
def generate(mission_id):
    mission = services.get_mission(current_user.id, mission_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("missions.view", mission_id=mission.id))
    posting, created = services.generate_posting_version(mission)
    flash(f"Annonce générée (version {posting.version})." if created
          else "L'annonce est à jour : aucune modification depuis la dernière version.", "success")
    return redirect(url_for("missions.posting", mission_id=mission.id, posting_id=posting.id))


@bp.route("/<int:mission_id>/annonces/<int:posting_id>", methods=("GET", "POST"))
def posting(mission_id, posting_id):
    mission = services.get_mission(current_user.id, mission_id)
    posting = services.get_posting(mission, posting_id)
    form = PublicationForm()
    tz = owner_zone()
    if request.method == "GET":
        # The form shows the owner's wall-clock time, and reads it back in the same zone: saving
        # without a change keeps the instant. A posting not yet published defaults to now.
        shown = to_local(posting.published_at or utcnow(), tz)
        form.published_on.data = shown.date()
        form.published_time.data = shown.strftime("%H:%M")
        form.published_where.data = posting.published_where or PLATFORMS.get(mission.platform, "")
        form.published_url.data = posting.published_url
    if form.validate_on_submit():
        hours, minutes = (int(part) for part in form.published_time.data.strip().split(":"))
        published_at = local_to_utc(form.published_on.data, time(hours, minutes), tz)
        services.record_publication(posting, published_at, form.published_where.data,
                                    form.published_url.data)
        flash("Publication enregistrée.", "success")
        return redirect(url_for("missions.posting", mission_id=mission.id, posting_id=posting.id))
    return render_template("missions/posting.html", mission=mission, posting=posting, form=form,
                           questions=MANDATORY_QUESTIONS)


@bp.route("/<int:mission_id>/modele", methods=("POST",))
def save_template(mission_id):
    mission = services.get_mission(current_user.id, mission_id)
    form = SaveTemplateForm()
    if form.validate_on_submit():
        services.save_template(mission, form.name.data)
        flash(f"Modèle « {form.name.data.strip()} » enregistré dans vos modèles de tâches.", "success")
    else:
        for error in form.name.errors:
            flash(error, "error")
    return redirect(url_for("missions.view", mission_id=mission.id))


@bp.route("/modeles")
def templates():
    return render_template("missions/templates.html", templates=services.list_templates(current_user.id),
                           confirm=ConfirmForm())


@bp.route("/modeles/<int:template_id>/supprimer", methods=("POST",))
def delete_template(template_id):
    template = services.get_template(current_user.id, template_id)
    if ConfirmForm().validate_on_submit():
        services.delete_template(template)
        flash("Modèle supprimé.", "success")
    return redirect(url_for("missions.templates"))
