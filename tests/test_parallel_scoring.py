"""A large batch is scored by several processes with exactly the results of in-process scoring."""
import pytest
from sqlalchemy import select

from screening.extensions import db
from screening.missions.models import Mission
from screening.replies import importer, scoring_service
from screening.replies.models import Reply
from screening.replies.services import save_import

TEXTS = [
    "Bonjour, je livre la saisie en {n} jours. Étapes : tri (2 h), saisie ({n} h), contrôle (1 h). "
    "J'ai {n} heures par semaine. J'ai saisi des fiches clients pour une agence immobilière.",
    "Bonjour, je suis très motivé et sérieux, disponible immédiatement pour votre projet. N'hésitez pas "
    "à me contacter, je m'adapte à tous vos besoins avec rigueur et professionnalisme. Cordialement.",
    "Hello, I can do this task in {n} days, {n} hours per week. Best regards.",
]


def run_import(app, owner_id, mission_id, processes):
    app.config["SCORING_PROCESSES"] = processes
    parsed = tuple(importer.ParsedReply(name=f"C{i}", email=f"c{i}@example.com",
                                        text=TEXTS[i % 3].format(n=i % 7 + 2) + ("" if i % 3 == 1 else f" #{i}"))
                   for i in range(24))
    with app.app_context():
        save_import(owner_id, db.session.get(Mission, mission_id), importer.ImportResult(parsed), "csv")
        rows = db.session.scalars(select(Reply).where(Reply.mission_id == mission_id).order_by(Reply.id))
        return [(r.score, r.verdict, r.template, r.is_french, r.answered_count,
                 sorted(s["code"] for s in r.assessment["template_signs"])) for r in rows]


@pytest.mark.parametrize("processes", [2])
def test_parallel_and_in_process_scoring_agree(app, make_user, make_mission, monkeypatch, processes):
    monkeypatch.setattr(scoring_service, "PARALLEL_MIN", 10)
    calls = []
    original = scoring_service.parallel.score_batch
    def spy(*args, **kwargs):
        result = original(*args, **kwargs)
        calls.append(result is not None)  # True: the pool did the work (no silent fallback)
        return result
    monkeypatch.setattr(scoring_service.parallel, "score_batch", spy)
    first, second = make_user("a@example.com"), make_user("b@example.com")
    sequential = run_import(app, first, make_mission(first), 1)
    assert calls == []
    parallel = run_import(app, second, make_mission(second), processes)
    assert calls == [True]
    assert parallel == sequential
    assert any(template for _, _, template, *_ in parallel)  # the copies were found across processes
