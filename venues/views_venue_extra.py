"""Workspace views for a venue's status (deactivate, reactivate) and its photos' order. Thin.

Kept apart from venues/views_workspace.py. Refusals answer as there: someone who may
not edit the venue gets 404 (its existence does not show), a leader asking to deactivate
gets 403 with the reason; any other refusal is a message on the venue's page. Every
action is a POST form, so all of it works without JavaScript.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError, PermissionRefused
from core.views import refused
from venues.permissions import can_change_venue_status
from venues.selectors import photo_get_for_editor, venue_get_for_editor
from venues.services.venue_extra import photo_move, venue_deactivate, venue_reactivate

View = Callable[..., HttpResponse]


def _answer(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs: object) -> HttpResponse:
        try:
            return view(request, slug, **kwargs)
        except PermissionRefused as error:
            return refused(request, error, "venues/workspace/venue_refused.html")
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("workspace:venue_edit", slug=slug)

    return wrapper


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer
def venue_deactivate_view(request: HttpRequest, slug: str) -> HttpResponse:
    """GET asks for confirmation (coordinators only); POST deactivates."""
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    if request.method != "POST":
        if not can_change_venue_status(request.user, venue):
            raise PermissionRefused(
                _("Only the organization's coordinators can deactivate a venue."), code="forbidden"
            )
        return render(request, "venues/workspace/venue_deactivate.html", {"venue": venue})
    venue = venue_deactivate(actor=request.user, venue=venue)
    messages.success(
        request,
        _("%(venue)s is no longer shown to families. You can bring it back here.") % {"venue": venue.name},
    )
    return redirect("workspace:venue_edit", slug=venue.slug)


@login_required
@require_POST
@_answer
def venue_reactivate_view(request: HttpRequest, slug: str) -> HttpResponse:
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    venue = venue_reactivate(actor=request.user, venue=venue)
    messages.success(request, _("%(venue)s is shown to families again.") % {"venue": venue.name})
    return redirect("workspace:venue_edit", slug=venue.slug)


@login_required
@require_POST
@_answer
def photo_move_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Move one photo up or down (`direction` in the POST); back to the photos, at the moved one."""
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    item = photo_get_for_editor(actor=request.user, venue=venue, pk=pk)
    direction = request.POST.get("direction", "")
    photo_move(actor=request.user, photo=item.photo, direction=direction)  # type: ignore[arg-type]
    messages.success(request, _("The order of the photos was saved."))
    return redirect(reverse("workspace:photos", kwargs={"slug": venue.slug}) + f"#photo-{item.photo.pk}")
