"""Unguessable links without stored secrets: the feedback link's token and the session code.

token = HMAC(SECRET_KEY, booking's public id + session id): rebuilt when the email is
rendered, stored only as its sha256 on `FeedbackRequest.token_hash`, like the manage link.
A session code ("1234-k7f3q2") is the session id and a short HMAC of it, for the short
link and QR code the leader shows at the session; it only lets one leave a score for that
session, so six characters of HMAC (30 bits) with rate limiting are enough.
"""

import base64
import hashlib
import hmac
import re

from django.utils.crypto import salted_hmac

from bookings.models import Booking
from events.models import Session

_LINK_SALT = "perhekeskus.metrics.feedback-link"
_CODE_SALT = "perhekeskus.metrics.session-code"
_CODE = re.compile(r"^(\d{1,10})-([a-z2-7]{6})$")


def feedback_token(booking: Booking, session: Session | int) -> str:
    session_id = session if isinstance(session, int) else session.pk
    return salted_hmac(_LINK_SALT, f"{booking.public_id}:{session_id}", algorithm="sha256").hexdigest()[:40]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def well_formed_token(token: str) -> bool:
    return len(token) == 40 and all(c in "0123456789abcdef" for c in token)


def _code_mac(session_id: int) -> str:
    digest = salted_hmac(_CODE_SALT, str(session_id), algorithm="sha256").digest()
    return base64.b32encode(digest[:5]).decode().lower()[:6]


def session_code(session: Session | int) -> str:
    session_id = session if isinstance(session, int) else session.pk
    return f"{session_id}-{_code_mac(session_id)}"


def session_id_from_code(code: str) -> int | None:
    """The session id in a well-formed, genuine code; None otherwise."""
    match = _CODE.match(code or "")
    if not match:
        return None
    session_id = int(match[1])
    return session_id if hmac.compare_digest(match[2], _code_mac(session_id)) else None
