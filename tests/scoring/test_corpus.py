"""Fixture corpora, one case per line: tests/scoring/corpus/<lang>/<topic>.jsonl.

Each line is {"mission": KEY of missions.json, "text": the reply, "expect": {field: value}}, where a field
is one of the `score-jsonl` values (delivery_days, weekly_hours, steps, template, subcontracting) or
"answered.qN". Positives carry the expected value, negatives the value that must not be read (false,
null). The test id is `lang/topic:line`. Adding a phrasing is one line here and, if the scorer misses it,
one line in a lexicon table (screening/scoring/lexicon/).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from screening.scoring import MissionInput, ReplyInput, score_reply

ROOT = Path(__file__).parent / "corpus"
MISSIONS = {k: MissionInput(v["title"], v["description"])
            for k, v in json.loads((ROOT / "missions.json").read_text(encoding="utf-8")).items()}


def _cases():
    for path in sorted(ROOT.glob("*/*.jsonl")):
        lang, topic = path.parent.name, path.stem
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield pytest.param(json.loads(line), id=f"{lang}/{topic}:{n}")


CASES = list(_cases())


def _value(data: dict, key: str):
    if key.startswith("answered."):
        return data["answered"][key.split(".", 1)[1]]
    return data[key]


@pytest.mark.parametrize("case", CASES)
def test_corpus_case(case):
    data = score_reply(MISSIONS[case["mission"]], ReplyInput("c", case["text"])).to_dict()
    got = {key: _value(data, key) for key in case["expect"]}
    for key, want in case["expect"].items():
        if isinstance(want, (int, float)) and not isinstance(want, bool):
            assert got[key] is not None and abs(got[key] - want) < 0.05, (key, got, case["text"])
        else:
            assert got[key] == want, (key, got, case["text"])


def test_corpus_covers_every_language_and_kind():
    ids = {p.id.split(":")[0] for p in CASES}
    for lang in ("fr", "en", "es", "it", "pt", "de", "nl"):
        assert any(i.startswith(lang + "/") for i in ids), lang
    for topic in ("delivery", "steps", "weekly", "why", "template", "subcontracting", "html"):
        assert f"fr/{topic}" in ids, topic


_TAG_RE = re.compile(r"<[^<>]*>|&[#\w]+;")


@pytest.mark.parametrize("case", [c for c in CASES if "/html:" in c.id])
def test_html_evidence_never_starts_or_ends_inside_a_tag(case):
    text = case["text"]
    data = score_reply(MISSIONS[case["mission"]], ReplyInput("c", text)).to_dict()
    inside = [(m.start(), m.end()) for m in _TAG_RE.finditer(text)]
    spans = [s for q in data["answers"]["evidence"].values() for s in q]
    spans += [s["span"] for s in data["answers"]["steps"]]
    assert spans
    for s in spans:
        for a, b in inside:
            assert not a < s["start"] < b and not a < s["end"] < b, (s, text[a:b])
