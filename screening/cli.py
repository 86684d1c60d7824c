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
@with_appcontext
def rescore():
    """Recompute every stored score with the current scorer."""
    from screening.replies.services import rescore_all
    from screening.scoring import SCORER_VERSION

    def progress(done, total):
        click.echo(f"\r{done}/{total} réponses analysées", nl=False, err=True)

    count = rescore_all(progress=progress)
    click.echo(f"\n{count} réponses analysées avec la version {SCORER_VERSION} du moteur d'analyse.")


@cli.command("score-jsonl", with_appcontext=False)
@click.argument("path", type=click.File("r", encoding="utf-8"))
def score_jsonl(path):
    """Print one prediction line (JSON) per reply of the corpus file PATH."""
    from screening.scoring.corpus import score_corpus_lines

    for line in score_corpus_lines(path):
        sys.stdout.write(line + "\n")
