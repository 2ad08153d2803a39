"""Providers' workspace for the directory, under /<lang>/leader/services/. Thin: parse, call, render.

Not a member: 404. A PTV entry is shown read-only, with where to edit it. A refusal is a
message, never a 500; every write goes through `directory.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import DomainError, PermissionRefused
from core.forms_flow import bind, confirm_flow, form_flow, form_status
from directory import services as directory_services
from directory.forms_workspace import ChannelForm, ServiceForm
from directory.models import ServiceHours, Source
from directory.permissions import can_edit_service
from directory.ptv.export import ptv_payload
from directory.selectors import service_get_for_editor, service_list_for_editor, service_list_stale
from venues.models import Membership, Organization, Venue


def _coordinated(user: object) -> object:
    if getattr(user, "is_superuser", False):
        return Organization.objects.filter(is_active=True)
    return Organization.objects.filter(
        is_active=True, memberships__user=user, memberships__role=Membership.Role.COORDINATOR
    )


def _get(request: HttpRequest, pk: int) -> object:
    try:
        return service_get_for_editor(actor=request.user, service_id=pk)
    except PermissionRefused as error:
        raise Http404(str(error)) from error


@login_required
@require_safe
def service_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "directory/workspace/list.html",
        {
            "services": service_list_for_editor(actor=request.user),
            "stale": service_list_stale(actor=request.user, now=now),
            "can_add": _coordinated(request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_create(request: HttpRequest) -> HttpResponse:
    form = ServiceForm(request.POST or None, organizations=_coordinated(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            service = directory_services.service_create(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                values=form.values(),
                classification=form.classification(),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The service was saved."))
            return redirect("directory_workspace:edit", pk=service.pk)
    return render(
        request, "directory/workspace/service_form.html", {"form": form}, status=422 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = _get(request, pk)
    editable = can_edit_service(request.user, service)
    organizations = Organization.objects.filter(pk=service.organization_id)
    data = request.POST if request.method == "POST" and editable else None
    form = ServiceForm(data, organizations=organizations, initial=ServiceForm.initial_for(service))
    if data is not None and form.is_valid():
        try:
            directory_services.service_update(
                actor=request.user,
                service=service,
                values=form.values(),
                classification=form.classification(),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The service was saved."))
            return redirect("directory_workspace:edit", pk=service.pk)
    return render(
        request,
        "directory/workspace/service_form.html",
        {"form": form, "service": service, "editable": editable, "export": ptv_payload(service)},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def service_check(request: HttpRequest, pk: int) -> HttpResponse:
    service = _get(request, pk)
    try:
        directory_services.service_mark_checked(actor=request.user, service=service)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Marked as checked today."))
    return redirect("directory_workspace:list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def channel_add(request: HttpRequest, pk: int) -> HttpResponse:
    service = _get(request, pk)
    if not can_edit_service(request.user, service):
        raise Http404
    venues = Venue.objects.filter(organization_id=service.organization_id, is_active=True)
    form = ChannelForm(request.POST or None, venues=venues)
    if request.method == "POST" and form.is_valid():
        try:
            directory_services.channel_add(
                actor=request.user, service=service, values=form.values(), weekly=form.weekly()
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The channel was added."))
            return redirect("directory_workspace:edit", pk=service.pk)
    return render(
        request,
        "directory/workspace/channel_form.html",
        {"form": form, "service": service},
        status=422 if form.errors else 200,
    )


def _channel_form_page(
    request: HttpRequest, service: object, form: ChannelForm, channel: object
) -> HttpResponse:
    return render(
        request,
        "directory/workspace/channel_form.html",
        {"form": form, "service": service, "channel": channel},
        status=form_status(form),
    )


def _editable_channel(request: HttpRequest, pk: int, channel_pk: int) -> tuple[object, object]:
    service = _get(request, pk)
    if not can_edit_service(request.user, service):
        raise Http404
    channel = service.channels.filter(pk=channel_pk, source=Source.LOCAL).first()
    if channel is None:
        raise Http404
    return service, channel


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def channel_edit(request: HttpRequest, pk: int, channel_pk: int) -> HttpResponse:
    """Change a local channel: details, weekly hours, exceptional hours (added or removed)."""
    service, channel = _editable_channel(request, pk, channel_pk)
    venues = Venue.objects.filter(organization_id=service.organization_id, is_active=True)
    exceptions = channel.hours.filter(kind=ServiceHours.Kind.EXCEPTIONAL)
    form = bind(
        request, ChannelForm, initial=ChannelForm.initial_for(channel), venues=venues, exceptions=exceptions
    )

    def done(_channel: object) -> str:
        messages.success(request, _("The channel was saved."))
        return reverse("directory_workspace:edit", kwargs={"pk": service.pk})

    return form_flow(
        request,
        form,
        save=lambda form: directory_services.channel_update(
            actor=request.user,
            service=service,
            channel_id=channel.pk,
            values=form.values(),
            weekly=form.weekly(),
            add_exception=form.exception(),
            remove_exceptions=form.removed_exceptions(),
        ),
        done=done,
        page=lambda form, status: _channel_form_page(request, service, form, channel),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def channel_remove(request: HttpRequest, pk: int, channel_pk: int) -> HttpResponse:
    service, channel = _editable_channel(request, pk, channel_pk)

    def done(_result: object) -> str:
        messages.success(request, _("The channel was removed."))
        return reverse("directory_workspace:edit", kwargs={"pk": service.pk})

    return confirm_flow(
        request,
        template="directory/workspace/channel_remove.html",
        context={"service": service, "channel": channel},
        act=lambda: directory_services.channel_remove(
            actor=request.user, service=service, channel_id=channel.pk
        ),
        done=done,
    )
