"""Workspace views for leaders and coordinators. Thin: parse, call, render.

How refusals answer (never a 500): someone who is not a member of the
organization gets 404, so its member list does not even show to exist; a member
who may only look (a group leader) gets 403 with the reason; any other domain
error (duplicate member, last coordinator) becomes a message on the members page.
Services run in a transaction, so a refused write changes nothing.
"""

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import DomainError, PermissionRefused
from core.views import refused
from venues.forms import (
    MemberAddForm,
    MemberRoleForm,
    OpeningExceptionForm,
    OpeningHoursForm,
    PhotoForm,
    RoomForm,
    VenueCreateForm,
    VenueForm,
)
from venues.images import ImageRejected
from venues.models import Membership, Venue
from venues.publishing import api_base_url, organization_feed_url, publish_targets
from venues.selectors import (
    member_directory_get,
    membership_get,
    municipality_list,
    opening_exception_get_for_editor,
    opening_exception_list_for_editor,
    opening_hours_list_for_editor,
    organization_get_for_management,
    organization_list_for_venue_create,
    photo_get_for_editor,
    photo_list_for_editor,
    room_get_for_editor,
    room_list_for_editor,
    venue_editor_get,
    venue_get_for_editor,
    venue_list_for_editor,
)
from venues.selectors_publish import publishing_targets_get
from venues.services import venues as venue_services
from venues.services.memberships import membership_add, membership_change_role, membership_remove
from venues.services.venues import VenueError

OrganizationView = Callable[..., HttpResponse]


def _answer_domain_errors(view: OrganizationView) -> OrganizationView:
    """Turn the domain errors of a view under organizations/<slug>/ into answers."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs: object) -> HttpResponse:
        try:
            return view(request, slug, **kwargs)
        except PermissionRefused as error:
            return refused(request, error, "venues/workspace/refused.html", {"slug": slug})
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("workspace:members", slug=slug)

    return wrapper


@login_required
@require_safe
@_answer_domain_errors
def members(request: HttpRequest, slug: str) -> HttpResponse:
    directory = member_directory_get(actor=request.user, slug=slug)
    return render(
        request,
        "venues/workspace/members.html",
        {
            "organization": directory.organization,
            "memberships": directory.memberships,
            "can_manage": directory.can_manage,
            "add_form": MemberAddForm(),
            "role_choices": Membership.Role.choices,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_domain_errors
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    organization = organization_get_for_management(actor=request.user, slug=slug)
    if request.method != "POST":
        form = MemberAddForm()
    else:
        form = MemberAddForm(request.POST)
        if form.is_valid():
            membership = membership_add(
                actor=request.user,
                organization=organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
            messages.success(
                request,
                _("%(person)s was added to %(organization)s as %(role)s.")
                % {
                    "person": membership.user.email,
                    "organization": organization.name,
                    "role": membership.get_role_display(),
                },
            )
            return redirect("workspace:members", slug=organization.slug)
    return render(
        request,
        "venues/workspace/member_add.html",
        {"organization": organization, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
@_answer_domain_errors
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = organization_get_for_management(actor=request.user, slug=slug)
    membership = membership_get(actor=request.user, organization=organization, pk=pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("workspace:members", slug=organization.slug)
    membership = membership_change_role(
        actor=request.user, membership=membership, role=form.cleaned_data["role"]
    )
    messages.success(
        request,
        _("%(person)s is now %(role)s.")
        % {"person": membership.user.email, "role": membership.get_role_display()},
    )
    return redirect("workspace:members", slug=organization.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_domain_errors
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes."""
    organization = organization_get_for_management(actor=request.user, slug=slug)
    membership = membership_get(actor=request.user, organization=organization, pk=pk)
    if request.method != "POST":
        return render(
            request,
            "venues/workspace/member_remove.html",
            {"organization": organization, "membership": membership},
        )
    membership_remove(actor=request.user, membership=membership)
    messages.success(
        request,
        _("%(person)s was removed from %(organization)s.")
        % {"person": membership.user.email, "organization": organization.name},
    )
    if membership.user_id == request.user.pk:
        # Having left the organization, the actor may no longer see its members.
        return redirect("workspace:home")
    return redirect("workspace:members", slug=organization.slug)


@login_required
@require_safe
@_answer_domain_errors
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish on your website: embed snippets and feed addresses, for the organization's coordinators."""
    targets = publishing_targets_get(actor=request.user, slug=slug)
    return render(
        request,
        "venues/workspace/publish.html",
        {
            "organization": targets.organization,
            "targets": publish_targets(targets),
            "organization_feed_url": organization_feed_url(targets),
            "api_base_url": api_base_url(),
        },
    )


# --- venues --------------------------------------------------------------------------------------
#
# Refusals answer as for members: someone who may not edit a venue gets 404, so its existence does
# not show; a leader asking to add a venue gets 403 with the reason. A refused form (a VenueError
# or an ImageRejected from a service) is shown again with the message, status 400, nothing saved.


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


def _show_refusal(form: forms.Form, error: DomainError) -> None:
    """Put a service's refusal on the form: on the fields it names, else above the form."""
    field_errors = getattr(error, "field_errors", None) or {}
    for field, field_messages in field_errors.items():
        form.add_error(field if field in form.fields else None, [str(m) for m in field_messages])
    if not field_errors:
        form.add_error(None, str(error))


def _accessibility_url(venue: Venue) -> str | None:
    """The venue's accessibility facts page, built in the accessibility app; None until it exists."""
    try:
        return reverse("accessibility:venue", kwargs={"venue_slug": venue.slug})
    except NoReverseMatch:
        return None


def _form_status(form: forms.Form) -> int:
    return 400 if form.is_bound else 200


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
    form_kwargs = {"organizations": organizations, "municipalities": municipality_list()}
    if request.method != "POST":
        form = VenueCreateForm(**form_kwargs)
    else:
        form = VenueCreateForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                venue = venue_services.venue_create(
                    actor=request.user,
                    organization=form.cleaned_data["organization"],
                    data=form.venue_data(),
                )
            except VenueError as error:
                _show_refusal(form, error)
            else:
                messages.success(request, _("%(venue)s was added.") % {"venue": venue.name})
                return redirect("workspace:venue_edit", slug=venue.slug)
    return render(request, "venues/workspace/venue_create.html", {"form": form}, status=_form_status(form))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def venue_edit(request: HttpRequest, slug: str) -> HttpResponse:
    editor = venue_editor_get(actor=request.user, slug=slug, today=timezone.localdate())
    venue = editor.venue
    if request.method != "POST":
        form = VenueForm(initial=VenueForm.initial_for(venue), municipalities=municipality_list())
    else:
        form = VenueForm(request.POST, municipalities=municipality_list())
        if form.is_valid():
            try:
                venue_services.venue_update(actor=request.user, venue=venue, data=form.venue_data())
            except VenueError as error:
                _show_refusal(form, error)
                venue.refresh_from_db()
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("workspace:venue_edit", slug=venue.slug)
    return render(
        request,
        "venues/workspace/venue_edit.html",
        {
            "venue": venue,
            "editor": editor,
            "form": form,
            "accessibility_url": _accessibility_url(venue),
        },
        status=_form_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def room_create(request: HttpRequest, slug: str) -> HttpResponse:
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    form = RoomForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            room = venue_services.room_create(actor=request.user, venue=venue, data=form.cleaned_data)
        except VenueError as error:
            _show_refusal(form, error)
        else:
            messages.success(request, _("The room %(room)s was added.") % {"room": room.name})
            return redirect(reverse("workspace:venue_edit", kwargs={"slug": venue.slug}) + "#rooms")
    return render(
        request, "venues/workspace/room_form.html", {"venue": venue, "form": form}, status=_form_status(form)
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def room_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    room = room_get_for_editor(actor=request.user, venue=venue, pk=pk)
    if request.method != "POST":
        form = RoomForm(initial=RoomForm.initial_for(room))
    else:
        form = RoomForm(request.POST)
        if form.is_valid():
            try:
                venue_services.room_update(actor=request.user, room=room, data=form.cleaned_data)
            except VenueError as error:
                _show_refusal(form, error)
                room.refresh_from_db()
            else:
                messages.success(request, _("The room %(room)s was saved.") % {"room": room.name})
                return redirect(reverse("workspace:venue_edit", kwargs={"slug": venue.slug}) + "#rooms")
    return render(
        request,
        "venues/workspace/room_form.html",
        {"venue": venue, "room": room, "form": form},
        status=_form_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def room_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    room = room_get_for_editor(actor=request.user, venue=venue, pk=pk)
    if request.method != "POST":
        photos = [
            p for p in photo_list_for_editor(actor=request.user, venue=venue) if p.photo.room_id == room.pk
        ]
        return render(
            request,
            "venues/workspace/room_delete.html",
            {"venue": venue, "room": room, "photo_count": len(photos)},
        )
    venue_services.room_delete(actor=request.user, room=room)
    messages.success(request, _("The room %(room)s was deleted.") % {"room": room.name})
    return redirect(reverse("workspace:venue_edit", kwargs={"slug": venue.slug}) + "#rooms")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def opening_hours(request: HttpRequest, slug: str) -> HttpResponse:
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    initial, ranges = OpeningHoursForm.initial_for(
        opening_hours_list_for_editor(actor=request.user, venue=venue)
    )
    if request.method != "POST":
        form = OpeningHoursForm(initial=initial, ranges=ranges)
    else:
        form = OpeningHoursForm(request.POST, ranges=ranges)
        if form.is_valid():
            try:
                venue_services.opening_hours_set(actor=request.user, venue=venue, rows=form.rows())
            except VenueError as error:
                _show_refusal(form, error)
            else:
                messages.success(request, _("The opening hours were saved."))
                return redirect(reverse("workspace:venue_edit", kwargs={"slug": venue.slug}) + "#hours")
    return render(
        request,
        "venues/workspace/opening_hours.html",
        {"venue": venue, "form": form},
        status=_form_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def opening_exceptions(request: HttpRequest, slug: str) -> HttpResponse:
    """The coming exceptions, and a form to add one."""
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    form = OpeningExceptionForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            venue_services.opening_exception_add(actor=request.user, venue=venue, **form.cleaned_data)
        except VenueError as error:
            _show_refusal(form, error)
        else:
            messages.success(request, _("The exception was added."))
            return redirect("workspace:opening_exceptions", slug=venue.slug)
    return render(
        request,
        "venues/workspace/opening_exceptions.html",
        {
            "venue": venue,
            "form": form,
            "exceptions": opening_exception_list_for_editor(
                actor=request.user, venue=venue, since=timezone.localdate()
            ),
        },
        status=_form_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def opening_exception_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    exception = opening_exception_get_for_editor(actor=request.user, venue=venue, pk=pk)
    if request.method != "POST":
        return render(
            request,
            "venues/workspace/opening_exception_delete.html",
            {"venue": venue, "exception": exception},
        )
    venue_services.opening_exception_delete(actor=request.user, exception=exception)
    messages.success(request, _("The exception was deleted."))
    return redirect("workspace:opening_exceptions", slug=venue.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def photos(request: HttpRequest, slug: str) -> HttpResponse:
    """The venue's photos, and a form to upload one."""
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    rooms = room_list_for_editor(actor=request.user, venue=venue)
    if request.method != "POST":
        form = PhotoForm(rooms=rooms)
    else:
        form = PhotoForm(request.POST, request.FILES, rooms=rooms)
        if form.is_valid():
            data = form.cleaned_data
            try:
                venue_services.photo_add(
                    actor=request.user,
                    venue=venue,
                    upload=data["image"],
                    alt_text_fi=data["alt_text_fi"],
                    alt_text_sv=data["alt_text_sv"],
                    alt_text_en=data["alt_text_en"],
                    kind=data["kind"],
                    room=data["room"],
                )
            except ImageRejected as error:
                form.add_error("image", str(error))
            except VenueError as error:
                _show_refusal(form, error)
            else:
                messages.success(request, _("The photo was added."))
                return redirect("workspace:photos", slug=venue.slug)
    return render(
        request,
        "venues/workspace/photos.html",
        {
            "venue": venue,
            "form": form,
            "photos": photo_list_for_editor(actor=request.user, venue=venue),
        },
        status=_form_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_venue_refusals
def photo_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    venue = venue_get_for_editor(actor=request.user, slug=slug)
    item = photo_get_for_editor(actor=request.user, venue=venue, pk=pk)
    if request.method != "POST":
        return render(request, "venues/workspace/photo_delete.html", {"venue": venue, "item": item})
    venue_services.photo_delete(actor=request.user, photo=item.photo)
    messages.success(request, _("The photo was deleted."))
    return redirect("workspace:photos", slug=venue.slug)
