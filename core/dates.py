"""One bound for every date a leader (or an integration) sets: no plans more than two years ahead.

A session on 31.12.9999 or in the year 3000 is a typing error, and such dates overflow date
arithmetic (a day after 31.12.9999 does not exist). Forms use `validate_plannable_date` so the
field shows the error; services call `plannable_date_error` so no caller can get past it. This
module only judges dates: it never reads or writes anything.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

MAX_YEARS_AHEAD = 2
EARLIEST_YEAR = 2000


def latest_plannable_date(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)


def plannable_date_error(day: dt.date, today: dt.date | None = None) -> str | None:
    """A translated reason why `day` cannot be planned, or None when it can."""
    latest = latest_plannable_date(today)
    if day > latest:
        return str(
            _("Dates can be at most two years ahead, until %(date)s. Check the year.")
            % {"date": date_format(latest, "SHORT_DATE_FORMAT")}
        )
    if day.year < EARLIEST_YEAR:
        return str(_("Check the year: %(year)d is too far in the past.") % {"year": day.year})
    return None


def validate_plannable_date(value: dt.date) -> None:
    """Form field validator: the same bound, shown on the field."""
    message = plannable_date_error(value)
    if message:
        raise ValidationError(message, code="too_far_ahead")
