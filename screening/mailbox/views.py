"""Mailbox pages."""
