"""Secrets handed out once (link tokens, webhook secrets) and the only form stored of them."""

import hashlib
import secrets

SECRET_BYTES = 24  # 192 bits, above the 128 bits the links promise


def new_secret():
    """A URL-safe secret with SECRET_BYTES random bytes from ``secrets``."""
    return secrets.token_urlsafe(SECRET_BYTES)


def hash_secret(secret):
    """The only form of a token or secret the database keeps: its SHA-256, hex.

    The secret itself exists in clear only in the answer that hands it out; a secret received
    later is checked with ``odoo.tools.consteq(stored_hash, hash_secret(received))``.
    """
    return hashlib.sha256((secret or "").encode()).hexdigest()
