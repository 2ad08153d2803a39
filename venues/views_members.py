"""The workspace's home and an organization's pages: members, publishing. Thin: parse, call, render.

How refusals answer (never a 500): someone who is not a member of the
organization gets 404, so its member list does not even show to exist; a member
who may only look (a group leader) gets 403 with the reason; a refused form (a
duplicate member) is shown again with the reason, status 400; any other domain
error (last coordinator) becomes a message on the members page. Services run in
a transaction, so a refused write changes nothing.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import DomainError, PermissionRefused
from core.forms_flow import bind, confirm_flow, form_flow
from core.views import refused
from venues.forms import MemberAddForm, MemberRoleForm
from venues.models import Membership
from venues.selectors import (
    member_directory_get,
    membership_get,
    organization_get_for_management,
)
from venues.services.memberships import membership_add, membership_change_role, membership_remove

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

    def done(membership: Membership) -> str:
        messages.success(
            request,
            _("%(person)s was added to %(organization)s as %(role)s.")
            % {
                "person": membership.user.email,
                "organization": organization.name,
                "role": membership.get_role_display(),
            },
        )
        return reverse("workspace:members", kwargs={"slug": organization.slug})

    return form_flow(
        request,
        bind(request, MemberAddForm),
        save=lambda form: membership_add(
            actor=request.user,
            organization=organization,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
        ),
        done=done,
        template="venues/workspace/member_add.html",
        context={"organization": organization},
        fields={"duplicate": "email", "invalid_role": "role"},
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

    def done(_removed: object) -> str:
        messages.success(
            request,
            _("%(person)s was removed from %(organization)s.")
            % {"person": membership.user.email, "organization": organization.name},
        )
        if membership.user_id == request.user.pk:
            # Having left the organization, the actor may no longer see its members.
            return reverse("workspace:home")
        return reverse("workspace:members", kwargs={"slug": organization.slug})

    return confirm_flow(
        request,
        template="venues/workspace/member_remove.html",
        context={"organization": organization, "membership": membership},
        act=lambda: membership_remove(actor=request.user, membership=membership),
        done=done,
    )
