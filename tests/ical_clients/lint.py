"""A byte-level lint of a published feed against ICAL.md's rules, for any feed.

The world-specific checks stay in tests/events/test_ical.py; this is its generic part,
reusing its copy of ICAL.md's VTIMEZONE and its unfolding.
"""

import re
from collections import Counter

from dateutil.rrule import rrulestr
from icalendar import Calendar

from tests.events.test_ical import ICAL_MD_VTIMEZONE, unfolded_lines

TZID = re.compile(r";TZID=([^;:]+)[;:]")


def _wall_clock(value):
    return value.strftime("%Y%m%dT%H%M%S")


def _check_bytes(data: bytes, label: str) -> None:
    without_crlf = data.replace(b"\r\n", b"")
    assert b"\n" not in without_crlf, f"{label}: a line not ended by CRLF"
    assert b"\r" not in without_crlf, f"{label}: a line not ended by CRLF"
    assert data.startswith(b"BEGIN:VCALENDAR\r\n"), f"{label}: no BOM or blank line before BEGIN:VCALENDAR"
    assert data.endswith(b"END:VCALENDAR\r\n"), f"{label}: END:VCALENDAR and CRLF last"
    physical = data.split(b"\r\n")[:-1]
    assert all(physical), f"{label}: an empty line"
    for line in physical:
        assert len(line) <= 75, f"{label}: {len(line)} octets: {line!r}"
        line.decode("utf-8")  # whole UTF-8 on every physical line: no fold inside a sequence
        if line.startswith(b" "):
            assert not 0x80 <= line[1] <= 0xBF, f"{label}: folded inside a UTF-8 sequence: {line!r}"
        assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", line), f"{label}: a control character: {line!r}"


def _check_calendar(lines: list[str], label: str) -> None:
    for prop in ("VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"):
        assert lines.count(prop) == 1, f"{label}: {prop}"
    assert sum(line.startswith("PRODID:") for line in lines) == 1, label
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT4H" in lines, label
    for forbidden in ("ATTENDEE", "ORGANIZER", "BEGIN:VALARM", "RDATE"):
        assert not any(line.startswith(forbidden) for line in lines), f"{label}: {forbidden}"
    declared = {line.removeprefix("TZID:") for line in lines if line.startswith("TZID:")}
    used = {match for line in lines for match in TZID.findall(line.split(":", 1)[0] + ":")}
    assert used <= declared, f"{label}: a TZID without its VTIMEZONE: {used - declared}"
    for line in lines:
        name = line.split(":", 1)[0]
        if name in ("DTSTAMP", "CREATED", "LAST-MODIFIED"):
            assert re.fullmatch(r"[A-Z-]+:\d{8}T\d{6}Z", line), f"{label}: {line}"
        observance_onset = line.startswith("DTSTART:1970")
        if name.startswith(("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE")) and not observance_onset:
            value = line.split(":", 1)[1]
            assert ";TZID=Europe/Helsinki" in name or value.endswith("Z"), f"{label}: floating {line}"
            assert not (";TZID=" in name and value.endswith("Z")), f"{label}: a TZID on a UTC value: {line}"
        if name == "RRULE" and "UNTIL=" in line:
            assert re.search(r"UNTIL=\d{8}T\d{6}Z", line), f"{label}: UNTIL not in UTC: {line}"
            assert "COUNT=" not in line, line


def _check_recurrences(data: bytes, label: str) -> None:
    events = Calendar.from_ical(data).walk("VEVENT")
    keys = Counter(
        (str(e["UID"]), e["RECURRENCE-ID"].to_ical() if "RECURRENCE-ID" in e else None) for e in events
    )
    assert all(count == 1 for count in keys.values()), f"{label}: a repeated (UID, RECURRENCE-ID)"
    masters = {str(e["UID"]): e for e in events if "RECURRENCE-ID" not in e}
    for event in events:
        if "RECURRENCE-ID" in event:
            master = masters.get(str(event["UID"]))
            assert master is not None, f"{label}: an override without its series"
            assert "RRULE" in master, f"{label}: an override of a single event"
            assert "RRULE" not in event, label
            assert "EXDATE" not in event, label
            assert int(event["SEQUENCE"]) >= int(master["SEQUENCE"]), label
    for uid, master in masters.items():
        if "RRULE" not in master:
            continue
        start = master["DTSTART"].dt
        instances = {
            _wall_clock(moment) for moment in rrulestr(master["RRULE"].to_ical().decode(), dtstart=start)
        }
        exdates = master.get("EXDATE", [])
        exdates = exdates if isinstance(exdates, list) else [exdates]
        excluded = set()
        for prop in exdates:
            assert prop.params.get("TZID") == master["DTSTART"].params.get("TZID"), f"{label}: EXDATE form"
            excluded |= {_wall_clock(value.dt) for value in prop.dts}
        overridden = set()
        for event in events:
            if str(event["UID"]) == uid and "RECURRENCE-ID" in event:
                recurrence_id = event["RECURRENCE-ID"]
                assert recurrence_id.params.get("TZID") == master["DTSTART"].params.get("TZID"), (
                    f"{label}: RECURRENCE-ID not in DTSTART's form"
                )
                overridden.add(_wall_clock(recurrence_id.dt))
        assert excluded <= instances, f"{label}: EXDATE hitting no instance: {sorted(excluded - instances)}"
        assert overridden <= instances, (
            f"{label}: RECURRENCE-ID hitting no instance: {overridden - instances}"
        )
        assert not excluded & overridden, f"{label}: an instance both excluded and overridden"


def lint_feed(data: bytes, *, label: str = "feed") -> None:
    """Assert ICAL.md's byte-level and structural rules on a feed's bytes."""
    _check_bytes(data, label)
    assert data.count(ICAL_MD_VTIMEZONE) == 1, f"{label}: ICAL.md's VTIMEZONE, exactly once"
    lines = unfolded_lines(data)
    _check_calendar(lines, label)
    _check_recurrences(data, label)
