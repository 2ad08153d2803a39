"""A VEVENT written straight to content lines: what `icalendar.Event.add(...).to_ical()` writes for
the properties our feeds use, byte for byte, without building a Component per event.

A county feed has hundreds of events and a dozen properties each; icalendar's generic
machinery (type inference per `add`, a parsed Contentline per property) cost several times
the bytes themselves. The rules are icalendar 7's own (whose helpers for them are private
now), ICAL.md §1 and §6.1: TEXT escaped backslash first, long lines folded before 75 octets,
never inside a UTF-8 sequence nor right after a backslash, CRLF endings.
`tests/events/test_ical.py` lints the result and compares it with icalendar's, byte for byte.
"""

import datetime as dt
from typing import Any

from icalendar import vText

TZID = "Europe/Helsinki"
_RAW = frozenset({"URL"})  # URI values: no TEXT escaping
_RRULE_ORDER = ("FREQ", "UNTIL", "COUNT", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST")


def escape_text(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash first, then `;` and `,`; every line break becomes `\\n`."""
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def fold(line: str, limit: int = 75) -> bytes:
    """RFC 5545 §3.1: CRLF + space before a line reaches `limit` octets, counted in UTF-8, never
    between the octets of one character, nor between a backslash and what it escapes. Works on
    the encoded bytes: a cut moves back off UTF-8 continuation octets (0b10xxxxxx)."""
    data = line.encode()
    pieces = []
    while len(data) >= limit:
        cut = limit - 1
        while data[cut] & 0xC0 == 0x80:
            cut -= 1
        if cut > 1 and data[cut - 1] in b"\\^":  # an escape's first half stays with its second
            cut -= 1
        pieces.append(data[:cut])
        data = data[cut:]
    pieces.append(data)
    return b"\r\n ".join(pieces)


def _rrule(parts: dict[str, Any]) -> str:
    values = {key.upper(): value for key, value in parts.items()}
    written = []
    for key in _RRULE_ORDER:
        if key not in values:
            continue
        value = values[key]
        if isinstance(value, dt.datetime):
            value = value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        elif isinstance(value, list | tuple):
            value = ",".join(str(item) for item in value)
        written.append(f"{key}={value}")
    return ";".join(written)


class VEventLines:
    """`add(name, value)` like icalendar's Event, for str, vText, int, aware datetimes (UTC ones
    written with Z, others as Europe/Helsinki wall clock with TZID), GEO pairs and RRULE dicts."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        self.lines = ["BEGIN:VEVENT"]

    def add(self, name: str, value: Any) -> None:
        name = name.upper()
        if isinstance(value, dt.datetime):
            if value.utcoffset() == dt.timedelta(0) and value.tzinfo is dt.UTC:
                line = f"{name}:{value:%Y%m%dT%H%M%SZ}"
            else:
                line = f"{name};TZID={TZID}:{value:%Y%m%dT%H%M%S}"
        elif isinstance(value, vText):
            line = f"{name}:{escape_text(str(value))}"
        elif isinstance(value, str):
            line = f"{name}:{value if name in _RAW else escape_text(value)}"
        elif isinstance(value, bool):
            raise TypeError(name)
        elif isinstance(value, int):
            line = f"{name}:{value}"
        elif isinstance(value, tuple):
            line = f"{name}:{value[0]};{value[1]}"
        elif isinstance(value, dict):
            line = f"{name}:{_rrule(value)}"
        else:
            raise TypeError(f"{name}: {type(value).__name__}")
        self.lines.append(line)

    def to_ical(self) -> bytes:
        out = []
        for line in (*self.lines, "END:VEVENT"):
            data = line.encode()
            out.append(fold(line) if len(data) >= 75 else data)  # icalendar folds from 75 octets on
        out.append(b"")
        return b"\r\n".join(out)
