"""Property-based: whatever the text, scoring never raises, is well formed, and is repeatable."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.scoring import DuplicateIndex, MissionInput, ReplyInput, score_reply

MISSION = MissionInput("Logo et landing page pour un atelier de céramique",
                       "Créer un logo et une page d'atterrissage pour les cours de céramique, formulaire d'inscription.",
                       ("Avez-vous un portfolio ?",), datetime(2026, 10, 6, 14, 30, tzinfo=timezone(timedelta(hours=2))))
HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://x\";\"y\")", "+cmd|' /C calc'!A0",
    "@SUM(A1)", "\u202e\u2066abc\u2069", "\u200b\u200c\u200d\u2060\ufeff", "\r\n", "\r", "\x00\x01\x1b", "😀👩‍💻½",
    "[NOM DU CLIENT]", "{prenom}", "Je livre en 5 jours.", "20 h par semaine", "nous sous-traitons",
    "Je suis la personne idéale pour votre projet.", "\ud800", "\U0010ffff", "ﷺ", "İstanbul", "ß", "\u0301e",
    "Dear Sir/Madam", " " * 50, "1) 2) 3) 4)", "jours" * 30,
])
TEXTS = st.one_of(st.text(max_size=400), st.lists(st.one_of(HOSTILE, st.text(max_size=40)), max_size=25).map("".join))
WHEN = st.one_of(st.none(), st.datetimes(timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-4))])),
                 st.datetimes())


def check(data: dict, text: str) -> None:
    json.dumps(data, allow_nan=False)
    assert 0 <= data["score"] <= 100
    assert data["verdict"] in {"à retenir", "à vérifier", "à écarter"}
    assert set(data["answered"]) == {"q1", "q2", "q3", "q4"}
    assert isinstance(data["is_french"], bool) and 0.0 <= data["french_share"] <= 1.0
    assert data["steps"] is None or (isinstance(data["steps"], int) and data["steps"] > 0)
    for sign in data["template_signs"] + data["subcontracting_signs"]:
        assert sign["code"] and sign["label_fr"] and isinstance(sign["weight"], float)
        for ev in sign["evidence"]:
            if "start" in ev:
                assert 0 <= ev["start"] <= ev["end"] <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, name=st.text(max_size=30), email=st.text(max_size=30), when=WHEN)
def test_never_raises_well_formed_and_repeatable(text, name, email, when):
    reply = ReplyInput("p1", text, when, name, email, "m2")
    index = DuplicateIndex()
    index.add(reply)
    index.add(ReplyInput("p2", text + " merci", None, name, email.upper(), "m3"))
    first = score_reply(MISSION, reply, index)
    data = first.to_dict()
    check(data, text)
    assert data["errors"] == []
    assert data == score_reply(MISSION, reply, index).to_dict()
    assert all(m["reply_id"] != "p1" for m in data["duplicates"])


@settings(max_examples=30, deadline=None)
@given(text=TEXTS)
def test_mission_fields_of_any_content(text):
    mission = MissionInput(text, text[::-1], (text,), None)
    check(score_reply(mission, ReplyInput("x", text), None).to_dict(), text)
