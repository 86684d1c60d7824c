from datetime import date, timedelta

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from screening.forms import ConfirmForm
from screening.missions import services as mission_services
from screening.portfolio import services as portfolio_services
from screening.trials import bp, services
from screening.trials.forms import DecisionForm, EvaluationForm, HourlyValueForm, RoundForm, StateForm
from screening.trials.models import STATES, TRANSITIONS


@bp.app_context_processor
def labels():
    return {"TRIAL_STATES": STATES}


def _compare_url(mission_id: int) -> str | None:
    # The comparison page lives in another feature: link to it only when it is there.
    if "candidates.compare" in current_app.view_functions:
        return url_for("candidates.compare", mission_id=mission_id)
    return None


@bp.route("/essais/")
def index():
    return render_template("trials/index.html", due=services.due_items(current_user.id),
                           rounds=services.list_rounds(current_user.id),
                           missions=mission_services.list_missions(current_user.id, sort="priority"),
                           today=date.today())


@bp.route("/missions/<int:mission_id>/essais/nouveau", methods=("GET", "POST"))
def new_round(mission_id):
    mission = mission_services.get_mission(current_user.id, mission_id)
    finalists = services.mission_finalists(mission)
    form = RoundForm()
    form.finalists.choices = [(r.id, r.applicant.name or r.applicant.email or f"Candidat n° {r.applicant_id}")
                              for r in finalists]
    if request.method == "GET":
        start = date.today() + timedelta(days=1)
        form.finalists.data = [r.id for r in finalists]
        form.brief.data = services.default_brief(mission)
        form.currency.data = mission.budget_currency or "EUR"
        form.priority.data = mission.priority
        form.starts_on.data, form.deadline.data = start, start + timedelta(days=6)
    if form.validate_on_submit():
        try:
            trial_round = services.schedule_round(
                mission, form.finalists.data, brief=form.brief.data, criteria=form.criteria.data,
                amount=form.amount.data, currency=form.currency.data, starts_on=form.starts_on.data,
                deadline=form.deadline.data, checkin_on=form.checkin_on.data,
                tasks_in_trial=form.tasks_in_trial.data, tasks_in_mission=form.tasks_in_mission.data,
                priority=form.priority.data)
        except services.TrialError as exc:
            form.finalists.errors = list(form.finalists.errors) + [str(exc)]
        else:
            n = len(trial_round.trials)
            flash(f"Essais programmés pour {n} finaliste{'s' if n > 1 else ''}. "
                  "Envoyez maintenant les invitations.", "success")
            return redirect(url_for("trials.round_view", round_id=trial_round.id))
    return render_template("trials/new_round.html", mission=mission, form=form, finalists=finalists,
                           compare_url=_compare_url(mission.id))


@bp.route("/essais/<int:round_id>")
def round_view(round_id):
    trial_round = services.get_round(current_user.id, round_id)
    results = services.round_results(trial_round, current_user)
    decision = DecisionForm()
    eligible = [row.trial for row in results.rows
                if row.trial.state == "evaluated" and row.trial.tasks_completed]
    decision.kept.choices = [(t.id, t.name) for t in eligible]
    decision.backup.choices = [(0, "Aucun remplaçant")] + [(t.id, t.name) for t in eligible]
    if trial_round.kept:
        decision.kept.data = trial_round.kept.id
    elif eligible:
        decision.kept.data = results.rows[0].trial.id if results.rows[0].trial in eligible else eligible[0].id
    if trial_round.backup:
        decision.backup.data = trial_round.backup.id
    elif len(eligible) > 1:
        decision.backup.data = next(t.id for t in eligible if t.id != decision.kept.data)
    return render_template("trials/round.html", trial_round=trial_round, mission=trial_round.mission,
                           results=results, decision=decision, eligible=eligible,
                           messages=services.decision_messages(trial_round) if trial_round.decided_at else [],
                           state_form=StateForm(), transitions=TRANSITIONS, today=date.today(),
                           collaborators=portfolio_services.decision_collaborators(trial_round),
                           confirm=ConfirmForm(),
                           compare_url=_compare_url(trial_round.mission_id))


@bp.route("/essais/<int:round_id>/<int:trial_id>")
def trial_view(round_id, trial_id):
    trial = services.get_trial(current_user.id, round_id, trial_id)
    subject, body = services.invitation(trial)
    return render_template("trials/trial.html", trial=trial, trial_round=trial.round,
                           mission=trial.round.mission, subject=subject, body=body,
                           mailto=services.mailto_link(trial),
                           state_form=StateForm(), next_states=services.allowed_states(trial),
                           cost=services.trial_cost(trial, services.hourly_money(current_user)))


@bp.route("/essais/<int:round_id>/<int:trial_id>/etat", methods=("POST",))
def change_state(round_id, trial_id):
    trial = services.get_trial(current_user.id, round_id, trial_id)
    form = StateForm()
    if form.validate_on_submit():
        try:
            services.change_state(trial, form.state.data, form.on.data)
        except services.TrialError as exc:
            flash(f"{exc} Rien n'a été modifié.", "error")
        else:
            flash(f"Essai de {trial.name} : {trial.state_label}.", "success")
    else:
        for error in form.on.errors:
            flash(f"{error} Rien n'a été modifié.", "error")
    if request.form.get("back") == "round":
        return redirect(url_for("trials.round_view", round_id=round_id))
    return redirect(url_for("trials.trial_view", round_id=round_id, trial_id=trial_id))


@bp.route("/essais/<int:round_id>/<int:trial_id>/evaluation", methods=("GET", "POST"))
def evaluate(round_id, trial_id):
    trial = services.get_trial(current_user.id, round_id, trial_id)
    if trial.state not in ("delivered", "evaluated"):
        flash("Cet essai n'a pas été livré : enregistrez d'abord la livraison, puis évaluez-le. "
              "Rien n'a été modifié.", "error")
        return redirect(url_for("trials.trial_view", round_id=round_id, trial_id=trial_id))
    form = EvaluationForm(obj=trial if trial.state == "evaluated" else None)
    if request.method == "GET" and trial.state == "delivered":
        form.amount_paid.data = trial.round.amount
        form.tasks_completed.data = trial.round.tasks_in_trial
        form.on_time.data = bool(trial.on_time)
        form.round_trips.data = 0
    if form.validate_on_submit():
        try:
            services.evaluate_trial(
                trial, quality=form.quality.data, tasks_completed=form.tasks_completed.data,
                on_time=form.on_time.data, round_trips=form.round_trips.data,
                owner_minutes=form.owner_minutes.data, amount_paid=form.amount_paid.data,
                notes=form.notes.data)
        except services.TrialError as exc:
            form.tasks_completed.errors = list(form.tasks_completed.errors) + [str(exc)]
        else:
            flash(f"Évaluation de l'essai de {trial.name} enregistrée.", "success")
            return redirect(url_for("trials.round_view", round_id=round_id))
    return render_template("trials/evaluate.html", trial=trial, trial_round=trial.round,
                           mission=trial.round.mission, form=form)


@bp.route("/essais/<int:round_id>/decision", methods=("POST",))
def decide(round_id):
    trial_round = services.get_round(current_user.id, round_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            services.decide_round(trial_round, form.kept.data, form.backup.data or None)
        except services.TrialError as exc:
            flash(f"{exc} Rien n'a été modifié.", "error")
        else:
            # The keeper and the backup become collaborators: the portfolio follows them from here.
            portfolio_services.collaborators_from_decision(trial_round)
            flash(f"Décision enregistrée : vous gardez {trial_round.kept.name}. La mission est pourvue ; "
                  "confiez-lui ses tâches depuis le portefeuille.", "success")
    else:
        for error in form.kept.errors + form.backup.errors:
            flash(f"{error} Rien n'a été modifié.", "error")
    return redirect(url_for("trials.round_view", round_id=round_id, _anchor="decision"))


def _ics(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/essais/<int:round_id>/calendrier.ics")
def round_calendar(round_id):
    trial_round = services.get_round(current_user.id, round_id)
    return _ics(services.round_ics(trial_round), f"essais-{trial_round.id}.ics")


@bp.route("/essais/<int:round_id>/<int:trial_id>/calendrier.ics")
def trial_calendar(round_id, trial_id):
    trial = services.get_trial(current_user.id, round_id, trial_id)
    return _ics(services.trial_ics(trial), f"essai-{trial.id}.ics")


@bp.route("/compte/valeur-horaire", methods=("GET", "POST"))
def hourly_value():
    form = HourlyValueForm(obj=current_user)
    if form.validate_on_submit():
        services.set_hourly_value(current_user, form.hourly_value.data, form.hourly_currency.data)
        flash("Valeur horaire enregistrée : votre temps passé est compté dans le coût des essais.", "success")
        back = request.args.get("essai", "")
        if back.isdigit():
            return redirect(url_for("trials.round_view", round_id=int(back)))
        return redirect(url_for("trials.hourly_value"))
    return render_template("trials/hourly_value.html", form=form)
