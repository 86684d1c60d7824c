"""Candidate page and comparison page (routes registered here)."""
from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from screening.candidates import bp, services
from screening.candidates.forms import DemoForm, FinalistsForm
from screening.candidates.highlight import highlight
from screening.demo import get_or_create_demo
from screening.localtime import owner_zone, owner_zone_name
from screening.missions.services import get_mission
from screening.timeutil import zone_label


def _table_args() -> tuple[str, bool, set[str]]:
    sort = request.args.get("tri", services.DEFAULT_SORT)
    if sort not in services.SORTS:
        sort = services.DEFAULT_SORT
    default_order = "asc" if sort in ("nom", "verdict", "reponse", "taux", "cout", "q1", "recu") else "desc"
    descending = request.args.get("ordre", default_order) != "asc"
    filters = {name for name in services.FILTERS if request.args.get(name) == "1"}
    return sort, descending, filters


@bp.route("/missions/<int:mission_id>/candidats")
def compare(mission_id):
    mission = get_mission(current_user.id, mission_id)
    sort, descending, filters = _table_args()
    printing = request.args.get("impression") == "1"
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and len(page) < 7 else 1
    # The printable version lists every candidate that passes the filters, on one sheet set.
    comparison = services.compare_page(mission, sort, descending, filters, page=1 if printing else page,
                                       page_size=10 ** 9 if printing else services.PAGE_SIZE)
    return render_template("candidates/compare.html", mission=mission, comparison=comparison, sort=sort,
                           descending=descending, filters=filters, printing=printing,
                           form=FinalistsForm(), SORTS=services.SORTS, FILTERS=services.FILTERS,
                           published_at=mission.published_at, num=services.fmt_number)


@bp.route("/missions/<int:mission_id>/candidats.csv")
def export(mission_id):
    mission = get_mission(current_user.id, mission_id)
    sort, descending, filters = _table_args()
    comparison = services.compare_candidates(mission, sort, descending, filters)
    csv_text = services.export_csv(comparison.rows, owner_zone(), zone_label(owner_zone_name()))
    response = Response(csv_text, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="candidats-mission-{mission.id}.csv"'
    return response


@bp.route("/missions/<int:mission_id>/finalistes", methods=("POST",))
def finalists(mission_id):
    mission = get_mission(current_user.id, mission_id)
    if FinalistsForm().validate_on_submit():
        count = services.set_finalists(current_user.id, mission, request.form.getlist("finaliste"))
        flash(f"{count} finaliste{'s' if count > 1 else ''} retenu{'s' if count > 1 else ''}." if count
              else "Aucun finaliste retenu.", "success")
    back = {k: v for k, v in request.args.items() if k in services.FILTERS or k in ("tri", "ordre", "page")}
    return redirect(url_for("candidates.compare", mission_id=mission.id, **back))


@bp.route("/missions/<int:mission_id>/finalistes/<int:reply_id>", methods=("POST",))
def finalist(mission_id, reply_id):
    """Tick or untick one finalist at once (the comparison page's script saves each tick this way)."""
    mission = get_mission(current_user.id, mission_id)
    if not FinalistsForm().validate_on_submit():
        return jsonify({"error": "Le formulaire a expiré : rechargez la page."}), 400
    chosen = request.form.get("finaliste") == "1"
    count = services.set_finalist(current_user.id, mission, reply_id, chosen)
    return jsonify({"reply_id": reply_id, "finalist": chosen, "finalists": count})


@bp.route("/reponses/<int:reply_id>")
def reply(reply_id):
    candidate = services.get_candidate(current_user.id, reply_id)
    detail = services.candidate_detail(current_user.id, candidate)
    text = highlight(candidate.body, detail.spans, limit=services.DISPLAY_LIMIT)
    return render_template("candidates/reply.html", detail=detail, reply=candidate, mission=candidate.mission,
                           text=text, display_limit=services.DISPLAY_LIMIT, num=services.fmt_number,
                           join_fr=services.join_fr)


@bp.route("/reponses/<int:reply_id>/texte")
def reply_text(reply_id):
    candidate = services.get_candidate(current_user.id, reply_id)
    response = Response(candidate.body, mimetype="text/plain")
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="reponse-{candidate.id}.txt"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/demo", methods=("POST",))
def demo():
    if not DemoForm().validate_on_submit():
        flash("Le formulaire a expiré : rechargez la page.", "error")
        return redirect(url_for("main.index"))
    mission, created = get_or_create_demo(current_user.id)
    flash("Mission d'exemple créée : 12 réponses analysées." if created
          else "La mission d'exemple existe déjà : la voici.", "success")
    return redirect(url_for("candidates.compare", mission_id=mission.id))
