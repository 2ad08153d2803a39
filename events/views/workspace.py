"""The leaders' workspace for groups, their series and sessions: /<lang>/leader/groups/. Thin.

Only a group's own leaders and its organization's coordinators reach its pages:
for anyone else a group answers 404, so its existence does not show. A refusal
of a service (a `ScheduleError`, a `RoomClash`, a model validation) is shown on
the form with status 400; services run in a transaction, so nothing changed.
Successful writes redirect (PRG) with a message that says what happened.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import PermissionRefused
from core.views import answer_refusals
from events import recurrence
from events.forms_workspace import (
    MOVE_ERROR_FIELDS,
    NTH_CHOICES,
    SERIES_ERROR_FIELDS,
    CancelForm,
    GroupCreateForm,
    GroupForm,
    MoveForm,
    SeriesForm,
    show_refusal,
)
from events.models import Group, Series, Session
from events.selectors_workspace import (
    UPCOMING_SESSIONS_SHOWN,
    group_get_for_manager,
    group_list_for_actor,
    organization_list_for_group_create,
    room_list_for_group,
    series_get_for_manager,
    series_list_for_manager,
    session_get_for_manager,
    session_list_for_manager,
)
from events.services import groups as group_services
from events.services import sessions as session_services
from events.services.series import Clash, RoomClash, ScheduleError, SeriesResult, series_create, series_update
from venues.models import OpeningHours

# Unknown or others' groups: 404. A refused permission (no organization to start a group in): 403.
_answer_refusals = answer_refusals("events/workspace/refused.html")


def _status(form: forms.Form) -> int:
    return 400 if form.is_bound else 200


def _when(session: Session) -> str:
    start = session.start.astimezone(recurrence.HELSINKI)
    return f"{date_format(start, 'SHORT_DATE_FORMAT')} {date_format(start, 'TIME_FORMAT')}"


def _session_list(sessions: Iterable[Session]) -> str:
    labels = []
    for session in sessions:
        if session.is_cancelled:
            labels.append(_("%(when)s (cancelled)") % {"when": _when(session)})
        elif session.is_exception:
            labels.append(_("%(when)s (moved)") % {"when": _when(session)})
        else:
            labels.append(_when(session))
    return ", ".join(labels)


def _report(request: HttpRequest, result: SeriesResult) -> None:
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
            % {"sessions": _session_list(result.kept)},
        )


@dataclass(frozen=True)
class SeriesRow:
    """A series as the group page describes it."""

    series: Series
    weekdays: str
    repeats: str
    end_time: dt.time


def _series_rows(series_list: Iterable[Series]) -> list[SeriesRow]:
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


# --- groups ----------------------------------------------------------------------------------------


@login_required
@require_safe
def group_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/workspace/home.html",
        {
            "groups": group_list_for_actor(actor=request.user),
            "can_create": organization_list_for_group_create(actor=request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_refusals
def group_create(request: HttpRequest) -> HttpResponse:
    organizations = organization_list_for_group_create(actor=request.user)
    if not organizations.exists():
        raise PermissionRefused(
            _("Only members of an organization can start groups. Ask your organization's coordinator."),
            code="forbidden",
        )
    if request.method != "POST":
        form = GroupCreateForm(organizations=organizations)
    else:
        form = GroupCreateForm(request.POST, organizations=organizations)
        if form.is_valid():
            try:
                group = group_services.group_create(
                    actor=request.user, organization=form.cleaned_data["organization"], data=form.group_data()
                )
            except (group_services.GroupError, ValidationError) as error:
                show_refusal(form, error, {"no_title": "title_fi"})
            else:
                messages.success(
                    request,
                    _("The group %(group)s was created. Now tell when and where it meets.")
                    % {"group": group.title},
                )
                return redirect("groups:series_create", slug=group.slug)
    return render(request, "events/workspace/group_create.html", {"form": form}, status=_status(form))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_refusals
def group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_get_for_manager(actor=request.user, slug=slug)
    if request.method != "POST":
        form = GroupForm(initial=GroupForm.initial_for(group), organization=group.organization)
    else:
        form = GroupForm(request.POST, organization=group.organization)
        if form.is_valid():
            try:
                group_services.group_update(actor=request.user, group=group, data=form.group_data())
            except (group_services.GroupError, ValidationError) as error:
                show_refusal(form, error, {"no_title": "title_fi"})
                group.refresh_from_db()
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("groups:edit", slug=group.slug)
    return render(
        request,
        "events/workspace/group_edit.html",
        {
            "group": group,
            "form": form,
            "series_rows": _series_rows(series_list_for_manager(actor=request.user, group=group)),
            "sessions": session_list_for_manager(actor=request.user, group=group),
            "sessions_shown": UPCOMING_SESSIONS_SHOWN,
        },
        status=_status(form),
    )


# --- series ----------------------------------------------------------------------------------------


def _series_page(
    request: HttpRequest,
    *,
    group: Group,
    form: SeriesForm,
    series: Series | None = None,
    clashes: list[Clash] | None = None,
) -> HttpResponse:
    return render(
        request,
        "events/workspace/series_form.html",
        {
            "group": group,
            "series": series,
            "form": form,
            "clashes": clashes or [],
            "has_rooms": form.fields["room"].queryset.exists(),
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_refusals
def series_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_get_for_manager(actor=request.user, slug=slug)
    rooms = room_list_for_group(actor=request.user, group=group)
    clashes = None
    if request.method != "POST":
        form = SeriesForm(rooms=rooms)
    else:
        form = SeriesForm(request.POST, rooms=rooms)
        if form.is_valid():
            try:
                result = series_create(
                    actor=request.user,
                    group=group,
                    spec=form.spec(),
                    skip_clashes=form.cleaned_data["skip_clashes"],
                )
            except RoomClash as error:
                clashes = error.clashes
                form.offer_skip_clashes = True
                form.add_error(None, str(error))
            except (ScheduleError, ValidationError) as error:
                show_refusal(form, error, SERIES_ERROR_FIELDS)
            else:
                _report(request, result)
                return redirect(reverse("groups:edit", kwargs={"slug": group.slug}) + "#sessions")
    return _series_page(request, group=group, form=form, clashes=clashes)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_refusals
def series_edit_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = group_get_for_manager(actor=request.user, slug=slug)
    series = series_get_for_manager(actor=request.user, group=group, pk=pk)
    rooms = room_list_for_group(actor=request.user, group=group)
    clashes = None
    breaks = len(series.breaks.all())
    if request.method != "POST":
        form = SeriesForm(initial=SeriesForm.initial_for(series), rooms=rooms, breaks=breaks)
    else:
        form = SeriesForm(request.POST, rooms=rooms, breaks=breaks)
        if form.is_valid():
            try:
                result = series_update(
                    actor=request.user,
                    series=series,
                    spec=form.spec(),
                    skip_clashes=form.cleaned_data["skip_clashes"],
                )
            except RoomClash as error:
                clashes = error.clashes
                form.offer_skip_clashes = True
                form.add_error(None, str(error))
            except (ScheduleError, ValidationError) as error:
                show_refusal(form, error, SERIES_ERROR_FIELDS)
            else:
                _report(request, result)
                return redirect("groups:series_edit", slug=group.slug, pk=series.pk)
            # The refused edit was rolled back; show the series as it is stored.
            series = series_get_for_manager(actor=request.user, group=group, pk=pk)
    return _series_page(request, group=group, form=form, series=series, clashes=clashes)


# --- one session -----------------------------------------------------------------------------------


def _back_to_sessions(group_slug: str) -> str:
    return reverse("groups:edit", kwargs={"slug": group_slug}) + "#sessions"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_refusals
def session_cancel_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for the reason; POST cancels."""
    group = group_get_for_manager(actor=request.user, slug=slug)
    session = session_get_for_manager(actor=request.user, group=group, pk=pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            session_services.session_cancel(
                actor=request.user, session=session, reason=form.cleaned_data["reason"]
            )
        except ScheduleError as error:
            show_refusal(form, error, {"no_reason": "reason"})
        else:
            messages.success(request, _("The session of %(when)s was cancelled.") % {"when": _when(session)})
            return redirect(_back_to_sessions(group.slug))
    return render(
        request,
        "events/workspace/session_cancel.html",
        {"group": group, "session": session, "form": form},
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_refusals
def session_move_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET shows the session's time and room; POST moves it."""
    group = group_get_for_manager(actor=request.user, slug=slug)
    session = session_get_for_manager(actor=request.user, group=group, pk=pk)
    rooms = room_list_for_group(actor=request.user, group=group)
    if request.method != "POST":
        form = MoveForm(initial=MoveForm.initial_for(session), rooms=rooms)
    else:
        form = MoveForm(request.POST, rooms=rooms)
        if form.is_valid():
            start, end = form.moment()
            was = _when(session)
            try:
                moved = session_services.session_move(
                    actor=request.user, session=session, start=start, end=end, room=form.cleaned_data["room"]
                )
            except (ScheduleError, RoomClash, ValidationError) as error:
                show_refusal(form, error, MOVE_ERROR_FIELDS)
            else:
                messages.success(
                    request,
                    _("The session of %(was)s was moved to %(when)s.") % {"was": was, "when": _when(moved)},
                )
                return redirect(_back_to_sessions(group.slug))
    return render(
        request,
        "events/workspace/session_move.html",
        {"group": group, "session": session, "form": form},
        status=_status(form),
    )
