"""Secrets never reach a log: the token segments of private feeds and manage links, and the
secret part of any metrics API token (`pkm_<prefix>_<secret>`, sent in an Authorization header
that nothing logs, but a person may paste one into a URL or a message).

A family's private feed (`/feeds/me/<token>.ics`) and manage link (`/<lang>/signups/<token>/…`)
carry their secret in the path, so every access log line, every `django.request` warning and every
traceback that names the path would hand it to whoever reads the logs. `redact()` replaces the
segment with `[redacted]`; `RedactTokensFilter` applies it to every log record of the app, and
`RedactingGunicornLogger` (used by gunicorn.conf.py) to every field of gunicorn's access log.
This module imports no Django settings: gunicorn loads it before the app.
"""

import logging
import re
from typing import Any

from gunicorn.glogging import Logger as GunicornLogger

REDACTED = "[redacted]"
# The segment after /feeds/me/ (up to .ics) and after /signups/ (any language prefix, or none:
# the unprefixed form is redirected, and the redirect is logged too). Percent-encoded slashes
# (%2F) are left inside the segment on purpose, so they cannot split it.
_TOKEN_PATHS = re.compile(r"(/feeds/me/)[^/?#\s\"'<>]+?(?=\.ics\b|[/?#\s\"'<>]|$)|(/signups/)[^/?#\s\"'<>]+")

# A metrics API token (metrics.api_tokens): its public prefix stays, to tell which one it was.
_API_TOKENS = re.compile(r"\b(pkm_[a-z0-9]{8}_)[A-Za-z0-9_-]{20,}")


def _replace(match: re.Match[str]) -> str:
    return (match.group(1) or match.group(2)) + REDACTED


def redact(text: str) -> str:
    if "pkm_" in text:
        text = _API_TOKENS.sub(lambda match: match.group(1) + REDACTED, text)
    if "/feeds/me/" not in text and "/signups/" not in text:
        return text
    return _TOKEN_PATHS.sub(_replace, text)


class RedactTokensFilter(logging.Filter):
    """A logging filter: the record's message (with its arguments merged in) without tokens."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: leave it to the handler's error path
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


class RedactingFormatter(logging.Formatter):
    """The whole formatted line, tracebacks included (an exception may quote the path)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn's logger with every access-log field (request line, path, referer, headers such as
    a redirect's Location) redacted, and the error log filtered like the app's."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(RedactTokensFilter())

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
