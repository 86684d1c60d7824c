"""The public API: score_reply, Assessment, MissionInput, ReplyInput, DuplicateIndex, warm_up."""
from __future__ import annotations

import dataclasses
import json
import pathlib
from datetime import datetime, timedelta, timezone

import pytest

from screening.scoring import (
    SCORER_VERSION,
    Assessment,
    DuplicateIndex,
    MissionInput,
    ReplyInput,
    score_reply,
    warm_up,
)

DATA = pathlib.Path(__file__).parent / "data" / "corpus_sample.jsonl"
PARIS = timezone(timedelta(hours=2))
MISSION = MissionInput(
    title="Saisie de 400 cartes de visite dans un tableur",
    description=("Notre brûlerie de café de spécialité, à Lyon, a rapporté 400 cartes de visite de salons "
                 "professionnels. Objectif : saisir les cartes dans un tableur Google Sheets, une ligne par contact, "
                 "sans doublons, téléphones au format international. La mission doit être réalisée par vous-même."),
    questions=("Avez-vous déjà utilisé Google Sheets ?",),
    published_at=datetime(2026, 10, 5, 9, 0, tzinfo=PARIS),
)
GOOD = ("Bonjour,\n1) Je peux vous livrer le tableur complet en 4 jours.\n2) Étapes : préparation des PDF et du tableur "
        "(une demi-journée) ; saisie des 400 cartes salon par salon (3 jours) ; contrôle des doublons et du format "
        "+33 (une demi-journée).\n3) Je dispose de 20 heures par semaine.\n4) J'ai été assistante administrative "
        "6 ans dans un cabinet comptable où j'ai saisi une base de 3 000 contacts clients dans Google Sheets ; "
        "je connais les cartes de visite de salons professionnels et le dédoublonnage.\nCamille")
KEYS = {"id", "lang", "is_french", "french_share", "answered", "delivery_days", "weekly_hours", "steps", "template",
        "template_signs", "subcontracting", "score", "verdict", "reasons", "scorer_version", "truncated",
        "analysed_chars", "duplicates", "subcontracting_signs", "consistency", "language"}


def load_sample():
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    missions = {r["id"]: MissionInput(r["title"], r["description"], (), datetime.fromisoformat(r["published_at"]))
                for r in rows if r["type"] == "mission"}
    replies = [(r, ReplyInput(r["id"], r["text"], datetime.fromisoformat(r["received_at"]), r["name"], r["email"],
                              r["mission"])) for r in rows if r["type"] == "reply"]
    return missions, replies


def test_complete_reply_is_kept_with_json_result():
    warm_up()
    result = score_reply(MISSION, ReplyInput("r1", GOOD, datetime(2026, 10, 5, 10, 0, tzinfo=PARIS)))
    assert isinstance(result, Assessment)
    data = result.to_dict()
    assert KEYS <= set(data)
    json.dumps(data, allow_nan=False)
    assert data["verdict"] == "à retenir" and data["lang"] == "fr" and data["is_french"]
    assert data["answered"] == {"q1": True, "q2": True, "q3": True, "q4": True}
    assert data["delivery_days"] == 4 and data["weekly_hours"] == 20 and data["steps"] == 3
    assert data["scorer_version"] == SCORER_VERSION
    assert not data["template"] and not data["subcontracting"] and not data["truncated"]


def test_result_is_immutable():
    result = score_reply(MISSION, ReplyInput("r1", GOOD))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.score = 100
    with pytest.raises(TypeError):
        result.answered["q1"] = False


def test_minutes_after_publication_compares_instants_across_offsets():
    received = datetime(2026, 10, 5, 7, 2, 30, tzinfo=timezone.utc)  # 09:02:30 in Paris
    long_generic = " ".join(["Je suis sérieuse, motivée et disponible pour tout type de travail."] * 15)
    result = score_reply(MISSION, ReplyInput("r2", long_generic, received))
    assert result.minutes_after_publication == 2.5
    assert "fast_long_reply" in [s["code"] for s in result.to_dict()["template_signs"]]


def test_naive_and_missing_times_do_not_raise():
    naive = MissionInput("t", "d", (), datetime(2026, 10, 5, 9, 0))
    assert score_reply(naive, ReplyInput("x", GOOD, datetime(2026, 10, 5, 9, 3, tzinfo=PARIS))).to_dict()
    assert score_reply(MissionInput(), ReplyInput("x", GOOD)).minutes_after_publication is None


def test_index_duplicates_and_the_reply_itself():
    index = DuplicateIndex()
    first = ReplyInput("a", GOOD, None, "Camille", "camille@example.com", "m1")
    index.add(first)
    assert score_reply(MISSION, first, index).duplicates == ()
    copy = ReplyInput("b", GOOD, None, "Autre", "autre@example.com", "m1")
    index.add(copy)
    result = score_reply(MISSION, first, index).to_dict()
    assert result["template"] and result["verdict"] == "à écarter"
    sign = next(s for s in result["template_signs"] if s["code"] == "duplicate_same_mission")
    assert sign["evidence"][0]["reply_id"] == "b" and sign["evidence"][0]["similarity"] == 1.0


def test_huge_reply_is_scored_and_says_it_was_cut():
    text = (GOOD + "\n") * 1000 + "x" * (1_000_000 - len(GOOD) * 1000)
    result = score_reply(MISSION, ReplyInput("big", text), DuplicateIndex())
    data = result.to_dict()
    assert data["truncated"] and data["analysed_chars"] < len(text)


def test_evidence_offsets_point_into_the_original_text():
    text = "\ufeffBonjour [NOM DU CLIENT],\r\n\u200bNous sous-traitons la saisie à notre équipe de 10 opératrices."
    data = score_reply(MISSION, ReplyInput("z", text)).to_dict()
    for sign in data["template_signs"] + data["subcontracting_signs"]:
        for ev in sign["evidence"]:
            if "start" in ev:
                assert 0 <= ev["start"] <= ev["end"] <= len(text)
    hole = next(s for s in data["template_signs"] if s["code"] == "placeholder")["evidence"][0]
    assert text[hole["start"]:hole["end"]] == "[NOM DU CLIENT]"
    assert data["subcontracting"]


def test_labelled_sample_template_and_subcontracting():
    missions, replies = load_sample()
    index = DuplicateIndex()
    for _, reply in replies:
        index.add(reply)
    wrong = []
    for row, reply in replies:
        data = score_reply(missions[reply.mission_id], reply, index).to_dict()
        gold = row["gold"]
        for key in ("template", "subcontracting", "is_french"):
            if data[key] != gold[key]:
                wrong.append((row["id"], key, data[key]))
        if gold["template"] or gold["subcontracting"] or not gold["is_french"]:
            assert data["verdict"] == "à écarter", row["id"]
    assert wrong == []


def test_same_input_same_output():
    missions, replies = load_sample()
    index = DuplicateIndex()
    for _, reply in replies:
        index.add(reply)
    first = [score_reply(missions[r.mission_id], r, index).to_dict() for _, r in replies]
    again = [score_reply(missions[r.mission_id], r, index).to_dict() for _, r in replies]
    assert first == again


@pytest.mark.parametrize("text", [
    "a" * 1_000_000, "a." * 500_000, "1" * 1_000_000, "a@" * 500_000, "<a " * 333_333, "[" * 1_000_000,
    "{a" * 500_000, "\u200b" * 1_000_000, "http://" + "a" * 999_000, "nous " * 200_000, "\r\n" * 500_000,
])
def test_pathological_megabyte_inputs_are_cut_and_never_fail(text):
    index = DuplicateIndex()
    index.add(ReplyInput("other", text))
    data = score_reply(MISSION, ReplyInput("big", text, name=text[:200], email=text[:200]), index).to_dict()
    assert data["truncated"] and data["errors"] == []
