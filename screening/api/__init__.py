"""JSON API, authenticated by per-account tokens (no session, no CSRF).

The routes and JSON errors are in `views`, the work behind them in `services`; the token functions
live with the accounts (`screening.auth.tokens`) and are re-exported here for their existing callers.
"""
from screening.api.services import (  # noqa: F401  (re-exported: imported as screening.api.<name>)
    TOKEN_PREFIX,
    create_token,
    hash_token,
    list_tokens,
    revoke_token,
)
from screening.api.views import bp  # noqa: F401
