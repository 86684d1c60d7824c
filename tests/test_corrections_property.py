"""Property: whatever corrections the owner applies, score and verdict are the rubric's on the corrected readings."""
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from screening.candidates.services import candidate_row
from screening.corrections import services
from screening.corrections.models import Correction
from screening.corrections.readings import machine_readings
from screening.extensions import db
from screening.replies.models import Reply
from screening.scoring import completeness
from screening.scoring.rubric import Readings, rate_readings
from tests.test_candidates import COMPLETE, ENGLISH, PARTIAL, add_replies

TEMPLATE = ("Bonjour, je suis la personne idéale pour votre projet. Je suis sérieux, motivé et disponible. "
            "N'hésitez pas à me contacter pour plus d'informations. Cordialement, [NOM]")
BOOL_FIELDS = ("is_french", "q1", "q2", "q3", "q4", "template", "subcontracting")
CORRECTIONS = st.fixed_dictionaries({}, optional={
    **{name: st.booleans() for name in BOOL_FIELDS},
    "delivery_days": st.one_of(st.none(), st.integers(1, 3650), st.floats(0.05, 3650).map(lambda x: round(x, 2))),
    "weekly_hours": st.one_of(st.none(), st.integers(1, 168), st.floats(0.5, 168).map(lambda x: round(x, 1))),
    "steps": st.one_of(st.none(), st.integers(1, 50)),
})


def expected(a: dict, owner: dict):
    """The rubric's score and verdict on the readings the owner says, built here from the definitions."""
    machine = machine_readings(a)
    value = {k: owner.get(k, machine[k]) for k in machine}
    answers = a.get("answers") or {}
    total = answers.get("steps_total_hours")
    steps_misread = value["steps"] != machine["steps"] or (machine["q2"] and not value["q2"])
    if steps_misread:
        total = None
    figures_changed = steps_misread or any(
        abs((value[k] or 0) - (machine[k] or 0)) > 0.01 or (value[k] is None) != (machine[k] is None)
        for k in ("delivery_days", "weekly_hours"))
    consistent = a["consistency"]["consistent"]
    if figures_changed:
        consistent = completeness.check_consistency(SimpleNamespace(
            steps_total_hours=total, delivery_days=value["delivery_days"],
            weekly_hours=value["weekly_hours"])).consistent
    french_said = "is_french" in owner and owner["is_french"] != machine["is_french"]
    score, verdict, _ = rate_readings(Readings(
        answered={q: value[q] for q in ("q1", "q2", "q3", "q4")}, consistent=consistent,
        is_french=value["is_french"], language_status="ok" if french_said else a["lang_status"],
        french_share=None if french_said else a["french_share"], template=value["template"],
        subcontracting=value["subcontracting"], mission_terms=a["mission_terms"]))
    return score, verdict


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 3), owner_values=CORRECTIONS, undo=st.sampled_from([None, *BOOL_FIELDS, "steps"]))
def test_score_and_verdict_are_the_rubrics_on_the_corrected_readings(app, owner, make_mission, which,
                                                                      owner_values, undo):
    with app.app_context():
        ids = list(db.session.scalars(select(Reply.id).order_by(Reply.id)))
    if not ids:
        mission_id = make_mission(owner)
        ids = add_replies(app, owner, mission_id, *[{"text": t} for t in (COMPLETE, PARTIAL, ENGLISH, TEMPLATE)])
    reply_id = ids[which]
    with app.app_context():
        db.session.execute(delete(Correction))  # the previous example's corrections
        for other in db.session.scalars(select(Reply)):
            services.sync_columns(other, {})
        db.session.commit()
        for name, value in owner_values.items():
            services.set_correction(owner, reply_id, name, "" if value is None else
                                    ("oui" if value is True else "non" if value is False else str(value)))
        applied = dict(owner_values)
        if undo in applied:
            services.undo_correction(owner, reply_id, undo)
            del applied[undo]
        reply = db.session.get(Reply, reply_id)
        want = expected(reply.assessment, applied)
        assert (reply.score, reply.verdict) == want
        row = candidate_row(reply, None, services.owner_values_for(owner, [reply_id]).get(reply_id))
        assert (row.score, row.verdict) == want
