"""The shape of a metrics API token, and its hash: pure functions, no database.

A token is `pkm_` + 8 characters of public prefix + `_` + 43 characters of secret
(`secrets.token_urlsafe(32)`, 256 bits). Only the prefix (to find the row and to tell
tokens apart in lists) and the sha256 of the whole token are stored; the token itself is
shown once, when it is made. `core.redaction` cuts anything of this shape out of the logs.
"""

import hashlib
import re
import secrets

PREFIX_START = "pkm_"
_PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_TOKEN = re.compile(r"^(pkm_[a-z0-9]{8})_[A-Za-z0-9_-]{43}$")
BEARER = re.compile(r"^Bearer[ ]+(\S+)[ ]*$", re.IGNORECASE)


def token_new() -> tuple[str, str]:
    """A fresh (token, prefix)."""
    prefix = PREFIX_START + "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(8))
    return f"{prefix}_{secrets.token_urlsafe(32)}", prefix


def token_prefix(token: str) -> str | None:
    """The public prefix of a well-formed token; None for anything else."""
    match = _TOKEN.match(token or "")
    return match[1] if match else None


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_token(header: str) -> str | None:
    """The credentials of an `Authorization: Bearer …` header; None for another scheme or shape."""
    match = BEARER.match(header or "")
    return match[1] if match else None
