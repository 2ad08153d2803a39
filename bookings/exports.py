"""A session's participants as CSV for Excel in Finland: UTF-8 with a BOM, `;` between cells.

Spreadsheet formula injection (OWASP "CSV Injection"): a text cell that begins with
=, +, -, @, a tab or a carriage return gets a leading apostrophe, so Excel shows it as
text and never runs it. A phone number in international form ("+358 40 …") therefore
reads "'+358 40 …": still readable and dialable; the apostrophe is the price of safety.
Numbers are written as numbers. Never put data here that the selector did not allow.
"""

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from bookings.models import SignUp
from bookings.selectors import SessionParticipants, household_name

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Neutralise a text cell that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _attended(signup: SignUp) -> str:
    if signup.attended is None:
        return ""
    return _("yes") if signup.attended else _("no")


def _row(signup: SignUp, position: int | str) -> list[object]:
    booking = signup.booking
    return [
        signup.get_status_display(),
        position,
        household_name(booking),
        booking.phone,
        booking.email,
        booking.adults,
        booking.children_under_1,
        booking.children_1_to_2,
        booking.children_3_to_6,
        booking.children_7_plus,
        booking.prams,
        booking.note,
        _attended(signup),
    ]


def _rows(data: SessionParticipants) -> Iterable[list[object]]:
    yield [
        _("Status"),
        _("Place in the queue"),
        _("Name"),
        _("Phone"),
        _("Email"),
        _("Adults"),
        _("Children under 1 year"),
        _("Children aged 1–2"),
        _("Children aged 3–6"),
        _("Children aged 7 or over"),
        _("Prams"),
        _("Note"),
        _("Attended"),
    ]
    for signup in data.confirmed:
        yield _row(signup, "")
    for row in data.waitlisted:
        yield _row(row.signup, row.position)
    for signup in data.cancelled:
        yield _row(signup, "")


def participants_csv(data: SessionParticipants) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in _rows(data):
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
