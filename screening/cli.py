"""The `screening` command: the Flask app's CLI plus commands that need no app."""
import sys

import click
from flask.cli import FlaskGroup

from screening import create_app


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """Gérer l'application screening."""


@cli.command("score-jsonl", with_appcontext=False)
@click.argument("path", type=click.File("r", encoding="utf-8"))
def score_jsonl(path):
    """Print one prediction line (JSON) per reply of the corpus file PATH."""
    from screening.scoring.corpus import score_corpus_lines

    for line in score_corpus_lines(path):
        sys.stdout.write(line + "\n")
