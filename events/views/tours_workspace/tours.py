"""The tours themselves in the workspace: the list, setting one up (with its team), its page, changing
it, and taking it off the public pages and back."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import PermissionRefused
from core.forms_flow import bind, form_flow
from events.forms_tours import TOUR_ERROR_FIELDS, TourDeactivateForm, TourForm
from events.models import Tour
from events.selectors_tours import (
    organization_list_for_tour_create,
    stop_list_for_manager,
    team_candidates,
    team_candidates_for_create,
    tour_get_for_manager,
    tour_list_for_manager,
)
from events.services.tour_status import (
    TourDeactivation,
    tour_deactivate,
    tour_reactivate,
    visits_with_signups,
)
from events.services.tour_updates import PREVIEW_WEEKS, coming_visits, tour_update
from events.services.tours import TourError, tour_create
from events.views.tours_workspace.common import (
    GET_POST,
    answer_tour_refusals,
    cancelled_visits,
    detail_url,
    report,
    run,
    status_of,
)


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
@answer_tour_refusals
def tour_create_view(request: HttpRequest) -> HttpResponse:
    """The tour's texts, cycle, period, breaks and team; its stops come next, on its page."""
    organizations = organization_list_for_tour_create(actor=request.user)
    if not organizations.exists():
        raise PermissionRefused(
            _("Only an organization's coordinators can set up its mobile family centre."), code="forbidden"
        )

    def save(form: TourForm) -> Tour:
        details = form.details()
        return tour_create(
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
            leaders=details.leaders,
        )

    def done(tour: Tour) -> str:
        messages.success(
            request, _("The tour %(tour)s was created. Now add its stops.") % {"tour": tour.name}
        )
        return detail_url(tour)

    return form_flow(
        request,
        bind(
            request,
            TourForm,
            initial={"leaders": [request.user.pk]},
            organizations=organizations,
            team=team_candidates_for_create(actor=request.user),
        ),
        save=save,
        done=done,
        template="events/tours_workspace/tour_form.html",
        fields=TOUR_ERROR_FIELDS,
    )


@login_required
@require_safe
@answer_tour_refusals
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
@answer_tour_refusals
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
        result, shown = run(
            request,
            form,
            tour=tour,
            change=lambda skip: tour_update(
                actor=request.user, tour=tour, details=details, skip_clashes=skip
            ),
            fields=TOUR_ERROR_FIELDS,
        )
        if result is not None:
            report(request, result, saved=_("The tour was saved."))
            return redirect(detail_url(tour))
        tour.refresh_from_db()
    return render(
        request,
        "events/tours_workspace/tour_form.html",
        {"form": form, "tour": tour, "weeks": PREVIEW_WEEKS, **shown},
        status=status_of(form),
    )


@login_required
@require_http_methods(GET_POST)
@answer_tour_refusals
def tour_deactivate_view(request: HttpRequest, slug: str) -> HttpResponse:
    """GET says what deactivating does (and whose visits are cancelled); POST deactivates."""
    tour = tour_get_for_manager(actor=request.user, slug=slug)

    def done(result: TourDeactivation) -> str:
        message = _("%(tour)s is no longer shown to families. You can bring it back on its page.") % {
            "tour": result.tour.name
        }
        if result.cancelled:
            message += " " + cancelled_visits(result.cancelled)
        messages.success(request, message)
        return detail_url(tour)

    return form_flow(
        request,
        bind(request, TourDeactivateForm),
        save=lambda form: tour_deactivate(actor=request.user, tour=tour, reason=form.cleaned_data["reason"]),
        done=done,
        template="events/tours_workspace/tour_deactivate.html",
        context=lambda: {"tour": tour, "with_signups": visits_with_signups(tour)},
        fields={"no_reason": "reason"},
    )


@login_required
@require_POST
@answer_tour_refusals
def tour_reactivate_view(request: HttpRequest, slug: str) -> HttpResponse:
    tour = tour_get_for_manager(actor=request.user, slug=slug)
    try:
        tour = tour_reactivate(actor=request.user, tour=tour)
    except TourError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(tour)s is shown to families again.") % {"tour": tour.name})
    return redirect(detail_url(tour))
