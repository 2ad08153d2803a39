"""The tours workspace: /<lang>/leader/tours/. Coordinators plan the mobile family centre. Thin.

Only the coordinators of the organization that runs a tour reach its pages; for anyone else a
tour answers 404, so its existence does not show. A refusal of a service (`TourError`,
`ScheduleError`, `RoomClash`, a model validation) is shown on the form with status 400; services
run in a transaction, so nothing changed. A form's "Preview" runs the same service in a savepoint
that is rolled back (`preview_visits`) and shows the coming visits it would make. Successful
writes redirect (PRG) with a message that says what happened.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import DomainError, PermissionRefused
from core.views import answer_refusals
from events import recurrence
from events.forms_tours import STOP_ERROR_FIELDS, TOUR_ERROR_FIELDS, StopForm, StopRemoveForm, TourForm
from events.forms_workspace import MOVE_ERROR_FIELDS, CancelForm, MoveForm, show_refusal
from events.models import Session, Tour, TourStop
from events.selectors_tours import (
    organization_list_for_tour_create,
    stop_get_for_manager,
    stop_list_for_manager,
    team_candidates,
    tour_get_for_manager,
    tour_list_for_manager,
    visit_get_for_manager,
)
from events.selectors_workspace import room_list_for_group
from events.services import sessions as session_services
from events.services.series import RoomClash, ScheduleError
from events.services.tour_updates import (
    PREVIEW_WEEKS,
    coming_visits,
    preview_visits,
    tour_stop_update,
    tour_stops_add,
    tour_update,
)
from events.services.tours import TourError, tour_create, tour_stop_remove

_answer_refusals = answer_refusals("events/tours_workspace/refused.html")
GET_POST = ["GET", "HEAD", "POST"]


def _status(form: forms.Form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _when(session: Session) -> str:
    start = session.start.astimezone(recurrence.HELSINKI)
    return f"{start:%d.%m.%Y %H.%M}"


def _detail_url(tour: Tour, anchor: str = "") -> str:
    return reverse("tours_workspace:detail", kwargs={"slug": tour.slug}) + anchor


def _report(request: HttpRequest, result: Any, *, saved: str) -> None:
    """Tell what a save did: counts, the dates skipped for clashes, the visits left as they were."""
    parts = [
        template % {"count": count}
        for count, template in (
            (result.created, ngettext("%(count)d visit added", "%(count)d visits added", result.created)),
            (result.updated, ngettext("%(count)d visit changed", "%(count)d visits changed", result.updated)),
            (result.removed, ngettext("%(count)d visit removed", "%(count)d visits removed", result.removed)),
        )
        if count
    ]
    messages.success(request, f"{saved} {', '.join(parts)}." if parts else saved)
    if result.skipped_clashes:
        messages.warning(
            request,
            _("No visits were made on these dates, because the room is already booked: %(dates)s.")
            % {"dates": ", ".join(str(clash) for clash in result.skipped_clashes)},
        )
    if result.kept:
        messages.warning(
            request,
            _(
                "These visits were cancelled, moved or have sign-ups, so they were left as they were: "
                "%(visits)s."
            )
            % {"visits": ", ".join(_when(session) for session in result.kept)},
        )


class _Totals:
    """The counts of one or several stops' series results, as `_report` reads them."""

    def __init__(self, results: list[Any]) -> None:
        series = [r.series for r in results]
        self.created = sum(s.created for s in series)
        self.updated = sum(s.updated for s in series)
        self.removed = sum(s.removed for s in series)
        self.skipped_clashes = [c for s in series for c in s.skipped_clashes]
        self.kept = [k for s in series for k in s.kept]


def _run(
    request: HttpRequest,
    form: forms.Form,
    *,
    tour: Tour,
    change: Callable[[bool], Any],
    fields: dict[str, str],
) -> tuple[Any, dict[str, Any]]:
    """Preview or save a valid form: (the service's result or None, what the page shows)."""
    shown: dict[str, Any] = {"clashes": [], "preview": None}
    skip = form.cleaned_data.get("skip_clashes", False)
    try:
        if "preview" in request.POST:
            shown["preview"] = preview_visits(tour=tour, change=lambda: change(skip))
            return None, shown
        return change(skip), shown
    except RoomClash as error:
        shown["clashes"] = error.clashes
        form.offer_skip_clashes = True
        form.add_error(None, str(error))
    except (TourError, ScheduleError, ValidationError) as error:
        show_refusal(form, error, fields)
    return None, shown


# --- tours -------------------------------------------------------------------------------------------


@login_required
@require_safe
def tour_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/tours_workspace/list.html",
        {
            "tours": tour_list_for_manager(actor=request.user),
            "can_create": organization_list_for_tour_create(actor=request.user).exists(),
        },
    )


@login_required
@require_http_methods(GET_POST)
@_answer_refusals
def tour_create_view(request: HttpRequest) -> HttpResponse:
    organizations = organization_list_for_tour_create(actor=request.user)
    if not organizations.exists():
        raise PermissionRefused(
            _("Only an organization's coordinators can set up its mobile family centre."), code="forbidden"
        )
    form = TourForm(request.POST if request.method == "POST" else None, organizations=organizations)
    if form.is_bound and form.is_valid():
        details = form.details()
        try:
            tour = tour_create(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                **{
                    f"{n}_{lang}": getattr(details, f"{n}_{lang}")
                    for n in ("name", "description")
                    for lang in ("fi", "sv", "en")
                },
                cycle_weeks=details.cycle_weeks,
                first_date=details.first_date,
                last_date=details.last_date,
                skip_public_holidays=details.skip_public_holidays,
                breaks=details.breaks,
            )
        except (TourError, ValidationError) as error:
            show_refusal(form, error, TOUR_ERROR_FIELDS)
        else:
            messages.success(
                request, _("The tour %(tour)s was created. Now add its stops.") % {"tour": tour.name}
            )
            return redirect("tours_workspace:detail", slug=tour.slug)
    return render(request, "events/tours_workspace/tour_form.html", {"form": form}, status=_status(form))


@login_required
@require_safe
@_answer_refusals
def tour_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tour = tour_get_for_manager(actor=request.user, slug=slug)
    return render(
        request,
        "events/tours_workspace/detail.html",
        {
            "tour": tour,
            "stops": stop_list_for_manager(actor=request.user, tour=tour),
            "visits": list(coming_visits(tour)),
            "weeks": PREVIEW_WEEKS,
            "team": tour.group.leaders.order_by("first_name", "email"),
            "breaks": tour.breaks.order_by("start_date"),
        },
    )


@login_required
@require_http_methods(GET_POST)
@_answer_refusals
def tour_edit(request: HttpRequest, slug: str) -> HttpResponse:
    tour = tour_get_for_manager(actor=request.user, slug=slug)
    team = team_candidates(actor=request.user, tour=tour)
    breaks = tour.breaks.count()
    if request.method != "POST":
        form = TourForm(initial=TourForm.initial_for(tour), team=team, breaks=breaks)
    else:
        form = TourForm(request.POST, team=team, breaks=breaks)
    shown: dict[str, Any] = {"clashes": [], "preview": None}
    if form.is_bound and form.is_valid():
        details = form.details()
        result, shown = _run(
            request,
            form,
            tour=tour,
            change=lambda skip: tour_update(
                actor=request.user, tour=tour, details=details, skip_clashes=skip
            ),
            fields=TOUR_ERROR_FIELDS,
        )
        if result is not None:
            _report(request, result, saved=_("The tour was saved."))
            return redirect(_detail_url(tour))
        tour.refresh_from_db()
    return render(
        request,
        "events/tours_workspace/tour_form.html",
        {"form": form, "tour": tour, "weeks": PREVIEW_WEEKS, **shown},
        status=_status(form),
    )


# --- stops -------------------------------------------------------------------------------------------


def _stop_page(request: HttpRequest, tour: Tour, stop: TourStop | None = None) -> HttpResponse:
    """Add a stop (in one or more weeks), or change one (`stop`); both with a preview."""
    rooms = room_list_for_group(actor=request.user, group=tour.group)
    options = {"rooms": rooms, "cycle_weeks": tour.cycle_weeks, "one_week": stop is not None}
    if request.method != "POST":
        form = StopForm(initial=StopForm.initial_for(stop) if stop else None, **options)
    else:
        form = StopForm(request.POST, **options)
    shown: dict[str, Any] = {"clashes": [], "preview": None}
    if form.is_bound and form.is_valid():
        plan = form.plan()
        if stop is None:
            weeks = form.cleaned_data["weeks"]

            def change(skip: bool) -> Any:
                return _Totals(
                    tour_stops_add(actor=request.user, tour=tour, plan=plan, weeks=weeks, skip_clashes=skip)
                )
        else:

            def change(skip: bool) -> Any:
                return _Totals(
                    [tour_stop_update(actor=request.user, stop=stop, plan=plan, skip_clashes=skip)]
                )

        result, shown = _run(
            request,
            form,
            tour=tour,
            change=change,
            fields=STOP_ERROR_FIELDS | TOUR_ERROR_FIELDS | {"no_week_in_range": "weeks"},
        )
        if result is not None:
            _report(
                request, result, saved=_("The stop was added.") if stop is None else _("The stop was saved.")
            )
            return redirect(_detail_url(tour, "#stops"))
    return render(
        request,
        "events/tours_workspace/stop_form.html",
        {
            "form": form,
            "tour": tour,
            "stop": stop,
            "has_rooms": rooms.exists(),
            "weeks": PREVIEW_WEEKS,
            **shown,
        },
        status=_status(form),
    )


@login_required
@require_http_methods(GET_POST)
@_answer_refusals
def stop_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _stop_page(request, tour_get_for_manager(actor=request.user, slug=slug))


@login_required
@require_http_methods(GET_POST)
@_answer_refusals
def stop_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    tour = tour_get_for_manager(actor=request.user, slug=slug)
    return _stop_page(request, tour, stop_get_for_manager(actor=request.user, tour=tour, pk=pk))


@login_required
@require_http_methods(GET_POST)
@_answer_refusals
def stop_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    tour = tour_get_for_manager(actor=request.user, slug=slug)
    stop = stop_get_for_manager(actor=request.user, tour=tour, pk=pk)
    form = StopRemoveForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            removal = tour_stop_remove(actor=request.user, stop=stop, reason=form.cleaned_data["reason"])
        except DomainError as error:
            show_refusal(form, error, {"no_reason": "reason"})
        else:
            message = _("The stop at %(venue)s was removed.") % {"venue": stop.venue.name}
            if removal.cancelled:
                message += " " + ngettext(
                    "%(count)d visit with sign-ups was cancelled; the families are told.",
                    "%(count)d visits with sign-ups were cancelled; the families are told.",
                    removal.cancelled,
                ) % {"count": removal.cancelled}
            messages.success(request, message)
            return redirect(_detail_url(tour, "#stops"))
    return render(
        request,
        "events/tours_workspace/stop_remove.html",
        {"form": form, "tour": tour, "stop": stop},
        status=_status(form),
    )


# --- one visit ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
@_answer_refusals
def visit_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for the reason; POST cancels, and the families signed up are told."""
    tour = tour_get_for_manager(actor=request.user, slug=slug)
    session = visit_get_for_manager(actor=request.user, tour=tour, pk=pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            session_services.session_cancel(
                actor=request.user, session=session, reason=form.cleaned_data["reason"]
            )
        except ScheduleError as error:
            show_refusal(form, error, {"no_reason": "reason"})
        else:
            messages.success(request, _("The visit of %(when)s was cancelled.") % {"when": _when(session)})
            return redirect(_detail_url(tour, "#visits"))
    return render(
        request,
        "events/tours_workspace/visit_cancel.html",
        {"tour": tour, "session": session, "form": form},
        status=_status(form),
    )


@login_required
@require_http_methods(GET_POST)
@_answer_refusals
def visit_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET shows the visit's time and room; POST moves it, and the families signed up are told."""
    tour = tour_get_for_manager(actor=request.user, slug=slug)
    session = visit_get_for_manager(actor=request.user, tour=tour, pk=pk)
    rooms = room_list_for_group(actor=request.user, group=tour.group)
    if request.method != "POST":
        form = MoveForm(initial=MoveForm.initial_for(session), rooms=rooms)
    else:
        form = MoveForm(request.POST, rooms=rooms)
    if form.is_bound and form.is_valid():
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
                request, _("The visit of %(was)s was moved to %(when)s.") % {"was": was, "when": _when(moved)}
            )
            return redirect(_detail_url(tour, "#visits"))
    return render(
        request,
        "events/tours_workspace/visit_move.html",
        {"tour": tour, "session": session, "form": form},
        status=_status(form),
    )
