"""Computed metrics reports kept in the cache until anything they count may have changed.

A county's dashboard aggregates a year of sessions, sign-ups, headcounts and feedback: hundreds
of milliseconds of database and Python work, for figures that change a few times an hour. So
`metrics_report` keeps each finished `Report` (after suppression) under a key made of:

- the scope, canonically (`scope_key`): what its filter selects, so two coordinators of one
  organization (or a county coordinator and the county's token) share an entry, and two
  organizations never do; a person's own led groups add the person;
- every filter, and whether small counts are suppressed (a suppressed and a plain report of the
  same figures are two entries);
- the active language (labels are translated: month names, municipality names);
- the Helsinki date, and a stamp of the data (`data_stamp`): one query of row counts, the
  newest and the sum of `updated_at` (every row's save moves the sum, whatever the app
  servers' clocks say) and a few sums over every table the figures read, plus the number of
  sessions begun by now (held and still to come depend on the clock). A write anywhere, a
  delete included, or a session beginning, changes the stamp, so the next load computes afresh.
  A write that bypasses `updated_at` (`QuerySet.update`, `bulk_update` without it) is seen
  only through the counts and sums: the services set it (attendance, cancellations).
  A save is assumed to move `updated_at` (a clock that advances; a test freezing it must tick).

The stamp is read before the report is computed: a write committed in between is then in the
report under the older stamp, never missing from one filed under the newer.

Municipalities, sub-regions and counties are reference data (migrations, `seed_demo`) with no
change stamp: a renamed municipality shows the next day. Never caches anything for a person
without the scope's own key; never caches an answer that is not a finished, suppressed-as-asked
report.
"""

import datetime as dt
import hashlib

from django.core.cache import cache
from django.db import connection
from django.utils import translation

from accessibility.models import RoomAccessibility
from bookings.models import Booking, Headcount, SignUp
from events.models import Group, Session, Tour
from events.recurrence import HELSINKI
from metrics.models import Feedback
from metrics.scopes import Scope
from venues.models import Organization, Room, Venue

# Bump when a Report's shape or its computation changes, so no old entry is read after a deploy.
REPORT_VERSION = "1"
_STAMPED = (Booking, Headcount, Group, Organization, Room, Venue, RoomAccessibility)


def scope_key(scope: Scope) -> str:
    """The scope as what it selects: the led groups of the person count only in organizations
    they do not coordinate (there the coordinator's part already holds them)."""
    own = tuple(sorted(set(scope.member_of) - set(scope.coordinated)))
    return "|".join(
        (
            scope.level,
            ",".join(map(str, sorted(scope.county_ids))),
            ",".join(map(str, sorted(scope.coordinated))),
            ",".join(map(str, own)),
            str(scope.user_id) if own else "",
        )
    )


def _one_row(table: str, alias: str, columns: list[str]) -> str:
    """A one-row aggregate of a table, to sit beside the others in one FROM."""
    return f"(SELECT {', '.join(columns)} FROM {table}) AS {alias}"  # noqa: S608 (names from our models)


def _moments(column: str) -> str:
    """The sum of a timestamp column: any row's change moves it, whatever the clocks of the app
    servers (the newest timestamp alone misses an edit stamped earlier than the newest row)."""
    if connection.vendor == "postgresql":
        return f"SUM(EXTRACT(EPOCH FROM {column}))"
    if connection.vendor == "sqlite":
        return f"SUM(julianday({column}))"
    return f"MAX({column})"


def data_stamp(now: dt.datetime) -> str:
    """One query over every table the figures read: a change anywhere changes the answer.

    Each table is scanned once (a one-row aggregate), the rows joined side by side."""
    q = connection.ops.quote_name

    def when(condition: str) -> str:
        return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    def table(model: type) -> str:
        return q(model._meta.db_table)

    changed = ["COUNT(*)", f"MAX({q('updated_at')})", _moments(q("updated_at"))]
    tables = [_one_row(table(m), f"t{i}", changed) for i, m in enumerate((*_STAMPED, Feedback))]
    begun = when(f"{q('start')} < %s")
    tables.append(_one_row(table(Session), "sessions", [*changed, begun, when(f"{q('status')} = %s")]))
    signup_columns = [
        *changed,
        when(f"{q('status')} = %s"),
        when(f"{q('status')} = %s"),
        when(q("attended")),
        when(f"NOT {q('attended')}"),
        f"SUM({q('people')})",
        f"SUM({q('prams')})",
        f"MAX({q('promoted_at')})",
    ]
    tables.append(_one_row(table(SignUp), "signups", signup_columns))
    tables.append(_one_row(table(Tour), "tours", ["COUNT(*)", f"MAX({q('id')})"]))
    leader_columns = ["COUNT(*)", f"MAX({q('id')})", f"SUM({q('user_id')})", f"SUM({q('group_id')})"]
    tables.append(_one_row(q(Group.leaders.through._meta.db_table), "leaders", leader_columns))
    params = [
        connection.ops.adapt_datetimefield_value(now),
        Session.Status.CANCELLED,
        SignUp.Status.CONFIRMED,
        SignUp.Status.CANCELLED,
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM " + ", ".join(tables), params)  # noqa: S608 (names from our models)
        row = cursor.fetchone()
    return hashlib.sha256(repr(tuple(str(value) for value in row)).encode()).hexdigest()[:24]


def report_key(*, scope: Scope, filters: object, suppress: bool, now: dt.datetime, stamp: str) -> str:
    day = now.astimezone(HELSINKI).date().isoformat()
    language = translation.get_language()
    raw = f"{REPORT_VERSION}|{scope_key(scope)}|{filters!r}|{suppress}|{language}|{day}|{stamp}"
    return "metrics:report:" + hashlib.sha256(raw.encode()).hexdigest()


def seconds_left_today(now: dt.datetime) -> int:
    """Until the next Helsinki midnight: an entry never outlives the day it was computed for."""
    local = now.astimezone(HELSINKI)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), tzinfo=HELSINKI)
    return max(1, int((midnight - local).total_seconds()))


def cached(key: str) -> object | None:
    return cache.get(key)


def keep(key: str, value: object, now: dt.datetime) -> None:
    cache.set(key, value, seconds_left_today(now))
