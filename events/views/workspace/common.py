"""What the pages of the groups workspace share: the refusal decorator, how a session's time and a
series save read, the series rows of a group's page."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.views import answer_refusals
from events.forms_workspace import NTH_CHOICES
from events.models import Series, Session
from events.services.series import SeriesResult
from events.views.session_flows import when
from venues.models import OpeningHours

# Unknown or others' groups: 404. A refused permission (no organization to start a group in): 403.
answer_group_refusals = answer_refusals("events/workspace/refused.html")


def back_to_sessions(group_slug: str) -> str:
    return reverse("groups:edit", kwargs={"slug": group_slug}) + "#sessions"


def session_list(sessions: Iterable[Session]) -> str:
    labels = []
    for session in sessions:
        if session.is_cancelled:
            labels.append(_("%(when)s (cancelled)") % {"when": when(session)})
        elif session.is_exception:
            labels.append(_("%(when)s (moved)") % {"when": when(session)})
        else:
            labels.append(when(session))
    return ", ".join(labels)


def report(request: HttpRequest, result: SeriesResult) -> None:
    """Tell what a series save did: counts, the dates skipped for clashes, the sessions left as they were."""
    parts = []
    if result.created:
        parts.append(
            ngettext("%(count)d session added", "%(count)d sessions added", result.created)
            % {"count": result.created}
        )
    if result.updated:
        parts.append(
            ngettext("%(count)d session changed", "%(count)d sessions changed", result.updated)
            % {"count": result.updated}
        )
    if result.removed:
        parts.append(
            ngettext("%(count)d session removed", "%(count)d sessions removed", result.removed)
            % {"count": result.removed}
        )
    if parts:
        messages.success(request, _("The schedule was saved: %(changes)s.") % {"changes": ", ".join(parts)})
    else:
        messages.success(request, _("The schedule was saved. No session needed changing."))
    if result.skipped_clashes:
        messages.warning(
            request,
            _("No sessions were made on these dates, because the room is already booked: %(dates)s.")
            % {"dates": ", ".join(str(clash) for clash in result.skipped_clashes)},
        )
    if result.kept:
        messages.warning(
            request,
            ngettext(
                "This session was cancelled, moved or has sign-ups, so the change was not made to it: "
                "%(sessions)s. Change it by hand if needed.",
                "These sessions were cancelled, moved or have sign-ups, so the change was not made to "
                "them: %(sessions)s. Change them by hand if needed.",
                len(result.kept),
            )
            % {"sessions": session_list(result.kept)},
        )


@dataclass(frozen=True)
class SeriesRow:
    """A series as the group page describes it."""

    series: Series
    weekdays: str
    repeats: str
    end_time: dt.time


def series_rows(series_list: Iterable[Series]) -> list[SeriesRow]:
    rows = []
    for series in series_list:
        days = [str(OpeningHours.Weekday(day).label) for day in series.weekday_list]
        if series.frequency == Series.Frequency.MONTHLY:
            nth = dict(NTH_CHOICES).get(str(series.nth_of_month), "")
            repeats = _("Monthly, on the %(nth)s %(weekday)s of the month") % {
                "nth": nth,
                "weekday": ", ".join(days),
            }
        elif series.interval_weeks == 1:
            repeats = _("Every week")
        else:
            repeats = _("Every %(count)d weeks") % {"count": series.interval_weeks}
        end = series.start_time.hour * 60 + series.start_time.minute + series.duration_minutes
        rows.append(
            SeriesRow(
                series=series,
                weekdays=", ".join(days),
                repeats=repeats,
                end_time=dt.time((end // 60) % 24, end % 60),
            )
        )
    return rows
