"""Reads of the shared metrics, always through the actor's scope (`metrics.scopes`).

`metrics_report` answers everything one dashboard page, export or API answer shows, in a
constant number of queries (tests pin it): the aggregates of `metrics.queries`, then only
Python; the finished report is kept in the cache until the data it counts changes
(`metrics.cache`: one stamp query on a warm load). Suppression is decided here, before the
report is kept (its key says whether it is suppressed): on wherever the figures leave the
organization (the county scope, and every export and API answer, `leaves=True`).
"""

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Session
from events.recurrence import HELSINKI
from metrics import cache, queries
from metrics.models import Feedback
from metrics.scopes import Scope, metrics_scope
from metrics.suppression import SMALL, SMALL_MAX
from metrics.tables import Table, align_totals, build_table
from venues.models import Organization
from venues.permissions import Actor

HOT_SPOTS = 10


@dataclass(frozen=True)
class MetricsFilters:
    start: dt.date  # first day of the first month
    end: dt.date  # first day of the last month (inclusive)
    region: str = ""  # slug
    municipality: str = ""  # code
    kind: str = ""
    organization: str = ""  # slug
    topic: str = ""
    audience: str = ""
    language: str = ""  # fi, sv, en, other
    by: str = "month"

    def window(self) -> tuple[dt.datetime, dt.datetime]:
        after = dt.date(self.end.year + self.end.month // 12, self.end.month % 12 + 1, 1)
        return (
            dt.datetime.combine(self.start, dt.time(0), tzinfo=HELSINKI),
            dt.datetime.combine(after, dt.time(0), tzinfo=HELSINKI),
        )

    def as_query(self) -> dict[str, str]:
        """The filters as GET parameters (for export links)."""
        values = {"start": self.start.strftime("%Y-%m"), "end": self.end.strftime("%Y-%m")}
        for name in ("region", "municipality", "kind", "organization", "topic", "audience", "language", "by"):
            if getattr(self, name):
                values[name] = getattr(self, name)
        return values


@dataclass
class Report:
    scope: Scope
    filters: MetricsFilters
    suppressed: bool
    detail: Table
    by_month: Table
    by_municipality: Table
    by_kind: Table
    by_group: Table
    hot_spots: list = field(default_factory=list)
    cancel_reasons: list[tuple[str, str]] = field(default_factory=list)
    # Where it is cached (metrics.cache) and for how long: the page caches its rendering beside it.
    cache_key: str = ""
    cache_seconds: int = 0


def metrics_where(*, scope: Scope, filters: MetricsFilters) -> Callable[[str], Q]:
    """The filter on the sessions the figures count (the scope's, in the months, matching every
    filter), for Session (prefix "") or a model with a session ("session__")."""
    start, end = filters.window()
    conditions = {
        "region": "room__venue__municipality__region__slug",
        "municipality": "room__venue__municipality__code",
        "kind": "group__organization__kind",
        "organization": "group__organization__slug",
        "topic": "group__topic",
        "audience": "group__audience",
    }
    languages = {
        "fi": ("group__in_finnish", True),
        "sv": ("group__in_swedish", True),
        "en": ("group__in_english", True),
    }

    def where(prefix: str) -> Q:
        q = scope.q(prefix) & Q(**{f"{prefix}start__gte": start, f"{prefix}start__lt": end})
        for name, lookup in conditions.items():
            if getattr(filters, name):
                q &= Q(**{f"{prefix}{lookup}": getattr(filters, name)})
        if filters.language in languages:
            lookup, value = languages[filters.language]
            q &= Q(**{f"{prefix}{lookup}": value})
        elif filters.language == "other":
            q &= ~Q(**{f"{prefix}group__other_languages": ""})
        return q

    return where


def metrics_sessions(*, scope: Scope, filters: MetricsFilters) -> QuerySet[Session]:
    """The sessions the figures count."""
    return Session.objects.filter(metrics_where(scope=scope, filters=filters)(""))


def metrics_organizations(*, actor: Actor = None, scope: Scope | None = None) -> list[Organization]:
    """The organizations the actor (or a token's scope) may filter by: those the scope's groups belong to."""
    scope = scope or metrics_scope(actor)
    ids = Session.objects.filter(scope.sessions).order_by().values("group__organization_id").distinct()
    return list(Organization.objects.filter(pk__in=ids).order_by("name"))


def metrics_report(
    *,
    actor: Actor = None,
    scope: Scope | None = None,
    filters: MetricsFilters,
    leaves: bool = False,
    now: dt.datetime | None = None,
) -> Report:
    """The figures `actor` (or a token's `scope`) may see, filtered; `leaves`: they are leaving the
    organization (export, API)."""
    scope = scope or metrics_scope(actor)
    now = now or timezone.now()
    suppress = leaves or scope.leaves_organization
    # The stamp first: a write committed while the report is computed is in it (metrics.cache).
    key = cache.report_key(
        scope=scope, filters=filters, suppress=suppress, now=now, stamp=cache.data_stamp(now)
    )
    found = cache.cached(key)
    if isinstance(found, Report):
        return dataclasses.replace(found, scope=scope)
    report = _report(scope=scope, filters=filters, suppress=suppress, now=now)
    report.cache_key, report.cache_seconds = key, cache.seconds_left_today(now)
    cache.keep(key, report, now)
    return report


def _report(*, scope: Scope, filters: MetricsFilters, suppress: bool, now: dt.datetime) -> Report:
    facts = queries.facts_collect(
        where=metrics_where(scope=scope, filters=filters), now=now, feedback=Feedback
    )
    detail = build_table(facts, filters.by, suppress=suppress)
    by_month = build_table(facts, "month", suppress=suppress, columns=("held", "reached", "confirmed"))
    by_municipality = build_table(facts, "municipality", suppress=suppress, columns=("held", "booked_people"))
    by_kind = build_table(facts, "kind", suppress=suppress, columns=("held", "reached"))
    by_group = build_table(facts, "group", suppress=suppress, columns=("waiting_at_start", "held"))
    align_totals([detail, by_month, by_municipality, by_kind, by_group])
    waiting = [row for row in by_group.rows if row.value("waiting_at_start") > 0]
    waiting.sort(
        key=lambda row: (row.cells["waiting_at_start"].hidden, -row.value("waiting_at_start"), row.label)
    )
    reasons = _reasons(facts.cancel_reasons, suppress=suppress)
    return Report(
        scope=scope,
        filters=filters,
        suppressed=suppress,
        detail=detail,
        by_month=by_month,
        by_municipality=by_municipality,
        by_kind=by_kind,
        by_group=by_group,
        hot_spots=waiting[:HOT_SPOTS],
        cancel_reasons=reasons,
    )


def _reasons(rows: list[tuple[str, int]], *, suppress: bool) -> list[tuple[str, str]]:
    """Cancellation reasons as leaders wrote them, most common first; small ones grouped when suppressed.

    No total is shown beside them (the sessions table has it), so only primary suppression is needed:
    reasons given fewer than five times are counted together under "other reasons".
    """
    out: list[tuple[str, str]] = []
    other = 0
    for reason, count in rows:
        label = reason.strip() or _("no reason given")
        if suppress and count <= SMALL_MAX:
            other += count
        else:
            out.append((label, str(count)))
    if 0 < other <= SMALL_MAX and out:  # a small remainder would follow from the total
        label, count = out.pop()
        other += int(count)
    if other:
        out.append((_("other reasons"), SMALL if other <= SMALL_MAX else str(other)))
    return out
