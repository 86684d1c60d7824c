"""HTTP security: headers (CSP without inline script), cookies Secure over HTTPS, the input boundary,
the client address behind a reverse proxy."""
from flask import Request, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.middleware.proxy_fix import ProxyFix

from screening.inputs import clean_value

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

class CleanMultiDict(ImmutableMultiDict):
    """Query-string and form values (and their names) through clean_text(); files are left alone."""

    def __init__(self, mapping=None):
        if mapping is not None and not isinstance(mapping, dict):
            mapping = [(clean_value(k), clean_value(v)) for k, v in mapping]
        super().__init__(mapping)


class CleanRequest(Request):
    """Flask's request with the input boundary (screening.inputs) applied to `args` and `form`."""

    parameter_storage_class = CleanMultiDict


class SessionInterface(SecureCookieSessionInterface):
    """Session cookie marked Secure whenever the request came over HTTPS (or when forced by config)."""

    def get_cookie_secure(self, app):
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def set_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def init_app(app):
    app.session_interface = SessionInterface()
    # Behind nginx (or any reverse proxy), the client's address and scheme come from X-Forwarded-For
    # and X-Forwarded-Proto, trusted only for the number of proxies configured: without PROXY_COUNT
    # those headers are ignored (anyone can send them), and every client behind the proxy would share
    # its address.
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.after_request(set_security_headers)
