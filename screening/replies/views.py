"""Adding replies: paste, CSV, e-mail files. All or nothing, with a preview first."""
import re
from dataclasses import dataclass

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from screening.forms import ConfirmForm
from screening.localtime import owner_zone, owner_zone_name
from screening.missions.posting import french_date
from screening.missions.services import get_mission
from screening.queue import QueueUnavailable
from screening.replies import bp, importer, uploads
from screening.replies.forms import CsvUploadForm, EmailUploadForm, PasteForm
from screening.replies.services import ImportFailed, save_import
from screening.timeutil import COMMON_ZONES, is_zone, to_local, utcnow, zone, zone_label

MAX_PROBLEMS_SHOWN = 100


def _render_add(mission, problems=(), active="paste", paste_form=None, preview=None, status=None):
    # A refused import (nothing saved, problems listed) answers 422 Unprocessable Content.
    if status is None:
        status = 422 if problems else 200
    return render_template(
        "replies/add.html", mission=mission, active=active, problems=list(problems)[:MAX_PROBLEMS_SHOWN],
        more_problems=max(0, len(problems) - MAX_PROBLEMS_SHOWN), paste_form=paste_form or PasteForm(),
        csv_form=CsvUploadForm(), email_form=EmailUploadForm(), preview=preview), status


def _saved(mission, report):
    flash(report.message, "success" if report.added else "info")
    return redirect(url_for("candidates.compare", mission_id=mission.id))


def save_or_queue(mission, result, source):
    """A small batch is saved at once; a bigger one is queued and the owner follows its progress page.

    Raises ImportFailed (nothing saved) or QueueUnavailable (nothing queued, nothing saved).
    """
    if len(result.replies) <= current_app.config["IMPORT_SYNC_MAX_REPLIES"]:
        return _saved(mission, save_import(current_user.id, mission, result, source))
    from screening.jobs.services import start_import

    job = start_import(current_user.id, mission, result, source)
    if job.state == "done":  # already finished (a fast worker, or immediate mode)
        flash(job.message, "success" if job.added else "info")
        return redirect(url_for("candidates.compare", mission_id=mission.id))
    return redirect(url_for("jobs.view", job_id=job.id))


def _queue_down(exc):
    return [importer.RowProblem(None, None, exc.message)]


@bp.route("/missions/<int:mission_id>/reponses/ajouter")
def add(mission_id):
    mission = get_mission(current_user.id, mission_id)
    return _render_add(mission, active=request.args.get("onglet", "paste"))


@bp.route("/missions/<int:mission_id>/reponses/coller", methods=("POST",))
def paste(mission_id):
    mission = get_mission(current_user.id, mission_id)
    form = PasteForm()
    if not form.validate_on_submit():
        expired = getattr(form, "csrf_token", None) is not None and form.csrf_token.errors
        return _render_add(mission, paste_form=form, status=400 if expired else 422)
    try:
        result = importer.split_pasted(form.text.data, importer.DateOptions(tz=owner_zone(), now=utcnow()))
    except importer.ImportRejected as exc:
        return _render_add(mission, problems=[importer.RowProblem(None, None, exc.message)], paste_form=form)
    if request.form.get("action") != "save":
        return _render_add(mission, problems=result.problems, paste_form=form, preview=result.replies)
    try:
        return save_or_queue(mission, result, "paste")
    except ImportFailed as exc:
        return _render_add(mission, problems=exc.problems, paste_form=form, preview=result.replies)
    except QueueUnavailable as exc:
        return _render_add(mission, problems=_queue_down(exc), paste_form=form, preview=result.replies,
                           status=503)


@bp.route("/missions/<int:mission_id>/reponses/csv", methods=("POST",))
def csv_upload(mission_id):
    mission = get_mission(current_user.id, mission_id)
    form = CsvUploadForm()
    if not form.validate_on_submit():
        problems = [importer.RowProblem(None, None, e) for e in form.file.errors] or [
            importer.RowProblem(None, None, "Le formulaire a expiré : rechargez la page.")]
        return _render_add(mission, problems=problems, active="csv")
    data = form.file.data.read(importer.MAX_UPLOAD_BYTES + 1)
    try:
        importer.sniff_csv(data)
    except importer.ImportRejected as exc:
        return _render_add(mission, problems=[importer.RowProblem(None, None, exc.message)], active="csv")
    token = uploads.store_upload(current_user.id, data)
    return redirect(url_for("replies.csv_mapping", mission_id=mission.id, token=token))


@bp.route("/missions/<int:mission_id>/reponses/csv/<token>", methods=("GET", "POST"))
def csv_mapping(mission_id, token):
    mission = get_mission(current_user.id, mission_id)
    data = uploads.load_upload(current_user.id, token)
    if data is None:
        flash("Ce fichier n'est plus disponible : envoyez-le de nouveau.", "error")
        return redirect(url_for("replies.add", mission_id=mission.id, onglet="csv"))
    try:
        preview = importer.sniff_csv(data, preview_rows=5)
    except importer.ImportRejected as exc:
        uploads.delete_upload(current_user.id, token)
        return _render_add(mission, problems=[importer.RowProblem(None, None, exc.message)], active="csv",
                           status=422)
    mapping = dict(preview.guessed_mapping)
    problems = []
    posted = request.method == "POST"
    if posted:
        mapping = {}
        for field in importer.FIELDS:
            value = request.form.get(f"col_{field}", "")
            if value.isdigit():
                mapping[field] = int(value)
    dates = date_reading(preview, mapping, request.form if posted else {})
    if posted and request.form.get("action") != "preview":
        if not ConfirmForm().validate_on_submit():
            problems = [importer.RowProblem(None, None, "Le formulaire a expiré : rechargez la page.")]
        else:
            try:
                result = importer.parse_csv(data, mapping, delimiter=preview.delimiter, dates=dates.options)
                response = save_or_queue(mission, result, "csv")
            except importer.ImportRejected as exc:
                problems = [importer.RowProblem(None, None, exc.message)]
            except ImportFailed as exc:
                problems = list(exc.problems)
            except QueueUnavailable as exc:
                problems = _queue_down(exc)
            else:
                uploads.delete_upload(current_user.id, token)  # the batch is saved, or stored with its job
                return response
    return render_template("replies/csv_mapping.html", mission=mission, preview=preview, mapping=mapping,
                           fields=importer.FIELDS, labels=importer.FIELD_LABELS, token=token,
                           problems=problems[:MAX_PROBLEMS_SHOWN], dates=dates, zones=COMMON_ZONES,
                           more_problems=max(0, len(problems) - MAX_PROBLEMS_SHOWN),
                           form=ConfirmForm()), 422 if problems else 200


@bp.route("/missions/<int:mission_id>/reponses/emails", methods=("POST",))
def email_upload(mission_id):
    mission = get_mission(current_user.id, mission_id)
    form = EmailUploadForm()
    files = [f for f in (form.files.data or []) if f and f.filename]
    if not form.validate_on_submit() or not files:
        return _render_add(mission, active="email", problems=[importer.RowProblem(
            None, None, "Choisissez au moins un fichier .eml ou mbox.")])
    replies, problems = [], []
    for upload in files:
        data = upload.read(importer.MAX_UPLOAD_BYTES + 1)
        name = upload.filename or "fichier"
        try:
            result = importer.parse_mbox(data) if _looks_like_mbox(name, data) else importer.parse_eml(data)
        except importer.ImportRejected as exc:
            problems.append(importer.RowProblem(None, None, f"{name} : {exc.message}"))
            continue
        replies.extend(result.replies)
        problems.extend(importer.RowProblem(p.line, p.field, f"{name} : {p.message}", p.index)
                        for p in result.problems)
    try:
        return save_or_queue(mission, importer.ImportResult(tuple(replies), tuple(problems)), "email")
    except ImportFailed as exc:
        return _render_add(mission, problems=exc.problems, active="email")
    except QueueUnavailable as exc:
        return _render_add(mission, problems=_queue_down(exc), active="email", status=503)


@dataclass(frozen=True)
class DateReading:
    """How the dates of a CSV file are read, and how its first dates read that way (the preview)."""

    options: importer.DateOptions
    day_first: bool
    zone_name: str
    order_known: bool  # the file itself tells day/month from month/day (a 13 or more in one place)
    samples: tuple[tuple[str, str], ...]  # (as written, as read)


def date_reading(preview, mapping, form) -> DateReading:
    """Read the owner's choices (zone, day or month first) with the file's and the account's defaults."""
    column = mapping.get("received_at")
    values = [row[column] for row in preview.rows if column is not None and column < len(row)]
    guessed = importer.guess_day_first(values)
    order = form.get("date_order")
    day_first = order != "mdy" if order in ("dmy", "mdy") else guessed is not False
    # Typeform writes "Submit Date (UTC)": the header says the zone the cells do not.
    header = preview.header[column].upper() if column is not None and column < len(preview.header) else ""
    default_zone = "UTC" if re.search(r"\b(UTC|GMT)\b", header) else owner_zone_name()
    zone_name = form.get("date_tz") or default_zone
    if not is_zone(zone_name):
        zone_name = default_zone
    options = importer.DateOptions(tz=zone(zone_name), day_first=day_first)
    samples = []
    for value in values[:3]:
        if not value.strip():
            continue
        try:
            read, has_zone = importer.read_datetime(value, options=options)
        except (ValueError, OverflowError):
            samples.append((value, "date non reconnue"))
            continue
        shown_zone = owner_zone_name() if has_zone else zone_name
        local = to_local(read, zone(shown_zone))
        text = f"{french_date(local.date())}, {local:%H:%M} {zone_label(shown_zone)}"
        samples.append((value, text + (" (fuseau indiqué dans le fichier)" if has_zone else "")))
    return DateReading(options, day_first, zone_name, guessed is not None, tuple(samples))


def _looks_like_mbox(filename: str, data: bytes) -> bool:
    return filename.lower().endswith((".mbox", ".mbx")) or data.lstrip()[:5] == b"From "
