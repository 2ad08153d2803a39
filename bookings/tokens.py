"""The manage link's token: unguessable, never stored in clear.

token = HMAC(SECRET_KEY, the booking's random public id): the link can be rebuilt for a
repeated form submission or a new email without keeping the token anywhere, while the
database holds only its sha256 (`Booking.token_hash`), so a leaked table opens nothing.
"""

import hashlib

from django.utils.crypto import salted_hmac

from bookings.models import Booking, FeedToken

_SALT = "perhekeskus.bookings.manage-link"


def booking_token(booking: Booking) -> str:
    return salted_hmac(_SALT, str(booking.public_id), algorithm="sha256").hexdigest()[:40]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_booking(token: str) -> Booking | None:
    """The booking of a manage token, or None for a malformed or unknown one."""
    if not (20 <= len(token) <= 64) or not token.isalnum():
        return None
    return Booking.objects.select_related("group").filter(token_hash=token_hash(token)).first()


def find_feed_token(token: str) -> FeedToken | None:
    if not (20 <= len(token) <= 64) or not token.replace("-", "").replace("_", "").isalnum():
        return None
    tokens = FeedToken.objects.select_related("user")
    return tokens.filter(token_hash=token_hash(token), revoked_at=None).first()
