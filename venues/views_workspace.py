"""Workspace views for leaders and coordinators. Thin: parse, call, render.

How refusals answer (never a 500): someone who is not a member of the
organization gets 404, so its member list does not even show to exist; a member
who may only look (a group leader) gets 403 with the reason; any other domain
error (duplicate member, last coordinator) becomes a message on the members page.
Services run in a transaction, so a refused write changes nothing.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import DomainError, PermissionRefused
from venues.forms import MemberAddForm, MemberRoleForm
from venues.models import Membership
from venues.selectors import (
    member_directory_get,
    membership_get,
    membership_list_for_user,
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
            if error.code == "not_found":
                raise Http404(str(error)) from error
            messages.error(request, str(error))
            return render(request, "venues/workspace/refused.html", {"slug": slug}, status=403)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("workspace:members", slug=slug)

    return wrapper


@login_required
@require_safe
def workspace_home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "venues/workspace/home.html", {"memberships": membership_list_for_user(actor=request.user)}
    )


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
