"""A group in the workspace: the list, starting a group, its page (details, schedule, sessions)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.dates import EARLIEST_YEAR, latest_plannable_date
from core.errors import PermissionRefused
from core.forms_flow import bind, form_flow, show_refusal
from directory.selectors import service_list_for_group
from events.forms_workspace import GroupCreateForm, GroupForm
from events.models import Group
from events.selectors_workspace import (
    EXCEPTIONS_SHOWN,
    group_get_for_manager,
    group_list_for_actor,
    organization_list_for_group_create,
    series_list_for_manager,
    session_exceptions_for_manager,
    session_month_for_manager,
)
from events.services import groups as group_services
from events.views.workspace.common import answer_group_refusals, series_rows

GROUP_ERROR_FIELDS = {"no_title": "title_fi", "service_elsewhere": "service"}


@login_required
@require_safe
def group_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/workspace/home.html",
        {
            "groups": group_list_for_actor(actor=request.user),
            "can_create": organization_list_for_group_create(actor=request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answer_group_refusals
def group_create(request: HttpRequest) -> HttpResponse:
    organizations = organization_list_for_group_create(actor=request.user)
    if not organizations.exists():
        raise PermissionRefused(
            _("Only members of an organization can start groups. Ask your organization's coordinator."),
            code="forbidden",
        )

    def done(group: Group) -> str:
        messages.success(
            request,
            _("The group %(group)s was created. Now tell when and where it meets.") % {"group": group.title},
        )
        return reverse("groups:series_create", kwargs={"slug": group.slug})

    return form_flow(
        request,
        bind(
            request,
            GroupCreateForm,
            organizations=organizations,
            services=service_list_for_group(actor=request.user, organizations=organizations),
        ),
        save=lambda form: group_services.group_create(
            actor=request.user, organization=form.cleaned_data["organization"], data=form.group_data()
        ),
        done=done,
        template="events/workspace/group_create.html",
        fields=GROUP_ERROR_FIELDS,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answer_group_refusals
def group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_get_for_manager(actor=request.user, slug=slug)

    def done(_group: Group) -> str:
        messages.success(request, _("The changes were saved."))
        return reverse("groups:edit", kwargs={"slug": group.slug})

    def refused(form: GroupForm, error: Exception) -> None:
        show_refusal(form, error, GROUP_ERROR_FIELDS)
        group.refresh_from_db()

    month = _month(request)
    return form_flow(
        request,
        bind(
            request,
            GroupForm,
            initial=GroupForm.initial_for(group),
            organization=group.organization,
            services=service_list_for_group(
                actor=request.user, organizations=[group.organization], keep=group.service_id
            ),
        ),
        save=lambda form: group_services.group_update(
            actor=request.user, group=group, data=form.group_data()
        ),
        done=done,
        on_refusal=refused,
        template="events/workspace/group_edit.html",
        context=lambda: {
            "group": group,
            "series_rows": series_rows(series_list_for_manager(actor=request.user, group=group)),
            "exceptions": session_exceptions_for_manager(actor=request.user, group=group),
            "exceptions_shown": EXCEPTIONS_SHOWN,
            "month": month,
            "month_sessions": session_month_for_manager(actor=request.user, group=group, month=month),
            "previous_month": _month_param(month - dt.timedelta(days=1)),
            "next_month": _month_param(month + dt.timedelta(days=32)) if month < _last_month() else None,
            "now": timezone.now(),
        },
    )


def _month_param(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _last_month() -> dt.date:
    return latest_plannable_date().replace(day=1)


def _month(request: HttpRequest) -> dt.date:
    """The month the page shows: `?month=yyyy-mm`, else (or when it cannot be read, or lies beyond
    what can be planned) the current one."""
    today = timezone.localdate().replace(day=1)
    value = request.GET.get("month", "")
    try:
        month = dt.datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 (a month, not a moment)
    except ValueError:
        return today
    if month.year < EARLIEST_YEAR or month > _last_month():
        return today
    return month
