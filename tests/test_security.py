"""Security headers, cookies and the login rate limit."""
from tests.conftest import PASSWORD


def test_security_headers_on_every_page(client):
    response = client.get("/installation")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_inline_script_in_pages(client, owner, make_mission):
    mission_id = make_mission(owner)
    for path in ("/", "/missions/", f"/missions/{mission_id}", "/missions/nouvelle", "/compte"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and " onclick=" not in page and " style=" not in page, path


def test_session_cookie_httponly_samesite_and_secure_over_https(client, make_user):
    make_user("a@example.com")
    plain = client.post("/connexion", data={"email": "a@example.com", "password": PASSWORD})
    cookie = plain.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    client.post("/deconnexion")
    secure = client.post("/connexion", data={"email": "a@example.com", "password": PASSWORD},
                         base_url="https://localhost")
    assert "Secure" in secure.headers["Set-Cookie"]


def test_failed_logins_are_rate_limited(client, make_user):
    make_user("a@example.com")
    for _ in range(10):
        assert client.post("/connexion", data={"email": "a@example.com", "password": "faux-faux-faux"}).status_code == 200
    blocked = client.post("/connexion", data={"email": "a@example.com", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.get_data(as_text=True)
