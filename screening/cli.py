"""The `screening` command: the Flask app's CLI plus commands that need no app."""
import sys

import click
from flask.cli import FlaskGroup, with_appcontext

from screening import create_app


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """Gérer l'application screening."""


@cli.group("users")
def users():
    """Comptes utilisateurs."""


@users.command("create")
@click.option("--email", prompt="Adresse e-mail")
@click.option("--name", default="", help="Nom affiché.")
@click.password_option("--password", prompt="Mot de passe")
@with_appcontext
def users_create(email, name, password):
    """Create an account."""
    from screening.auth.services import AccountError, create_user

    try:
        user = create_user(email, password, name)
    except AccountError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"Compte créé : {user.email}")


@cli.command("rescore")
@click.option("--en-tache", "as_job", is_flag=True, help="Confier le calcul au worker de la file de tâches.")
@with_appcontext
def rescore(as_job):
    """Recompute every stored score with the current scorer."""
    from screening.replies.services import rescore_all
    from screening.scoring import SCORER_VERSION

    if as_job:
        from screening.jobs.tasks import rescore as rescore_task
        rescore_task()
        click.echo("Nouvelle analyse confiée au worker (screening worker).")
        return

    def progress(done, total):
        click.echo(f"\r{done}/{total} réponses analysées", nl=False, err=True)

    count = rescore_all(progress=progress)
    click.echo(f"\n{count} réponses analysées avec la version {SCORER_VERSION} du moteur d'analyse.")


@cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Lister ce qui serait supprimé, sans rien supprimer.")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Durée de conservation en jours (défaut : RETENTION_DAYS, 365).")
@click.option("--en-tache", "as_job", is_flag=True, help="Confier la purge au worker de la file de tâches.")
@with_appcontext
def purge(dry_run, days, as_job):
    """Remove applicants of missions closed longer ago than the retention period."""
    from flask import current_app

    from screening.privacy.services import purge as run_purge

    days = current_app.config["RETENTION_DAYS"] if days is None else days
    if as_job and not dry_run:
        from screening.jobs.tasks import purge as purge_task
        purge_task(days)
        click.echo(f"Purge (missions closes depuis plus de {days} jours) confiée au worker.")
        return
    items = run_purge(days, dry_run=dry_run)
    verb = "serait supprimé" if dry_run else "supprimé"
    for item in items:
        who = item.name or item.email or f"candidat n°{item.applicant_id}"
        click.echo(f"- {who} <{item.email or 'sans e-mail'}> : {item.replies} réponse(s) — {verb}")
    total = len(items)
    if dry_run:
        click.echo(f"{total} candidat(s) seraient supprimés (missions closes depuis plus de {days} jours). "
                   "Rien n'a été supprimé.")
    else:
        click.echo(f"{total} candidat(s) supprimé(s) (missions closes depuis plus de {days} jours).")


@cli.command("backup")
@click.argument("destination", required=False, type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup(destination):
    """Write a consistent copy of the database (SQLite online backup; pg_dump advice for PostgreSQL)."""
    from screening.backup import backup_database

    try:
        path = backup_database(destination)
    except NotImplementedError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"Sauvegarde écrite : {path}")


@cli.command("demo")
@click.option("--email", required=True, help="Compte qui recevra la mission d'exemple.")
@with_appcontext
def demo_command(email):
    """Create the sample mission (a dozen scored replies) for an account."""
    from screening.auth.services import find_user_by_email
    from screening.demo import get_or_create_demo

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"Aucun compte pour {email}.")
    mission, created = get_or_create_demo(user.id)
    click.echo(f"Mission d'exemple {'créée' if created else 'déjà présente'} : n° {mission.id}.")


@cli.command("worker", with_appcontext=False)
@click.option("--workers", "-w", type=click.IntRange(min=1), default=None,
              help="Nombre de processus (défaut : QUEUE_WORKERS, sinon un par cœur).")
@click.option("--threads", is_flag=True, help="Des fils d'exécution au lieu de processus.")
def worker(workers, threads):
    """Run the task queue's worker (imports, rescoring, purge, mailbox polling)."""
    import logging

    from screening.queue import huey, run_worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if huey.immediate:
        raise click.ClickException("QUEUE_IMMEDIATE est actif : les tâches s'exécutent déjà sans worker.")
    click.echo(f"File « {huey.name} » ({huey.backend}) : worker démarré.", err=True)
    run_worker(workers, "thread" if threads else "process")


@cli.command("export-labels")
@click.option("--mission", "mission_id", type=click.IntRange(min=1), default=None,
              help="Seulement les réponses de cette mission (son numéro).")
@click.option("--account", "email", default=None,
              help="Compte dont les réponses sont exportées (obligatoire s'il y en a plusieurs).")
@click.option("--with-personal-data", is_flag=True,
              help="Garder noms, e-mails, liens et numéros de téléphone (retirés par défaut).")
@click.argument("destination", type=click.Path(dir_okay=False, writable=True, allow_dash=True))
@with_appcontext
def export_labels(mission_id, email, with_personal_data, destination):
    """Write the replies the owner checked in the corpus format (gold = the owner's values)."""
    from sqlalchemy import select

    from screening.auth.models import User
    from screening.auth.services import find_user_by_email
    from screening.corrections.services import export_labels as run_export
    from screening.extensions import db
    from screening.missions.models import Mission

    if email:
        user = find_user_by_email(email)
        if user is None:
            raise click.ClickException(f"Aucun compte pour {email}.")
    elif mission_id is not None:
        mission = db.session.get(Mission, mission_id)
        if mission is None:
            raise click.ClickException(f"Aucune mission n° {mission_id}.")
        user = db.session.get(User, mission.owner_id)
    else:
        users = list(db.session.scalars(select(User).limit(2)))
        if len(users) != 1:
            raise click.ClickException("Plusieurs comptes (ou aucun) : précisez --account EMAIL." if users
                                       else "Aucun compte.")
        user = users[0]
    if mission_id is not None:
        mission = db.session.get(Mission, mission_id)
        if mission is None or mission.owner_id != user.id:
            raise click.ClickException(f"Aucune mission n° {mission_id} pour ce compte.")
    result = run_export(user.id, mission_id, with_personal_data=with_personal_data)
    with click.open_file(destination, "w", encoding="utf-8", lazy=False) as out:
        for line in result.lines:
            out.write(line + "\n")
    privacy = "" if with_personal_data else " (sans données personnelles)"
    click.echo(f"{result.replies} réponse(s) vérifiée(s) sur {result.missions} mission(s) écrite(s) dans "
               f"{destination}{privacy}.", err=True)
    if result.skipped:
        click.echo(f"{result.skipped} réponse(s) corrigée(s) mais pas entièrement vérifiée(s) "
                   "laissée(s) de côté : cliquez « Analyse vérifiée » sur leur page pour les inclure.",
                   err=True)


@cli.command("score-jsonl", with_appcontext=False)
@click.argument("path", type=click.File("r", encoding="utf-8"))
def score_jsonl(path):
    """Print one prediction line (JSON) per reply of the corpus file PATH."""
    from screening.scoring.corpus import score_corpus_lines

    for line in score_corpus_lines(path):
        sys.stdout.write(line + "\n")
