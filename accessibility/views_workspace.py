"""Accessibility facts of one venue in the workspace. Thin: parse, call one service or selector, render.

Only the owning organization's coordinators and leaders get here; for anyone
else the venue (or room) answers 404, so its existence does not leak, and
anonymous visitors are sent to log in. A form with errors answers 400 and
nothing is saved; a saved form redirects (POST/redirect/GET) to the same page,
which shows the fresh verdicts as families will see them.

A stale save (someone else saved the same facts after the form was opened: the hidden
`version` is older) answers 409 and saves nothing: the page shows what changed, field by
field, and the form again with the newer facts and the person's own answers
(`accessibility.conflicts`), at the current version, so a second save goes through.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accessibility.conflicts import merge_answers
from accessibility.forms import FactsForm, RoomAccessibilityForm, VenueAccessibilityForm
from accessibility.selectors import (
    ChangeEntry,
    accessibility_change_list,
    change_entries,
    fact_label,
    facts_version,
    room_facts_get,
    room_verdict_list,
    venue_facts_get,
    verdict_summaries,
)
from accessibility.sentences import amenity_sentences
from accessibility.services import StaleFacts, room_accessibility_update, venue_accessibility_update
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


@dataclass(frozen=True)
class Conflict:
    """What a refused stale save shows: the changes since the form was opened, and the facts the
    person changed that someone else changed too (their answer is the one in the form)."""

    message: str
    entries: list[ChangeEntry]
    both_changed: list[str]


def _save(form: FactsForm, save: Callable[[int | None], object]) -> StaleFacts | bool:
    """Run the service with the form's version: True when saved; a model-level refusal becomes errors
    on the form (False, so a 400, never a 500); a stale save gives its StaleFacts."""
    try:
        save(form.version_sent())
    except StaleFacts as stale:
        return stale
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _conflict_form(
    form_class: type[FactsForm], form: FactsForm, facts: models.Model, stale: StaleFacts
) -> tuple[FactsForm, Conflict]:
    """The form again, unbound: the newer facts with the person's own answers, at the current version."""
    current = {name: getattr(facts, name) for name in form_class.fact_fields}
    merge = merge_answers(current=current, submitted=form.facts(), changes=stale.changes)
    again = form_class(facts=facts, version=stale.version, answers=merge.answers)
    labels = [fact_label(type(facts), name) for name in merge.both_changed]
    return again, Conflict(message=str(stale), entries=change_entries(stale.changes), both_changed=labels)


def _saved_message(request: HttpRequest, form: FactsForm) -> None:
    if form.has_changed():
        messages.success(request, _("The facts were saved. Below is what families now see."))
    else:
        messages.info(request, _("Nothing was changed."))


def _status(form: FactsForm, conflict: Conflict | None) -> int:
    if conflict is not None:
        return 409
    return 400 if form.is_bound else 200


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_not_found_when_refused
def venue_facts(request: HttpRequest, venue_slug: str) -> HttpResponse:
    venue = venue_get_for_editor(actor=request.user, slug=venue_slug)
    facts = venue_facts_get(actor=request.user, venue=venue)
    conflict = None
    if request.method == "POST":
        form = VenueAccessibilityForm(request.POST, facts=facts)
        saved = form.is_valid() and _save(
            form,
            lambda version: venue_accessibility_update(
                actor=request.user, venue=venue, data=form.facts(), version=version
            ),
        )
        if isinstance(saved, StaleFacts):
            facts = venue_facts_get(actor=request.user, venue=venue)
            form, conflict = _conflict_form(VenueAccessibilityForm, form, facts, saved)
        elif saved:
            _saved_message(request, form)
            return redirect("accessibility:venue", venue_slug=venue.slug)
    else:
        form = VenueAccessibilityForm(facts=facts, version=facts_version(venue=venue))
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
            "conflict": conflict,
        },
        status=_status(form, conflict),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_not_found_when_refused
def room_facts(request: HttpRequest, venue_slug: str, room_id: int) -> HttpResponse:
    venue = venue_get_for_editor(actor=request.user, slug=venue_slug)
    room = room_get_for_editor(actor=request.user, venue=venue, pk=room_id)
    facts = room_facts_get(actor=request.user, room=room)
    conflict = None
    if request.method == "POST":
        form = RoomAccessibilityForm(request.POST, facts=facts)
        saved = form.is_valid() and _save(
            form,
            lambda version: room_accessibility_update(
                actor=request.user, room=room, data=form.facts(), version=version
            ),
        )
        if isinstance(saved, StaleFacts):
            facts = room_facts_get(actor=request.user, room=room)
            form, conflict = _conflict_form(RoomAccessibilityForm, form, facts, saved)
        elif saved:
            _saved_message(request, form)
            return redirect("accessibility:room", venue_slug=venue.slug, room_id=room.pk)
    else:
        form = RoomAccessibilityForm(facts=facts, version=facts_version(venue=venue, room=room))
    return render(
        request,
        "accessibility/workspace/room.html",
        {
            "venue": venue,
            "room": room,
            "facts": facts,
            "form": form,
            "summaries": verdict_summaries(facts),
            "conflict": conflict,
        },
        status=_status(form, conflict),
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
