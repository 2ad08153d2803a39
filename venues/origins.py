"""Web site origins as a CSP source: `https://host[:port]`, validated and normalized. Pure.

What a coordinator types ("https://www.turku.fi/perhepalvelut", "WWW.Turku.fi") becomes the
origin browsers compare frame-ancestors with ("https://www.turku.fi"), or is refused with a
translated reason. Plain http only for this machine (localhost, 127.0.0.1) and only where
settings.EMBED_ALLOW_HTTP_LOOPBACK (DEBUG, tests) allows it: a CSP source must never let a
network attacker's plain-http page frame the calendars.
"""

import re
from urllib.parse import urlsplit

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1"})
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class OriginRefused(ValueError):
    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


def _host(value: str) -> str:
    try:
        host = value.encode("idna").decode("ascii").lower()  # ä in a domain: its xn-- form
    except UnicodeError as error:
        raise OriginRefused(_("Check the web site's address: its domain name is not valid.")) from error
    if host in LOOPBACK_HOSTS:
        return host
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise OriginRefused(_("Check the web site's address: its domain name is not valid."))
    return host


def parse_origin(value: str, *, allow_loopback_http: bool) -> str:
    """The origin of `value`, or OriginRefused. A path is dropped (the whole site is allowed)."""
    text = (value or "").strip()
    if not text:
        raise OriginRefused(_("Give the web site's address, e.g. https://www.turku.fi."))
    if "://" not in text:
        text = f"https://{text}"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise OriginRefused(_("Check the web site's address, e.g. https://www.turku.fi.")) from error
    if parts.username or parts.password or "*" in text or not parts.hostname:
        raise OriginRefused(_("Check the web site's address, e.g. https://www.turku.fi."))
    scheme = parts.scheme.lower()
    host = _host(parts.hostname)
    if scheme == "http":
        if host not in LOOPBACK_HOSTS or not allow_loopback_http:
            raise OriginRefused(
                _("The address must begin with https://: calendars are embedded on secure sites only.")
            )
    elif scheme != "https":
        raise OriginRefused(
            _("The address must begin with https://: calendars are embedded on secure sites only.")
        )
    default = 443 if scheme == "https" else 80
    return f"{scheme}://{host}" + (f":{port}" if port is not None and port != default else "")
