"""The comparison page, the candidate page, finalists, CSV export, highlighting and the demo."""
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from screening.candidates.highlight import Span, highlight
from screening.candidates.services import follow_up_message, shared_passages
from screening.extensions import db
from screening.missions.models import Mission
from screening.missions.posting import FRENCH_REQUIREMENT, MANDATORY_QUESTIONS
from screening.replies.importer import ImportResult, ParsedReply
from screening.replies.models import Reply
from screening.replies.services import save_import
from screening.timeutil import utcnow

COMPLETE = """Bonjour,

1. Je peux livrer la saisie des cartes de visite en deux semaines.
2. Étapes : préparation du tableur (2 h), saisie des 400 cartes (16 h), contrôle des doublons (2 h).
3. Je dispose de 10 heures par semaine pour ce projet.
4. Pourquoi moi : je suis assistante administrative depuis huit ans et j'ai déjà saisi plus de 1 000 cartes
de visite dans un tableur pour une agence lyonnaise, sans erreur de format.

Marie"""
PARTIAL = """Bonjour,

Je peux livrer la mission en cinq jours. J'ai l'habitude des tableurs et je travaille vite.

Paul"""
ENGLISH = """Hello, I can do the data entry of your business cards in one week. I have 20 hours per week
available and I have done this kind of work many times before for other clients. Best regards, John"""


@pytest.fixture(autouse=True)
def fresh_duplicate_index():
    """The per-account duplicate index lives in memory; each test starts a new database with the same ids."""
    from screening.replies.scoring_service import index_cache
    index_cache.forget()
    yield
    index_cache.forget()


def add_replies(app, owner_id, mission_id, *items):
    """Save replies through the real import path (scored on save); returns their ids in order."""
    with app.app_context():
        mission = db.session.get(Mission, mission_id)
        parsed = []
        for n, item in enumerate(items, 1):
            item = dict(item)
            item.setdefault("name", f"Candidat {n}")
            item.setdefault("email", f"candidat{n}-{mission_id}@example.org")
            parsed.append(ParsedReply(**item))
        report = save_import(owner_id, mission, ImportResult(replies=tuple(parsed)), "paste")
        return [reply.id for reply in report.added]


def finalists(app, mission_id):
    with app.app_context():
        return sorted(db.session.scalars(select(Reply.id).where(Reply.mission_id == mission_id,
                                                                Reply.is_finalist.is_(True))))


# ---------------------------------------------------------------------------------------------------
# highlight()
# ---------------------------------------------------------------------------------------------------

def test_highlight_wraps_spans_and_escapes_everything():
    html = str(highlight("a <b> & c", [Span(2, 5, "q1", 'titre "<x>"')]))
    assert html == 'a <mark class="hl hl-q1" title="titre &#34;&lt;x&gt;&#34;">&lt;b&gt;</mark> &amp; c'


def test_highlight_without_spans_is_plain_escaped_text():
    assert str(highlight("<script>alert(1)</script>", [])) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert str(highlight("", [Span(0, 4, "q1")])) == ""


def test_highlight_overlapping_spans_stay_well_nested():
    html = str(highlight("abcdefghij", [Span(5, 9, "copy", "copie"), Span(2, 7, "q1", "réponse")]))
    assert html == ('ab<mark class="hl hl-q1" title="réponse">cde</mark>'
                    '<mark class="hl hl-q1 hl-copy" title="réponse · copie">fg</mark>'
                    '<mark class="hl hl-copy" title="copie">hi</mark>j')
    assert html.count("<mark") == html.count("</mark>")


def test_highlight_same_span_twice_and_nested_spans():
    html = str(highlight("abcdef", [Span(1, 5, "q1", "t"), Span(1, 5, "q1", "t"), Span(2, 3, "template", "m")]))
    assert html == ('a<mark class="hl hl-q1" title="t">b</mark><mark class="hl hl-q1 hl-template" title="t · m">c</mark>'
                    '<mark class="hl hl-q1" title="t">de</mark>f')


@pytest.mark.parametrize("spans", [
    [Span(-10, 3, "q1")], [Span(3, 10_000, "q1")], [Span(8, 3, "q1")], [Span(50, 60, "q1")],
    [(2, 4, "q1"), {"start": 1, "end": 2, "kind": "q2"}, {"start": "x"}, None, (1,), Span(0, 2, "")],
])
def test_highlight_bad_spans_never_crash(spans):
    html = str(highlight("abcdef<", spans))
    assert re.sub(r"<[^>]+>", "", html) == "abcdef&lt;"


def test_highlight_clamps_out_of_range_and_sorts():
    html = str(highlight("abcdef", [Span(4, 99, "q2"), Span(-5, 2, "q1")]))
    assert html == '<mark class="hl hl-q1" title="">ab</mark>cd<mark class="hl hl-q2" title="">ef</mark>'


def test_highlight_keeps_crlf_and_zero_width_characters():
    text = "ligne 1\r\nli\u200bgne 2\u00a0fin"
    html = str(highlight(text, [Span(9, 15, "q1")]))
    assert re.sub(r"<[^>]+>", "", html) == text


def test_highlight_limit_and_hostile_kind():
    html = str(highlight("x" * 100, [Span(90, 100, "q1"), Span(0, 5, 'a" onclick="b')], limit=50))
    assert len(re.sub(r"<[^>]+>", "", html)) == 50
    assert "onclick" not in html.replace("hl-aonclickb", "")
    assert 'class="hl hl-aonclickb"' in html


# ---------------------------------------------------------------------------------------------------
# The candidate page
# ---------------------------------------------------------------------------------------------------

def test_candidate_page_shows_evidence_values_and_follow_up(client, owner, app, make_mission):
    mission_id = make_mission(owner)
    complete, partial = add_replies(app, owner, mission_id,
                                    {"name": "Marie Curie", "text": COMPLETE, "hourly_rate": Decimal("30")},
                                    {"name": "Paul Martin", "text": PARTIAL})
    page = client.get(f"/reponses/{complete}").get_data(as_text=True)
    assert "Marie Curie" in page
    assert 'class="hl hl-q1' in page or "hl-q1 " in page
    assert "Valeurs extraites" in page and "Étapes annoncées" in page
    assert "pas de relance nécessaire" in page
    assert "600 €" in page  # 20 h of steps × 30 €

    page = client.get(f"/reponses/{partial}").get_data(as_text=True)
    assert 'id="follow-up"' in page and 'data-copy="follow-up"' in page
    message = re.search(r'<pre class="posting follow-up" id="follow-up">(.*?)</pre>', page, re.S).group(1)
    assert MANDATORY_QUESTIONS[0].replace("'", "&#39;") not in message  # q1 was answered
    for question in MANDATORY_QUESTIONS[1:]:
        assert question.replace("'", "&#39;") in message
    assert "Bonjour Paul," in message


def test_follow_up_lists_exactly_the_unanswered_questions():
    message = follow_up_message("Jeanne Doe", "Saisie", [2, 4], ask_french=False)
    assert [q for q in MANDATORY_QUESTIONS if q in message] == [MANDATORY_QUESTIONS[1], MANDATORY_QUESTIONS[3]]
    assert "2. " + MANDATORY_QUESTIONS[1] in message and "4. " + MANDATORY_QUESTIONS[3] in message
    assert FRENCH_REQUIREMENT not in message
    english = follow_up_message("John", "Saisie", [], ask_french=True)
    assert FRENCH_REQUIREMENT in english and not any(q in english for q in MANDATORY_QUESTIONS)
    assert follow_up_message("X", "Saisie", [], ask_french=False) == ""


def test_english_reply_gets_a_french_follow_up(client, owner, app, make_mission):
    mission_id = make_mission(owner)
    (reply_id,) = add_replies(app, owner, mission_id, {"name": "John Smith", "text": ENGLISH})
    page = client.get(f"/reponses/{reply_id}").get_data(as_text=True)
    message = re.search(r'id="follow-up">(.*?)</pre>', page, re.S).group(1)
    assert FRENCH_REQUIREMENT.replace("'", "&#39;") in message
    assert "Réponse en anglais" in page


HOSTILE_NAME = '<script>alert("nom")</script>'
HOSTILE_BODY = ('Bonjour <img src=x onerror=alert(1)> je peux livrer en deux semaines, '
                '<script>alert("corps")</script> 10 heures par semaine.')


def test_hostile_names_and_bodies_are_escaped_everywhere(client, owner, app, make_mission):
    mission_id = make_mission(owner, title='<b onmouseover="x">Mission</b>')
    (reply_id,) = add_replies(app, owner, mission_id, {"name": HOSTILE_NAME, "text": HOSTILE_BODY,
                                                       "platform_level": "<i>Top</i>"})
    for url in (f"/missions/{mission_id}/candidats", f"/reponses/{reply_id}",
                f"/missions/{mission_id}/candidats?impression=1"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "<b onmouseover" not in page and "<i>Top</i>" not in page
        assert "&lt;script&gt;alert(" in page
    page = client.get(f"/reponses/{reply_id}").get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_raw_text_is_served_exactly_as_stored(client, owner, app, make_mission):
    mission_id = make_mission(owner)
    body = "Bonjour\r\nje peux\u200b livrer <b>vite</b>\r\n" + "é" * 10
    (reply_id,) = add_replies(app, owner, mission_id, {"text": body})
    response = client.get(f"/reponses/{reply_id}/texte")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.data == body.encode("utf-8")


def test_huge_reply_display_is_bounded(client, owner, app, make_mission):
    mission_id = make_mission(owner)
    body = "Bonjour, je peux livrer en deux semaines. " + "bla " * 30_000 + "FIN-DU-TEXTE"
    (reply_id,) = add_replies(app, owner, mission_id, {"text": body})
    page = client.get(f"/reponses/{reply_id}").get_data(as_text=True)
    assert "texte tronqué à l&#39;affichage ; l&#39;original est conservé intégralement" in page \
        or "texte tronqué à l'affichage ; l'original est conservé intégralement" in page.replace("Texte", "texte")
    assert "FIN-DU-TEXTE" not in page
    assert f"/reponses/{reply_id}/texte" in page
    assert client.get(f"/reponses/{reply_id}/texte").get_data(as_text=True) == body


def test_copies_link_to_the_other_reply_and_history(client, owner, app, make_mission):
    first = make_mission(owner, title="Première mission")
    second = make_mission(owner, title="Seconde mission")
    (a,) = add_replies(app, owner, first, {"name": "Léa", "email": "lea@example.org", "text": COMPLETE})
    (b,) = add_replies(app, owner, second, {"name": "Léa", "email": "lea@example.org", "text": COMPLETE})
    (c,) = add_replies(app, owner, second, {"name": "Copieur", "email": "copie@example.org",
                                             "text": COMPLETE.replace("Marie", "Jean")})
    page = client.get(f"/reponses/{b}").get_data(as_text=True)
    assert "A aussi candidaté à la mission" in page and "Première mission" in page
    assert "avec le même texte" in page
    page = client.get(f"/reponses/{c}").get_data(as_text=True)
    assert f'href="/reponses/{a}"' in page or f'href="/reponses/{b}"' in page
    assert "hl-copy" in page


def test_shared_passages_finds_copied_stretches():
    text = "Bonjour, je suis Marie. " + "je saisis vos cartes de visite avec soin et sans aucune erreur de format"
    other = "Salut, moi c'est Jean. " + "je saisis vos cartes de visite avec soin et sans aucune erreur de format !"
    (span,) = shared_passages(text, other)
    assert text[span[0]:span[1]].startswith("je saisis") and text[span[0]:span[1]].endswith("format")
    assert shared_passages("un deux trois", "quatre cinq six") == []


# ---------------------------------------------------------------------------------------------------
# The comparison page
# ---------------------------------------------------------------------------------------------------

def _names_in_order(page):
    return re.findall(r'class="cand-name">([^<]+)</a>', page)


def test_compare_page_lists_candidates_with_values(client, owner, app, make_mission):
    mission_id = make_mission(owner)
    add_replies(app, owner, mission_id, {"name": "Marie", "text": COMPLETE, "hourly_rate": Decimal("30"),
                                         "platform_level": "Top Rated"},
                {"name": "Paul", "text": PARTIAL}, {"name": "John", "text": ENGLISH})
    page = client.get(f"/missions/{mission_id}/candidats").get_data(as_text=True)
    assert sorted(_names_in_order(page)) == ["John", "Marie", "Paul"]
    assert "verdict-ok" in page or "verdict-warn" in page
    assert "600 €" in page and "Top Rated" in page
    assert "date de publication non renseignée" in page
    assert "Sans réponse" in page and "Anglais" in page


def test_sort_and_filters_by_query_string(client, owner, app, make_mission):
    mission_id = make_mission(owner)
    add_replies(app, owner, mission_id,
                {"name": "Bea", "text": COMPLETE, "hourly_rate": Decimal("50")},
                {"name": "Abel", "text": PARTIAL, "hourly_rate": Decimal("20")},
                {"name": "Chris", "text": ENGLISH})
    url = f"/missions/{mission_id}/candidats"
    assert _names_in_order(client.get(url + "?tri=nom&ordre=asc").get_data(as_text=True)) == ["Abel", "Bea", "Chris"]
    assert _names_in_order(client.get(url + "?tri=nom&ordre=desc").get_data(as_text=True)) == ["Chris", "Bea", "Abel"]
    # Unknown rates go last, whatever the order.
    assert _names_in_order(client.get(url + "?tri=taux&ordre=asc").get_data(as_text=True)) == ["Abel", "Bea", "Chris"]
    assert _names_in_order(client.get(url + "?tri=taux&ordre=desc").get_data(as_text=True)) == ["Bea", "Abel", "Chris"]
    scores = _names_in_order(client.get(url + "?tri=score").get_data(as_text=True))
    assert scores[0] == "Bea"
    assert client.get(url + "?tri=nimporte&ordre=quoi").status_code == 200

    french = _names_in_order(client.get(url + "?fr=1").get_data(as_text=True))
    assert "Chris" not in french and "Bea" in french
    assert _names_in_order(client.get(url + "?complet=1").get_data(as_text=True)) == ["Bea"]
    page = client.get(url + "?complet=1&fr=1&sans_modele=1&tri=nom").get_data(as_text=True)
    assert _names_in_order(page) == ["Bea"]
    assert 'aria-pressed="true"' in page and "Tout afficher" in page


def test_empty_state_links_to_add_replies(client, owner, make_mission):
    mission_id = make_mission(owner)
    page = client.get(f"/missions/{mission_id}/candidats").get_data(as_text=True)
    assert "Aucune candidature pour l&#39;instant" in page or "Aucune candidature pour l'instant" in page
    assert f"/missions/{mission_id}/reponses/ajouter" in page


def test_print_view(client, owner, app, make_mission):
    mission_id = make_mission(owner)
    add_replies(app, owner, mission_id, {"text": COMPLETE})
    page = client.get(f"/missions/{mission_id}/candidats?impression=1").get_data(as_text=True)
    assert "print-view" in page and "data-print" in page


def test_finalists_are_exactly_the_checked_replies_of_this_mission(client, owner, app, make_mission, make_user,
                                                                    login):
    mission_id = make_mission(owner)
    other_mission = make_mission(owner, title="Autre mission")
    a, b, c = add_replies(app, owner, mission_id, {"text": COMPLETE}, {"text": PARTIAL}, {"text": ENGLISH})
    (elsewhere,) = add_replies(app, owner, other_mission, {"text": PARTIAL + " autre"})
    stranger = make_user("stranger@example.com")
    stranger_mission = make_mission(stranger)
    (foreign,) = add_replies(app, stranger, stranger_mission, {"text": COMPLETE + " étranger"})

    response = client.post(f"/missions/{mission_id}/finalistes",
                           data={"finaliste": [str(a), str(b), str(elsewhere), str(foreign), "abc", ""]})
    assert response.status_code == 302 and "/candidats" in response.headers["Location"]
    assert finalists(app, mission_id) == [a, b]
    assert finalists(app, other_mission) == [] and finalists(app, stranger_mission) == []

    client.post(f"/missions/{mission_id}/finalistes", data={"finaliste": [str(c)]})
    assert finalists(app, mission_id) == [c]
    client.post(f"/missions/{mission_id}/finalistes", data={})
    assert finalists(app, mission_id) == []
    # Another account's mission: 404, nothing changed.
    assert client.post(f"/missions/{stranger_mission}/finalistes", data={"finaliste": [str(foreign)]}).status_code == 404
    assert finalists(app, stranger_mission) == []


def test_finalists_hidden_by_a_filter_are_kept(client, owner, app, make_mission):
    mission_id = make_mission(owner)
    a, b = add_replies(app, owner, mission_id, {"text": COMPLETE}, {"text": ENGLISH})
    client.post(f"/missions/{mission_id}/finalistes", data={"finaliste": [str(a), str(b)]})
    page = client.get(f"/missions/{mission_id}/candidats?fr=1").get_data(as_text=True)
    assert f'<input type="hidden" name="finaliste" value="{b}">' in page


def test_finalists_need_the_csrf_token(app, make_user, make_mission):
    app.config["WTF_CSRF_ENABLED"] = True
    owner_id = make_user("csrf@example.com")
    mission_id = make_mission(owner_id)
    (a,) = add_replies(app, owner_id, mission_id, {"text": COMPLETE})
    client = app.test_client()
    from tests.conftest import PASSWORD, csrf_token_from
    token = csrf_token_from(client.get("/connexion").get_data(as_text=True))
    client.post("/connexion", data={"email": "csrf@example.com", "password": PASSWORD, "csrf_token": token})
    response = client.post(f"/missions/{mission_id}/finalistes", data={"finaliste": [str(a)]})
    assert response.status_code == 400
    assert finalists(app, mission_id) == []
    page = client.get(f"/missions/{mission_id}/candidats").get_data(as_text=True)
    client.post(f"/missions/{mission_id}/finalistes", data={"finaliste": [str(a)], "csrf_token": csrf_token_from(page)})
    assert finalists(app, mission_id) == [a]


def test_csv_export_for_french_excel_with_neutralised_cells(client, owner, app, make_mission):
    mission_id = make_mission(owner)
    add_replies(app, owner, mission_id,
                {"name": '=HYPERLINK("http://evil.example","clic")', "text": COMPLETE, "hourly_rate": Decimal("30.5")},
                {"name": "+cmd|' /C calc'!A0", "text": PARTIAL, "platform_level": "-2+3"},
                {"name": "@SUM(1+1)", "text": ENGLISH, "platform_level": "Niveau 1; 2"})
    response = client.get(f"/missions/{mission_id}/candidats.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0].startswith("Candidat;E-mail;Score;Verdict")
    import csv
    import io
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], [r for r in rows[1:] if r]
    assert len(body) == 3 and all(len(r) == len(header) for r in body)
    names = {r[0] for r in body}
    assert "'=HYPERLINK(\"http://evil.example\",\"clic\")" in names
    assert "'+cmd|' /C calc'!A0" in names and "'@SUM(1+1)" in names
    levels = {r[header.index("Niveau")] for r in body}
    assert "'-2+3" in levels and "Niveau 1; 2" in levels
    for row in body:
        for cell in row:
            assert not cell or cell[0] not in "=+-@", cell
    rate = [r for r in body if r[0].startswith("'=")][0][header.index("Taux horaire")]
    assert rate == "30,5"


def test_other_accounts_reply_mission_and_export_are_404(client, owner, app, make_user, make_mission):
    stranger = make_user("stranger@example.com")
    mission_id = make_mission(stranger)
    (reply_id,) = add_replies(app, stranger, mission_id, {"text": COMPLETE})
    for url in (f"/reponses/{reply_id}", f"/reponses/{reply_id}/texte", f"/missions/{mission_id}/candidats",
                f"/missions/{mission_id}/candidats.csv", "/reponses/999999", "/missions/999999/candidats"):
        assert client.get(url).status_code == 404, url


def test_pages_need_login(app, make_user, make_mission):
    owner_id = make_user()
    mission_id = make_mission(owner_id)
    anonymous = app.test_client()
    for url in (f"/missions/{mission_id}/candidats", f"/missions/{mission_id}/candidats.csv"):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_pages_survive_missing_or_odd_assessments(client, owner, app, make_mission):
    mission_id = make_mission(owner)
    ids = add_replies(app, owner, mission_id, {"text": COMPLETE}, {"text": PARTIAL}, {"text": ENGLISH})
    with app.app_context():
        replies = db.session.scalars(select(Reply).where(Reply.id.in_(ids)).order_by(Reply.id)).all()
        replies[0].assessment = None
        replies[0].score = replies[0].verdict = None
        replies[1].assessment = {"answers": {"evidence": {"q1": [{"start": 5, "end": 99999}, {"start": "x"}]},
                                             "steps": [{"label": None, "hours": "beaucoup"}, "x"]},
                                 "template_signs": [{"code": "placeholder", "evidence": [{"start": -3, "end": 4},
                                                                                         {"reply_id": "999"}]},
                                                    "bad"],
                                 "consistency": "?", "reasons": [{"effect": "x"}], "language": []}
        replies[2].assessment = {"answered": {"q1": True}, "delivery_days": "NaN", "weekly_hours": "beaucoup"}
        db.session.commit()
    assert client.get(f"/missions/{mission_id}/candidats").status_code == 200
    assert client.get(f"/missions/{mission_id}/candidats.csv").status_code == 200
    for reply_id in ids:
        assert client.get(f"/reponses/{reply_id}").status_code == 200


def test_query_count_does_not_grow_with_the_number_of_candidates(client, owner, app, make_mission):
    def count_queries(mission_id):
        with app.app_context():
            engine = db.engine
        statements = []

        def listener(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(f"/missions/{mission_id}/candidats").status_code == 200
            assert client.get(f"/missions/{mission_id}/candidats.csv").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    small, big = make_mission(owner, title="Petite"), make_mission(owner, title="Grande")
    add_replies(app, owner, small, *[{"text": f"{COMPLETE} variante {n}", "email": f"s{n}@example.org"}
                                     for n in range(3)])
    add_replies(app, owner, big, *[{"text": f"{PARTIAL} version {n}", "email": f"b{n}@example.org"}
                                   for n in range(30)])
    count_queries(small)  # warm-up (first-request work is not per candidate)
    assert count_queries(small) == count_queries(big)


def test_response_delay_uses_the_publication_time(client, owner, app, make_mission):
    mission_id = make_mission(owner)
    with app.app_context():
        from screening.missions import services as mission_services
        mission = db.session.get(Mission, mission_id)
        posting, _ = mission_services.generate_posting_version(mission)
        published = utcnow() - timedelta(hours=3)
        mission_services.record_publication(posting, published, "Malt")
    add_replies(app, owner, mission_id, {"text": COMPLETE, "received_at": published + timedelta(minutes=95)})
    page = client.get(f"/missions/{mission_id}/candidats").get_data(as_text=True)
    assert "1 h 35" in page


# ---------------------------------------------------------------------------------------------------
# The demo
# ---------------------------------------------------------------------------------------------------

def test_demo_creates_a_published_mission_with_scored_replies(app, make_user):
    from screening.demo import create_demo
    owner_id = make_user()
    with app.app_context():
        mission = create_demo(owner_id)
        assert mission.published_at is not None
        assert utcnow() - mission.published_at.replace(tzinfo=mission.published_at.tzinfo or utcnow().tzinfo) \
            < timedelta(hours=24)
        replies = db.session.scalars(select(Reply).where(Reply.mission_id == mission.id)).all()
        assert 10 <= len(replies) <= 14
        assert all(r.score is not None and r.verdict and r.source == "demo" for r in replies)
        verdicts = {r.verdict for r in replies}
        assert "à retenir" in verdicts and "à écarter" in verdicts
        assert any(r.is_french is False for r in replies)
        assert any(r.subcontracting for r in replies)
        assert any(any(s.get("code") == "placeholder" for s in r.assessment["template_signs"]) for r in replies)
        assert any(any(str(s.get("code")).startswith("duplicate") for s in r.assessment["template_signs"])
                   for r in replies)


def test_demo_route_creates_once_and_redirects(client, owner, app):
    response = client.post("/demo")
    assert response.status_code == 302
    match = re.search(r"/missions/(\d+)/candidats$", response.headers["Location"])
    assert match
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert len(_names_in_order(page)) == 12
    again = client.post("/demo")
    assert again.headers["Location"] == response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Mission.id)).where(Mission.owner_id == owner)) == 1
    assert client.get("/demo").status_code == 405
