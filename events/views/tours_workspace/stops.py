"""A tour's stops in the workspace: add one (in one or more weeks of the cycle), change it, remove it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms_flow import bind, form_flow
from events.forms_tours import STOP_ERROR_FIELDS, TOUR_ERROR_FIELDS, StopForm, StopRemoveForm
from events.models import Tour, TourStop
from events.selectors_tours import stop_get_for_manager, tour_get_for_manager
from events.selectors_workspace import room_list_for_group
from events.services.series_removal import SeriesRemoval
from events.services.tour_updates import PREVIEW_WEEKS, tour_stop_update, tour_stops_add
from events.services.tours import tour_stop_remove
from events.views.tours_workspace.common import (
    GET_POST,
    Totals,
    answer_tour_refusals,
    cancelled_visits,
    detail_url,
    report,
    run,
    status_of,
)


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
                return Totals(
                    tour_stops_add(actor=request.user, tour=tour, plan=plan, weeks=weeks, skip_clashes=skip)
                )
        else:

            def change(skip: bool) -> Any:
                return Totals([tour_stop_update(actor=request.user, stop=stop, plan=plan, skip_clashes=skip)])

        result, shown = run(
            request,
            form,
            tour=tour,
            change=change,
            fields=STOP_ERROR_FIELDS | TOUR_ERROR_FIELDS | {"no_week_in_range": "weeks"},
        )
        if result is not None:
            report(
                request, result, saved=_("The stop was added.") if stop is None else _("The stop was saved.")
            )
            return redirect(detail_url(tour, "#stops"))
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
        status=status_of(form),
    )


@login_required
@require_http_methods(GET_POST)
@answer_tour_refusals
def stop_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _stop_page(request, tour_get_for_manager(actor=request.user, slug=slug))


@login_required
@require_http_methods(GET_POST)
@answer_tour_refusals
def stop_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    tour = tour_get_for_manager(actor=request.user, slug=slug)
    return _stop_page(request, tour, stop_get_for_manager(actor=request.user, tour=tour, pk=pk))


@login_required
@require_http_methods(GET_POST)
@answer_tour_refusals
def stop_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for the reason families would be told; POST removes the stop from now on."""
    tour = tour_get_for_manager(actor=request.user, slug=slug)
    stop = stop_get_for_manager(actor=request.user, tour=tour, pk=pk)

    def done(removal: SeriesRemoval) -> str:
        message = _("The stop at %(venue)s was removed.") % {"venue": stop.venue.name}
        if removal.cancelled:
            message += " " + cancelled_visits(removal.cancelled)
        messages.success(request, message)
        return detail_url(tour, "#stops")

    return form_flow(
        request,
        bind(request, StopRemoveForm),
        save=lambda form: tour_stop_remove(actor=request.user, stop=stop, reason=form.cleaned_data["reason"]),
        done=done,
        template="events/tours_workspace/stop_remove.html",
        context={"tour": tour, "stop": stop},
        fields={"no_reason": "reason"},
    )
