import json
import re

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user

from screening.forms import ConfirmForm
from screening.privacy import bp, services


@bp.route("/candidats/<int:applicant_id>")
def applicant(applicant_id):
    person = services.get_applicant(current_user.id, applicant_id)
    return render_template("privacy/applicant.html", applicant=person,
                           replies=services.applicant_replies(person), confirm=ConfirmForm())


@bp.route("/candidats/<int:applicant_id>/export.json")
def export(applicant_id):
    person = services.get_applicant(current_user.id, applicant_id)
    data = json.dumps(services.export_applicant(person), ensure_ascii=False, indent=2)
    slug = re.sub(r"[^a-z0-9]+", "-", (person.name or "candidat").lower()).strip("-")[:40] or "candidat"
    return Response(data, mimetype="application/json",
                    headers={"Content-Disposition":
                             f'attachment; filename="donnees-{slug}-{person.id}.json"'})


@bp.route("/candidats/<int:applicant_id>/supprimer", methods=("POST",))
def delete(applicant_id):
    person = services.get_applicant(current_user.id, applicant_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("privacy.applicant", applicant_id=person.id))
    label = person.name or person.email or "ce candidat"
    removed = services.delete_applicants(current_user.id, [person.id])
    plural = "s" if removed > 1 else ""
    flash(f"Toutes les données de {label} ont été supprimées ({removed} réponse{plural}).", "success")
    return redirect(url_for("main.index"))
