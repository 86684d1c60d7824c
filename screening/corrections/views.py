"""Routes: correct a reading, undo it, confirm the whole analysis; the reliability page."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from screening.corrections import bp, services
from screening.corrections.forms import CorrectionForm
from screening.corrections.readings import FIELDS, CorrectionError, format_value
from screening.missions.services import get_mission

EXPIRED = "Le formulaire a expiré : rechargez la page. Rien n'a été modifié."


def _back(reply_id: int):
    return redirect(url_for("candidates.reply", reply_id=reply_id, _anchor="lecture"))


@bp.route("/reponses/<int:reply_id>/lecture", methods=("POST",))
def correct(reply_id):
    services.get_reply_or_404(current_user.id, reply_id)
    if not CorrectionForm().validate_on_submit():
        flash(EXPIRED, "error")
        return _back(reply_id)
    name = request.form.get("champ", "")
    try:
        value = services.set_correction(current_user.id, reply_id, name, request.form.get("valeur", ""),
                                        user_id=current_user.id)
    except CorrectionError as exc:
        flash(f"{exc} Rien n'a été modifié.", "error")
    else:
        flash(f"Corrigé : {FIELDS[name].label.lower()} → {format_value(name, value)}. "
              "Le score et le verdict suivent votre valeur.", "success")
    return _back(reply_id)


@bp.route("/reponses/<int:reply_id>/lecture/annuler", methods=("POST",))
def undo(reply_id):
    services.get_reply_or_404(current_user.id, reply_id)
    if not CorrectionForm().validate_on_submit():
        flash(EXPIRED, "error")
        return _back(reply_id)
    name = request.form.get("champ", "")
    try:
        done = services.undo_correction(current_user.id, reply_id, name)
    except CorrectionError as exc:
        flash(f"{exc} Rien n'a été modifié.", "error")
    else:
        flash(f"Correction annulée : {FIELDS[name].label.lower()} reprend la lecture de l'analyse." if done
              else "Il n'y avait pas de correction à annuler.", "success" if done else "info")
    return _back(reply_id)


@bp.route("/reponses/<int:reply_id>/verifiee", methods=("POST",))
def verify(reply_id):
    services.get_reply_or_404(current_user.id, reply_id)
    if not CorrectionForm().validate_on_submit():
        flash(EXPIRED, "error")
        return _back(reply_id)
    count = services.verify_all(current_user.id, reply_id, user_id=current_user.id)
    plural = "s" if count > 1 else ""
    flash("Analyse vérifiée : " + (f"{count} lecture{plural} confirmée{plural}." if count
                                   else "toutes les lectures étaient déjà vérifiées."), "success")
    return _back(reply_id)


@bp.route("/fiabilite")
def reliability():
    mission = None
    raw = request.args.get("mission", "")
    if raw:
        if not raw.isdigit():
            return redirect(url_for("corrections.reliability"))
        mission = get_mission(current_user.id, int(raw))
    report = services.reliability(current_user.id, mission.id if mission else None)
    missions = services.account_missions_with_checks(current_user.id)
    return render_template("corrections/reliability.html", report=report, mission=mission, missions=missions)


@bp.route("/missions/<int:mission_id>/fiabilite")
def mission_reliability(mission_id):
    mission = get_mission(current_user.id, mission_id)
    return redirect(url_for("corrections.reliability", mission=mission.id))
