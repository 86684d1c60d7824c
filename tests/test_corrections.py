"""The owner has the last word: corrections of every reading, and everything downstream follows them."""
import copy
import csv
import io
import json
import os
import pathlib
import subprocess
import sys

import pytest
from markupsafe import escape
from sqlalchemy import event, func, select

from screening.corrections.models import Correction
from screening.corrections.readings import effective_assessment
from screening.extensions import db
from screening.missions.posting import MANDATORY_QUESTIONS
from screening.replies.models import Applicant, Reply
from screening.scoring.rubric import REJECT, rate_readings
from tests.test_candidates import COMPLETE, ENGLISH, PARTIAL, add_replies

ROOT = pathlib.Path(__file__).resolve().parent.parent


def correct(client, reply_id, field, value):
    return client.post(f"/reponses/{reply_id}/lecture", data={"champ": field, "valeur": value})


def undo(client, reply_id, field):
    return client.post(f"/reponses/{reply_id}/lecture/annuler", data={"champ": field})


def reply_state(app, reply_id):
    with app.app_context():
        reply = db.session.get(Reply, reply_id)
        return {"score": reply.score, "verdict": reply.verdict, "is_french": reply.is_french,
                "answered_count": reply.answered_count, "template": reply.template,
                "subcontracting": reply.subcontracting, "assessment": copy.deepcopy(reply.assessment)}


def corrections_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Correction.id)))


def csv_rows(client, mission_id, query=""):
    text = client.get(f"/missions/{mission_id}/candidats.csv{query}").get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def partial(app, owner, make_mission):
    """A mission with one reply that answers only question 1 (Paul) and a complete one (Marie)."""
    mission_id = make_mission(owner)
    paul, marie = add_replies(app, owner, mission_id, {"text": PARTIAL, "name": "Paul Martin"},
                              {"text": COMPLETE, "name": "Marie Durand"})
    return mission_id, paul, marie


# ---------------------------------------------------------------------------------------------- 1 + 2

def test_marking_q4_answered_changes_score_reminder_comparison_and_csv(client, app, partial):
    mission_id, paul, _ = partial
    before = reply_state(app, paul)
    page = client.get(f"/reponses/{paul}").get_data(as_text=True)
    assert str(escape(MANDATORY_QUESTIONS[3])) in page  # the reminder asks question 4 again

    response = correct(client, paul, "q4", "oui")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/reponses/{paul}#lecture")
    after = reply_state(app, paul)
    assert after["answered_count"] == before["answered_count"] + 1
    assert after["score"] > before["score"]
    assert after["assessment"] == before["assessment"]  # stored beside, never over

    page = client.get(f"/reponses/{paul}").get_data(as_text=True)
    assert str(escape(MANDATORY_QUESTIONS[3])) not in page  # the reminder no longer asks it
    assert str(escape(MANDATORY_QUESTIONS[1])) in page
    assert "lu par l'analyse : non" in page

    rows = {r["Identifiant"]: r for r in csv_rows(client, mission_id)}
    assert rows[str(paul)]["Score"] == str(after["score"])
    compare = client.get(f"/missions/{mission_id}/candidats").get_data(as_text=True)
    assert f"{after['score']}" in compare


def test_page_shows_both_values_and_one_click_undoes(client, app, partial):
    _, paul, _ = partial
    machine = reply_state(app, paul)
    assert correct(client, paul, "delivery_days", "14").status_code == 302
    page = client.get(f"/reponses/{paul}").get_data(as_text=True)
    assert "corrigé : 14 j · lu par l'analyse : 5 j" in page
    with app.app_context():
        row = db.session.scalar(select(Correction).where(Correction.reply_id == paul))
        assert (row.field, row.machine_value, row.owner_value) == ("delivery_days", 5, 14)
        assert row.corrected_by_id is not None and row.updated_at is not None

    assert undo(client, paul, "delivery_days").status_code == 302
    assert corrections_count(app) == 0
    assert reply_state(app, paul) == machine
    assert "corrigé :" not in client.get(f"/reponses/{paul}").get_data(as_text=True)


def test_analyse_verifiee_confirms_every_reading_at_once(client, app, partial):
    _, paul, _ = partial
    before = reply_state(app, paul)
    assert correct(client, paul, "weekly_hours", "12").status_code == 302
    assert client.post(f"/reponses/{paul}/verifiee").status_code == 302
    with app.app_context():
        rows = {c.field: c for c in db.session.scalars(select(Correction).where(Correction.reply_id == paul))}
    assert len(rows) == 10
    assert rows["weekly_hours"].owner_value == 12  # the correction is kept, the rest is confirmed
    assert all(c.owner_value == c.machine_value for name, c in rows.items() if name != "weekly_hours")
    page = client.get(f"/reponses/{paul}").get_data(as_text=True)
    assert "analyse vérifiée" in page and "Analyse vérifiée</button>" not in page
    assert reply_state(app, paul)["verdict"] == before["verdict"]


def test_confirming_the_analysis_changes_no_score_even_when_too_short_to_judge(client, app, owner, make_mission):
    mission_id = make_mission(owner)
    ids = add_replies(app, owner, mission_id, {"text": "Intéressé, dispo."}, {"text": ENGLISH},
                      {"text": COMPLETE})
    for reply_id in ids:
        before = reply_state(app, reply_id)
        assert client.post(f"/reponses/{reply_id}/verifiee").status_code == 302
        after = reply_state(app, reply_id)
        assert (after["score"], after["verdict"]) == (before["score"], before["verdict"])
    assert corrections_count(app) == 30


# ---------------------------------------------------------------------------------------------- 3

def test_subcontracting_correction_rejects_and_template_correction_clears_the_badge(client, app, partial):
    mission_id, _, marie = partial
    assert reply_state(app, marie)["verdict"] != REJECT
    correct(client, marie, "subcontracting", "oui")
    state = reply_state(app, marie)
    assert state["verdict"] == REJECT and state["subcontracting"] is True
    compare = client.get(f"/missions/{mission_id}/candidats").get_data(as_text=True)
    assert "sous-traitance" in compare
    rows = {r["Identifiant"]: r for r in csv_rows(client, mission_id)}
    assert rows[str(marie)]["Sous-traitance"] == "oui" and rows[str(marie)]["Verdict"] == REJECT


def test_filters_and_sorting_follow_the_owner(client, app, owner, make_mission):
    mission_id = make_mission(owner)
    john, paul = add_replies(app, owner, mission_id, {"text": ENGLISH, "name": "John"},
                             {"text": PARTIAL, "name": "Paul"})
    french = [r["Identifiant"] for r in csv_rows(client, mission_id, "?fr=1")]
    assert str(john) not in french
    correct(client, john, "is_french", "oui")
    assert str(john) in [r["Identifiant"] for r in csv_rows(client, mission_id, "?fr=1")]

    # sort by delivery time: John reads 7 days, Paul 5; the owner says Paul needs 30
    order = [r["Identifiant"] for r in csv_rows(client, mission_id, "?tri=q1&ordre=asc")]
    assert order == [str(paul), str(john)]
    correct(client, paul, "delivery_days", "30")
    order = [r["Identifiant"] for r in csv_rows(client, mission_id, "?tri=q1&ordre=asc")]
    assert order == [str(john), str(paul)]


def test_cost_estimate_follows_corrected_hours_and_finalists_follow_the_score(client, app, owner, make_mission):
    from screening.missions.models import Mission
    from screening.trials.services import mission_finalists

    mission_id = make_mission(owner)
    a, b = add_replies(app, owner, mission_id, {"text": PARTIAL, "name": "Paul", "hourly_rate": 20},
                       {"text": COMPLETE, "name": "Marie", "hourly_rate": 20})
    assert csv_rows(client, mission_id)[0]["Identifiant"] == str(b)
    correct(client, a, "weekly_hours", "14")  # 5 days at 14 h a week: 10 h, 200 € at 20 €/h
    row = {r["Identifiant"]: r for r in csv_rows(client, mission_id)}[str(a)]
    assert row["Heures estimées"] == "10" and row["Coût estimé"] == "200"

    client.post(f"/missions/{mission_id}/finalistes", data={"finaliste": [a, b]})
    for q in ("q2", "q3", "q4"):
        correct(client, a, q, "oui")
    correct(client, b, "template", "oui")
    with app.app_context():
        order = [r.id for r in mission_finalists(db.session.get(Mission, mission_id))]
    assert order == [a, b]


# ---------------------------------------------------------------------------------------------- bad input

def test_another_accounts_reply_is_404_and_nothing_changes(client, app, owner, make_user, make_mission, login):
    other = make_user("autre@example.com")
    mission_id = make_mission(other)
    (theirs,) = add_replies(app, other, mission_id, {"text": PARTIAL})
    before = reply_state(app, theirs)
    assert correct(client, theirs, "q4", "oui").status_code == 404
    assert undo(client, theirs, "q4").status_code == 404
    assert client.post(f"/reponses/{theirs}/verifiee").status_code == 404
    assert client.get(f"/fiabilite?mission={mission_id}").status_code == 404
    assert client.get(f"/missions/{mission_id}/fiabilite").status_code == 404
    assert corrections_count(app) == 0 and reply_state(app, theirs) == before


@pytest.mark.parametrize("field,value,message", [
    ("delivery_days", "-3", "Le délai doit être un nombre de jours supérieur à 0"),
    ("weekly_hours", "200", "une semaine ne compte que 168 heures"),
    ("steps", "0", "le nombre d&#39;étapes doit être d&#39;au moins 1"),
    ("steps", "2,5", "Le nombre d&#39;étapes doit être un nombre entier"),
    ("delivery_days", "=1+1", "saisissez un nombre"),
    ("weekly_hours", "\x00<script>alert(1)</script>" + "9" * 100_000, "saisissez un nombre"),
    ("q1", "peut-être", "choisissez oui ou non"),
    ("score", "100", "Ce champ ne peut pas être corrigé"),
])
def test_out_of_range_values_are_refused_in_french_and_nothing_changes(client, app, partial, field, value, message):
    _, _, marie = partial  # Marie answered q2: 0 steps is out of range
    before = reply_state(app, marie)
    response = correct(client, marie, field, value)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert message in page and "Rien n&#39;a été modifié" in page
    assert "<script>alert(1)</script>" not in page
    assert corrections_count(app) == 0 and reply_state(app, marie) == before


def test_zero_steps_is_accepted_when_q2_is_not_answered(client, app, partial):
    _, paul, _ = partial
    assert correct(client, paul, "steps", "0").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Correction.owner_value).where(Correction.reply_id == paul)) is None


def test_two_tabs_last_write_wins_and_both_show_it(client, app, partial, login):
    _, paul, _ = partial
    second_tab = login("owner@example.com", test_client=app.test_client())
    correct(client, paul, "delivery_days", "10")
    correct(second_tab, paul, "delivery_days", "21")
    with app.app_context():
        values = list(db.session.scalars(select(Correction.owner_value).where(Correction.reply_id == paul)))
    assert values == [21]
    for tab in (client, second_tab):
        assert "corrigé : 21 j" in tab.get(f"/reponses/{paul}").get_data(as_text=True)


def test_expired_form_changes_nothing(app, partial, login):
    _, paul, _ = partial
    tab = login("owner@example.com", test_client=app.test_client())
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = correct(tab, paul, "q4", "oui")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code in (302, 400)
    assert corrections_count(app) == 0


# ---------------------------------------------------------------------------------------------- rescore

def test_rescore_keeps_every_correction(client, app, partial):
    from screening.cli import rescore

    mission_id, paul, marie = partial
    correct(client, paul, "q4", "oui")
    correct(client, marie, "template", "oui")
    expected = {paul: reply_state(app, paul), marie: reply_state(app, marie)}
    result = app.test_cli_runner().invoke(rescore)
    assert result.exit_code == 0, result.output
    for reply_id, state in expected.items():
        now = reply_state(app, reply_id)
        assert (now["score"], now["verdict"], now["template"]) == (state["score"], state["verdict"], state["template"])
        assert now["assessment"]["answered"] == state["assessment"]["answered"]  # still the machine's reading
    assert corrections_count(app) == 2
    assert reply_state(app, marie)["verdict"] == REJECT


# ---------------------------------------------------------------------------------------------- efficiency

def test_comparison_loads_corrections_in_one_query(client, app, owner, make_mission):
    def count_queries(mission_id):
        with app.app_context():
            engine = db.engine
        statements = []

        def listener(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(f"/missions/{mission_id}/candidats").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    small, big = make_mission(owner, title="Petite"), make_mission(owner, title="Grande")
    small_ids = add_replies(app, owner, small, *[{"text": f"{PARTIAL} variante {n}", "email": f"s{n}@example.org"}
                                                 for n in range(3)])
    big_ids = add_replies(app, owner, big, *[{"text": f"{PARTIAL} version {n}", "email": f"b{n}@example.org"}
                                             for n in range(30)])
    for reply_id in small_ids + big_ids:
        correct(client, reply_id, "q4", "oui")
        correct(client, reply_id, "weekly_hours", "10")
    count_queries(small)
    assert count_queries(small) == count_queries(big)
    assert "12 h/sem." not in client.get(f"/missions/{big}/candidats").get_data(as_text=True)


# ---------------------------------------------------------------------------------------------- 4: reliability

def test_reliability_page_counts_agreement_and_links_disagreements(client, app, partial):
    mission_id, paul, marie = partial
    assert "Aucune réponse vérifiée" in client.get("/fiabilite").get_data(as_text=True)
    correct(client, paul, "q4", "oui")           # a disagreement
    client.post(f"/reponses/{paul}/verifiee")     # nine agreements
    correct(client, marie, "is_french", "oui")    # an agreement (the machine said French too)
    page = client.get("/fiabilite").get_data(as_text=True)
    assert "11" in page and "91 %" in page      # 10 of 11 readings agreed
    assert f'/reponses/{paul}#lecture-q4' in page
    assert f'/reponses/{marie}#lecture' not in page
    with app.app_context():
        from screening.corrections.services import reliability
        report = reliability(paul and db.session.get(Reply, paul).owner_id, mission_id)
    stats = {s.field: s for s in report.signals}
    assert (stats["q4"].checked, stats["q4"].agreed) == (1, 0)
    assert (stats["is_french"].checked, stats["is_french"].agreed) == (2, 2)
    assert report.replies_checked == 2 and report.replies_verified == 1
    assert client.get(f"/missions/{mission_id}/fiabilite").status_code == 302
    assert "91 %" in client.get(f"/fiabilite?mission={mission_id}").get_data(as_text=True)


# ---------------------------------------------------------------------------------------------- export-labels

def _command():
    script = pathlib.Path(sys.executable).parent / "screening"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from screening.cli import cli; cli()"]


def _evaluate_script():
    for candidate in (ROOT.parent / "shared" / "eval" / "evaluate.py", pathlib.Path("/work/shared/eval/evaluate.py")):
        if candidate.exists():
            return candidate
    pytest.skip("../shared/eval/evaluate.py is not here")


def test_export_labels_round_trips_through_score_jsonl_and_evaluate(client, app, owner, make_mission, tmp_path):
    from screening.cli import export_labels

    mission_id = make_mission(owner)
    john, paul, marie, extra = add_replies(
        app, owner, mission_id,
        {"text": ENGLISH + "\nJohn Smith, john.smith@example.net, +33 6 12 34 56 78", "name": "John Smith",
         "email": "john.smith@example.net"},
        {"text": PARTIAL, "name": "Paul Martin", "email": "paul@example.org"},
        {"text": COMPLETE, "name": "Marie Durand", "email": "marie@example.org"},
        {"text": PARTIAL + " (bis)", "name": "Léa", "email": "lea@example.org"})
    correct(client, john, "is_french", "oui")  # the owner disagrees with the machine on one reply of three
    for reply_id in (john, paul, marie):
        client.post(f"/reponses/{reply_id}/verifiee")
    correct(client, extra, "q4", "oui")  # corrected but not fully checked: left out

    path = tmp_path / "labels.jsonl"
    result = app.test_cli_runner().invoke(export_labels, ["--mission", str(mission_id), str(path)])
    assert result.exit_code == 0, result.output
    assert "3 réponse(s) vérifiée(s)" in result.output and "1 réponse(s) corrigée(s)" in result.output
    raw = path.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in raw.splitlines()]
    assert [line["type"] for line in lines] == ["mission", "reply", "reply", "reply"]
    gold = {line["id"]: line["gold"] for line in lines[1:]}
    assert gold[f"r{john}"]["is_french"] is True and gold[f"r{john}"]["lang"] == "fr"
    assert gold[f"r{paul}"]["answered"]["q1"] is True and gold[f"r{paul}"]["delivery_days"] == 5
    for personal in ("john.smith@example.net", "Smith", "12 34 56 78", "paul@example.org", "Durand"):
        assert personal not in raw
    assert list(lines[1]) == ["type", "id", "mission", "name", "email", "hourly_rate", "received_at", "text", "gold"]

    scored = subprocess.run([*_command(), "score-jsonl", str(path)], capture_output=True, text=True,
                            encoding="utf-8", timeout=120, env=dict(os.environ))
    assert scored.returncode == 0, scored.stderr
    predictions = tmp_path / "predictions.jsonl"
    predictions.write_text(scored.stdout, encoding="utf-8")
    assert len(scored.stdout.splitlines()) == 3
    evaluated = subprocess.run([sys.executable, str(_evaluate_script()), str(path), str(predictions)],
                               capture_output=True, text=True, timeout=120)
    assert evaluated.returncode == 0, evaluated.stdout + evaluated.stderr
    assert "coverage" in evaluated.stdout
    french = [line for line in evaluated.stdout.splitlines() if line.split() and line.split()[0].startswith(
        "french_accuracy")]
    assert french and "0.667" in french[0]  # the machine disagrees with the owner on John

    with_data = tmp_path / "with.jsonl"
    result = app.test_cli_runner().invoke(export_labels, ["--with-personal-data", str(with_data)])
    assert result.exit_code == 0, result.output
    assert "john.smith@example.net" in with_data.read_text(encoding="utf-8")


def test_export_labels_refuses_another_accounts_mission(app, owner, make_user, make_mission, tmp_path):
    from screening.cli import export_labels

    other = make_user("autre@example.com")
    theirs = make_mission(other)
    result = app.test_cli_runner().invoke(export_labels, ["--account", "owner@example.com", "--mission",
                                                          str(theirs), str(tmp_path / "x.jsonl")])
    assert result.exit_code != 0 and "Aucune mission" in result.output


# ---------------------------------------------------------------------------------------------- JSON export

def test_applicant_json_export_carries_the_corrections_and_the_owners_score(client, app, partial):
    _, paul, _ = partial
    correct(client, paul, "q4", "oui")
    with app.app_context():
        applicant_id = db.session.scalar(select(Applicant.id).join(Reply).where(Reply.id == paul))
    data = client.get(f"/candidats/{applicant_id}/export.json").get_json()
    (entry,) = data["replies"]
    assert entry["corrections"][0]["field"] == "q4" and entry["corrections"][0]["owner_value"] is True
    assert entry["score"] == reply_state(app, paul)["score"]
    assert entry["assessment"]["answered"]["q4"] is False  # the machine's analysis, untouched


# ---------------------------------------------------------------------------------------------- the merge itself

def test_without_corrections_the_rubric_on_plain_readings_gives_the_stored_result(app, partial):
    from screening.corrections.readings import machine_readings, readings_for

    with app.app_context():
        for reply in db.session.scalars(select(Reply)):
            a = reply.assessment
            readings = readings_for(a, machine_readings(a), a["consistency"]["consistent"], False)
            score, verdict, _ = rate_readings(readings)
            assert (score, verdict) == (a["score"], a["verdict"])
            assert effective_assessment(a, {}) is a


def test_deleting_an_applicant_removes_its_corrections_and_keeps_the_others(client, app, partial):
    _, paul, marie = partial
    correct(client, paul, "q4", "oui")
    correct(client, marie, "template", "oui")
    with app.app_context():
        applicant_id = db.session.scalar(select(Applicant.id).join(Reply).where(Reply.id == paul))
    assert client.post(f"/candidats/{applicant_id}/supprimer").status_code == 302
    with app.app_context():
        left = list(db.session.scalars(select(Correction)))
    assert [(c.reply_id, c.field) for c in left] == [(marie, "template")]
    assert reply_state(app, marie)["verdict"] == REJECT
