"""Adding replies: paste, CSV, e-mail files. All or nothing, with a preview first."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from screening.missions.forms import ConfirmForm
from screening.missions.services import get_mission
from screening.replies import bp, importer, uploads
from screening.replies.forms import CsvUploadForm, EmailUploadForm, PasteForm
from screening.replies.services import ImportFailed, save_import

MAX_PROBLEMS_SHOWN = 100


def _render_add(mission, problems=(), active="paste", paste_form=None, preview=None, status=200):
    return render_template(
        "replies/add.html", mission=mission, active=active, problems=list(problems)[:MAX_PROBLEMS_SHOWN],
        more_problems=max(0, len(problems) - MAX_PROBLEMS_SHOWN), paste_form=paste_form or PasteForm(),
        csv_form=CsvUploadForm(), email_form=EmailUploadForm(), preview=preview), status


def _saved(mission, report):
    flash(report.message, "success" if report.added else "info")
    return redirect(url_for("candidates.compare", mission_id=mission.id))


@bp.route("/missions/<int:mission_id>/reponses/ajouter")
def add(mission_id):
    mission = get_mission(current_user.id, mission_id)
    return _render_add(mission, active=request.args.get("onglet", "paste"))


@bp.route("/missions/<int:mission_id>/reponses/coller", methods=("POST",))
def paste(mission_id):
    mission = get_mission(current_user.id, mission_id)
    form = PasteForm()
    if not form.validate_on_submit():
        return _render_add(mission, paste_form=form, status=400 if getattr(form, "csrf_token", None) is not None and form.csrf_token.errors else 200)
    try:
        result = importer.split_pasted(form.text.data)
    except importer.ImportRejected as exc:
        return _render_add(mission, problems=[importer.RowProblem(None, None, exc.message)], paste_form=form)
    if request.form.get("action") != "save":
        return _render_add(mission, problems=result.problems, paste_form=form, preview=result.replies)
    try:
        report = save_import(current_user.id, mission, result, "paste")
    except ImportFailed as exc:
        return _render_add(mission, problems=exc.problems, paste_form=form, preview=result.replies)
    return _saved(mission, report)


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
    preview = importer.sniff_csv(data, preview_rows=5)
    mapping = dict(preview.guessed_mapping)
    problems = []
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            problems = [importer.RowProblem(None, None, "Le formulaire a expiré : rechargez la page.")]
        else:
            mapping = {}
            for field in importer.FIELDS:
                value = request.form.get(f"col_{field}", "")
                if value.isdigit():
                    mapping[field] = int(value)
            try:
                result = importer.parse_csv(data, mapping, delimiter=preview.delimiter)
                report = save_import(current_user.id, mission, result, "csv")
            except importer.ImportRejected as exc:
                problems = [importer.RowProblem(None, None, exc.message)]
            except ImportFailed as exc:
                problems = list(exc.problems)
            else:
                uploads.delete_upload(current_user.id, token)
                return _saved(mission, report)
    return render_template("replies/csv_mapping.html", mission=mission, preview=preview, mapping=mapping,
                           fields=importer.FIELDS, labels=importer.FIELD_LABELS, token=token,
                           problems=problems[:MAX_PROBLEMS_SHOWN],
                           more_problems=max(0, len(problems) - MAX_PROBLEMS_SHOWN), form=ConfirmForm())


@bp.route("/missions/<int:mission_id>/reponses/emails", methods=("POST",))
def email_upload(mission_id):
    mission = get_mission(current_user.id, mission_id)
    form = EmailUploadForm()
    files = [f for f in (form.files.data or []) if f and f.filename]
    if not form.validate_on_submit() or not files:
        return _render_add(mission, active="email", problems=[importer.RowProblem(
            None, None, "Choisissez au moins un fichier .eml ou mbox.")])
    replies, problems, datas = [], [], []
    for upload in files:
        data = upload.read(importer.MAX_UPLOAD_BYTES + 1)
        name = upload.filename or "fichier"
        datas.append(data)
        try:
            result = importer.parse_mbox(data) if _looks_like_mbox(name, data) else importer.parse_eml(data)
        except importer.ImportRejected as exc:
            problems.append(importer.RowProblem(None, None, f"{name} : {exc.message}"))
            continue
        replies.extend(result.replies)
        problems.extend(importer.RowProblem(p.line, p.field, f"{name} : {p.message}", p.index)
                        for p in result.problems)
    from screening.mailbox.services import needs_sorting
    if not problems and replies and needs_sorting(current_user.id, mission.id, replies):
        # Replies to several missions: the owner checks the mission chosen for each message first.
        tokens = [uploads.store_upload(current_user.id, data) for data in datas]
        return redirect(url_for("mailbox.sort_upload", mission_id=mission.id, t=tokens))
    try:
        report = save_import(current_user.id, mission, importer.ImportResult(tuple(replies), tuple(problems)),
                             "email")
    except ImportFailed as exc:
        return _render_add(mission, problems=exc.problems, active="email")
    return _saved(mission, report)


def _looks_like_mbox(filename: str, data: bytes) -> bool:
    return filename.lower().endswith((".mbox", ".mbx")) or data.lstrip()[:5] == b"From "
