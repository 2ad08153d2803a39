"""One visit of a tour in the workspace: cancel it or move it; the families signed up are told.

The same forms and flow as one session of a group (`events.views.session_flows`), on the tour's
pages: only the tour's coordinators reach them, and they lead back to the tour.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.selectors_tours import tour_get_for_manager, visit_get_for_manager
from events.selectors_workspace import room_list_for_group
from events.views.session_flows import cancel_flow, move_flow
from events.views.tours_workspace.common import GET_POST, answer_tour_refusals, detail_url


@login_required
@require_http_methods(GET_POST)
@answer_tour_refusals
def visit_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    tour = tour_get_for_manager(actor=request.user, slug=slug)
    return cancel_flow(
        request,
        visit_get_for_manager(actor=request.user, tour=tour, pk=pk),
        template="events/tours_workspace/visit_cancel.html",
        context={"tour": tour},
        message=_("The visit of %(when)s was cancelled."),
        back=detail_url(tour, "#visits"),
    )


@login_required
@require_http_methods(GET_POST)
@answer_tour_refusals
def visit_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    tour = tour_get_for_manager(actor=request.user, slug=slug)
    return move_flow(
        request,
        visit_get_for_manager(actor=request.user, tour=tour, pk=pk),
        rooms=room_list_for_group(actor=request.user, group=tour.group),
        template="events/tours_workspace/visit_move.html",
        context={"tour": tour},
        message=_("The visit of %(was)s was moved to %(when)s."),
        back=detail_url(tour, "#visits"),
    )
