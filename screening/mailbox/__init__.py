"""Replies straight from the owner's mailbox (IMAP), routed to the mission they answer."""

from flask import Blueprint

bp = Blueprint("mailbox", __name__)

from screening.mailbox import views  # noqa: E402,F401  (registers the routes)
