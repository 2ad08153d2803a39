"""Accessibility facts of one venue in the workspace. Thin: parse, call one service or selector, render.

Only the owning organization's coordinators and leaders get here; for anyone
else the venue (or room) answers 404, so its existence does not leak, and
anonymous visitors are sent to log in. A form with errors answers 400 and
nothing is saved; a saved form redirects (POST/redirect/GET) to the same page,
which shows the fresh verdicts as families will see them.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accessibility.forms import FactsForm, RoomAccessibilityForm, VenueAccessibilityForm
from accessibility.selectors import (
    accessibility_change_list,
    change_entries,
    room_facts_get,
    room_verdict_list,
    venue_facts_get,
    verdict_summaries,
)
from accessibility.sentences import amenity_sentences
from accessibility.services import room_accessibility_update, venue_accessibility_update
from core.errors import PermissionRefused
from venues.selectors import room_get_for_editor, venue_get_for_editor

HISTORY_PAGE_SIZE = 20

VenueView = Callable[..., HttpResponse]


def _not_found_when_refused(view: VenueView) -> VenueView:
    """Every refusal here is a 404: a venue one may not edit is, for that person, not there.

    A service may refuse after the lookup succeeded (the membership was removed in
    between); its transaction has then changed nothing.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, venue_slug: str, **kwargs: object) -> HttpResponse:
        try:
            return view(request, venue_slug, **kwargs)
        except PermissionRefused as error:
            raise Http404(str(error)) from error

    return wrapper


def _save(form: FactsForm, save: Callable[[], object]) -> bool:
    """Run the service; a model-level refusal becomes errors on the form (so a 400, never a 500)."""
    try:
        save()
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _saved_message(request: HttpRequest, form: FactsForm) -> None:
    if form.has_changed():
        messages.success(request, _("The facts were saved. Below is what families now see."))
    else:
        messages.info(request, _("Nothing was changed."))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_not_found_when_refused
def venue_facts(request: HttpRequest, venue_slug: str) -> HttpResponse:
    venue = venue_get_for_editor(actor=request.user, slug=venue_slug)
    facts = venue_facts_get(actor=request.user, venue=venue)
    if request.method == "POST":
        form = VenueAccessibilityForm(request.POST, facts=facts)
        if form.is_valid() and _save(
            form, lambda: venue_accessibility_update(actor=request.user, venue=venue, data=form.facts())
        ):
            _saved_message(request, form)
            return redirect("accessibility:venue", venue_slug=venue.slug)
    else:
        form = VenueAccessibilityForm(facts=facts)
    return render(
        request,
        "accessibility/workspace/venue.html",
        {
            "venue": venue,
            "facts": facts,
            "form": form,
            "summaries": verdict_summaries(facts),
            "amenities": amenity_sentences(facts),
            "rooms": room_verdict_list(actor=request.user, venue=venue),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_not_found_when_refused
def room_facts(request: HttpRequest, venue_slug: str, room_id: int) -> HttpResponse:
    venue = venue_get_for_editor(actor=request.user, slug=venue_slug)
    room = room_get_for_editor(actor=request.user, venue=venue, pk=room_id)
    facts = room_facts_get(actor=request.user, room=room)
    if request.method == "POST":
        form = RoomAccessibilityForm(request.POST, facts=facts)
        if form.is_valid() and _save(
            form, lambda: room_accessibility_update(actor=request.user, room=room, data=form.facts())
        ):
            _saved_message(request, form)
            return redirect("accessibility:room", venue_slug=venue.slug, room_id=room.pk)
    else:
        form = RoomAccessibilityForm(facts=facts)
    return render(
        request,
        "accessibility/workspace/room.html",
        {
            "venue": venue,
            "room": room,
            "facts": facts,
            "form": form,
            "summaries": verdict_summaries(facts),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_safe
@_not_found_when_refused
def history(request: HttpRequest, venue_slug: str) -> HttpResponse:
    venue = venue_get_for_editor(actor=request.user, slug=venue_slug)
    page = Paginator(accessibility_change_list(actor=request.user, venue=venue), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accessibility/workspace/history.html",
        {"venue": venue, "page": page, "entries": change_entries(page.object_list)},
    )
