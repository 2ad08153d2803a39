"""Workspace views for venues: venues, rooms, opening hours and exceptions, photos. Thin.

Someone who may not edit a venue gets 404, so its existence does not show; a leader
asking to add a venue gets 403 with the reason. Every form runs through
`core.forms_flow.form_flow`: a refused form (a VenueError or an ImageRejected from a
service) is shown again with the message, status 400, nothing saved. The members'
and publishing pages live in `venues/views_members.py`; their views are re-exported
here, the names `venues/urls_workspace.py` routes to.
"""

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import DomainError, PermissionRefused
from core.forms_flow import bind, confirm_flow, form_flow, show_refusal
from core.views import refused
from venues.forms import (
    OpeningExceptionForm,
    OpeningHoursForm,
    PhotoForm,
    RoomForm,
    VenueCreateForm,
    VenueForm,
)
from venues.images import ImageRejected
from venues.models import Venue
from venues.selectors import (
    municipality_list,
    opening_exception_get_for_editor,
    opening_exception_list_for_editor,
    opening_hours_list_for_editor,
    organization_list_for_venue_create,
    photo_get_for_editor,
    photo_list_for_editor,
    room_get_for_editor,
    room_list_for_editor,
    venue_editor_get,
    venue_get_for_editor,
    venue_list_for_editor,
)
from venues.services import venues as venue_services
from venues.views_members import (
    OrganizationView,
    member_add,
    member_remove,
    member_role,
    members,
)

__all__ = [
    "member_add",
    "member_remove",
    "member_role",
    "members",
]


def _answer_venue_refusals(view: OrganizationView) -> OrganizationView:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionRefused as error:
            return refused(request, error, "venues/workspace/venue_refused.html")
        except DomainError as error:
            messages.error(request, str(error))
            if "slug" in kwargs:
                return redirect("workspace:venue_edit", slug=kwargs["slug"])
            return redirect("workspace:venues")

    return wrapper


def _accessibility_url(venue: Venue) -> str | None:
    """The venue's accessibility facts page, built in the accessibility app; None until it exists."""
    try:
        return reverse("accessibility:venue", kwargs={"venue_slug": venue.slug})
    except NoReverseMatch:
        return None


def _saved(request: HttpRequest, message: str, name: str, venue: Venue, anchor: str = "") -> Any:
    """A `done` for form_flow: the message, then to the venue's page `name` (its slug read after the save)."""

    def done(_result: object) -> str:
        messages.success(request, message)
        return reverse(name, kwargs={"slug": venue.slug}) + anchor

    return done


def _reload_after_refusal(obj: Venue | Any) -> Any:
    """An `on_refusal` for edit forms: the refusal on the form, and the object as it is stored."""

    def refused(form: Any, error: Any) -> None:
        show_refusal(form, error)
        obj.refresh_from_db()

    return refused


@login_required
@require_safe
def venue_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "venues/workspace/venue_list.html",
        {
            "venues": venue_list_for_editor(actor=request.user),
            "can_create": organization_list_for_venue_create(actor=request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def venue_create(request: HttpRequest) -> HttpResponse:
    organizations = organization_list_for_venue_create(actor=request.user)
    if not organizations.exists():
        raise PermissionRefused(
            _("Only an organization's coordinators can add venues. Ask your coordinator."), code="forbidden"
        )

    def done(venue: Venue) -> str:
        messages.success(request, _("%(venue)s was added.") % {"venue": venue.name})
        return reverse("workspace:venue_edit", kwargs={"slug": venue.slug})

    return form_flow(
        request,
        bind(request, VenueCreateForm, organizations=organizations, municipalities=municipality_list()),
        save=lambda form: venue_services.venue_create(
            actor=request.user, organization=form.cleaned_data["organization"], data=form.venue_data()
        ),
        done=done,
        template="venues/workspace/venue_create.html",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def venue_edit(request: HttpRequest, slug: str) -> HttpResponse:
    editor = venue_editor_get(actor=request.user, slug=slug, today=timezone.localdate())
    venue = editor.venue
    return form_flow(
        request,
        bind(request, VenueForm, initial=VenueForm.initial_for(venue), municipalities=municipality_list()),
        save=lambda form: venue_services.venue_update(
            actor=request.user, venue=venue, data=form.venue_data()
        ),
        done=_saved(request, _("The changes were saved."), "workspace:venue_edit", venue),
        on_refusal=_reload_after_refusal(venue),
        template="venues/workspace/venue_edit.html",
        context=lambda: {"venue": venue, "editor": editor, "accessibility_url": _accessibility_url(venue)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def room_create(request: HttpRequest, slug: str) -> HttpResponse:
    venue = venue_get_for_editor(actor=request.user, slug=slug)

    def done(room: Any) -> str:
        messages.success(request, _("The room %(room)s was added.") % {"room": room.name})
        return reverse("workspace:venue_edit", kwargs={"slug": venue.slug}) + "#rooms"

    return form_flow(
        request,
        bind(request, RoomForm),
        save=lambda form: venue_services.room_create(actor=request.user, venue=venue, data=form.cleaned_data),
        done=done,
        template="venues/workspace/room_form.html",
        context={"venue": venue},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def room_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    room = room_get_for_editor(actor=request.user, venue=venue, pk=pk)

    def done(_room: object) -> str:
        messages.success(request, _("The room %(room)s was saved.") % {"room": room.name})
        return reverse("workspace:venue_edit", kwargs={"slug": venue.slug}) + "#rooms"

    return form_flow(
        request,
        bind(request, RoomForm, initial=RoomForm.initial_for(room)),
        save=lambda form: venue_services.room_update(actor=request.user, room=room, data=form.cleaned_data),
        done=done,
        on_refusal=_reload_after_refusal(room),
        template="venues/workspace/room_form.html",
        context={"venue": venue, "room": room},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def room_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    room = room_get_for_editor(actor=request.user, venue=venue, pk=pk)
    photos = [p for p in photo_list_for_editor(actor=request.user, venue=venue) if p.photo.room_id == room.pk]
    return confirm_flow(
        request,
        template="venues/workspace/room_delete.html",
        context={"venue": venue, "room": room, "photo_count": len(photos)},
        act=lambda: venue_services.room_delete(actor=request.user, room=room),
        done=_saved(
            request,
            _("The room %(room)s was deleted.") % {"room": room.name},
            "workspace:venue_edit",
            venue,
            "#rooms",
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def opening_hours(request: HttpRequest, slug: str) -> HttpResponse:
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    initial, ranges = OpeningHoursForm.initial_for(
        opening_hours_list_for_editor(actor=request.user, venue=venue)
    )
    return form_flow(
        request,
        bind(request, OpeningHoursForm, initial=initial, ranges=ranges),
        save=lambda form: venue_services.opening_hours_set(actor=request.user, venue=venue, rows=form.rows()),
        done=_saved(request, _("The opening hours were saved."), "workspace:venue_edit", venue, "#hours"),
        template="venues/workspace/opening_hours.html",
        context={"venue": venue},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def opening_exceptions(request: HttpRequest, slug: str) -> HttpResponse:
    """The coming exceptions, and a form to add one."""
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    return form_flow(
        request,
        bind(request, OpeningExceptionForm),
        save=lambda form: venue_services.opening_exception_add(
            actor=request.user, venue=venue, **form.cleaned_data
        ),
        done=_saved(request, _("The exception was added."), "workspace:opening_exceptions", venue),
        template="venues/workspace/opening_exceptions.html",
        context=lambda: {
            "venue": venue,
            "exceptions": opening_exception_list_for_editor(
                actor=request.user, venue=venue, since=timezone.localdate()
            ),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def opening_exception_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    exception = opening_exception_get_for_editor(actor=request.user, venue=venue, pk=pk)
    return confirm_flow(
        request,
        template="venues/workspace/opening_exception_delete.html",
        context={"venue": venue, "exception": exception},
        act=lambda: venue_services.opening_exception_delete(actor=request.user, exception=exception),
        done=_saved(request, _("The exception was deleted."), "workspace:opening_exceptions", venue),
    )


def _photo_refused(form: PhotoForm, error: Any) -> None:
    if isinstance(error, ImageRejected):
        form.add_error("image", str(error))
    else:
        show_refusal(form, error)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def photos(request: HttpRequest, slug: str) -> HttpResponse:
    """The venue's photos, and a form to upload one."""
    venue = venue_get_for_editor(actor=request.user, slug=slug)

    def save(form: PhotoForm) -> object:
        data = form.cleaned_data
        return venue_services.photo_add(
            actor=request.user,
            venue=venue,
            upload=data["image"],
            alt_text_fi=data["alt_text_fi"],
            alt_text_sv=data["alt_text_sv"],
            alt_text_en=data["alt_text_en"],
            kind=data["kind"],
            room=data["room"],
        )

    return form_flow(
        request,
        bind(request, PhotoForm, rooms=room_list_for_editor(actor=request.user, venue=venue)),
        save=save,
        done=_saved(request, _("The photo was added."), "workspace:photos", venue),
        on_refusal=_photo_refused,
        template="venues/workspace/photos.html",
        context=lambda: {"venue": venue, "photos": photo_list_for_editor(actor=request.user, venue=venue)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def photo_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    item = photo_get_for_editor(actor=request.user, venue=venue, pk=pk)
    return confirm_flow(
        request,
        template="venues/workspace/photo_delete.html",
        context={"venue": venue, "item": item},
        act=lambda: venue_services.photo_delete(actor=request.user, photo=item.photo),
        done=_saved(request, _("The photo was deleted."), "workspace:photos", venue),
    )
