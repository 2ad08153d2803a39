"""Organizations in the network (/<lang>/leader/organizations/) and invitations (/<lang>/invites/<token>/).

Thin: parse, call one service or selector, render. A refusal is a translated message and
changes nothing (the services run in a transaction); an outsider gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import DomainError, PermissionRefused
from core.views import refused
from venues.forms_organizations import OrganizationCreateForm
from venues.selectors_organizations import (
    invite_get_for_resend,
    municipalities_for_organization_create,
    organization_get_for_status,
    organization_list_for_status,
)
from venues.services.organizations import (
    InviteRefused,
    invite_accept,
    invite_find,
    invite_resend,
    organization_create,
    organization_set_active,
)

REFUSED = "venues/workspace/organization_refused.html"


@login_required
@require_safe
def organization_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "venues/workspace/organization_list.html",
        {
            "organizations": organization_list_for_status(actor=request.user),
            "can_add": municipalities_for_organization_create(actor=request.user).exists(),
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organization_new(request: HttpRequest) -> HttpResponse:
    municipalities = municipalities_for_organization_create(actor=request.user)
    if not municipalities.exists():
        error = PermissionRefused(
            _(
                "Only the coordinators of a municipality or of a wellbeing services county can add "
                "organizations."
            ),
            code="forbidden",
        )
        return refused(request, error, REFUSED)
    form = OrganizationCreateForm(
        request.POST if request.method == "POST" else None,
        municipalities=municipalities,
        initial={"language": get_language()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            organization = organization_create(
                actor=request.user, data=form.to_new_organization(), base_url=request.build_absolute_uri("/")
            )
        except PermissionRefused as error:
            return refused(request, error, REFUSED)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(organization)s was added. An invitation was sent to %(email)s.")
                % {"organization": organization.name, "email": form.cleaned_data["coordinator_email"]},
            )
            return redirect("workspace:organizations")
    return render(request, "venues/workspace/organization_new.html", {"form": form})


@login_required
@require_POST
def organization_status(request: HttpRequest, slug: str) -> HttpResponse:
    active = request.POST.get("active") == "1"
    try:
        organization = organization_get_for_status(actor=request.user, slug=slug)
        organization = organization_set_active(actor=request.user, organization=organization, active=active)
    except PermissionRefused as error:
        return refused(request, error, REFUSED)
    if organization.is_active:
        messages.success(
            request, _("%(organization)s is active again.") % {"organization": organization.name}
        )
    else:
        messages.success(
            request,
            _("%(organization)s was deactivated: its groups no longer show publicly.")
            % {"organization": organization.name},
        )
    return redirect("workspace:organizations")


@login_required
@require_POST
def invite_resend_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A new code by email; the old link no longer opens the invitation."""
    try:
        organization = organization_get_for_status(actor=request.user, slug=slug)
        found = invite_get_for_resend(actor=request.user, organization=organization, pk=pk)
        sent = invite_resend(actor=request.user, invite=found, base_url=request.build_absolute_uri("/"))
    except PermissionRefused as error:
        return refused(request, error, REFUSED)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "A new invitation was sent to %(email)s, valid until %(date)s. "
                "The earlier link no longer works."
            )
            % {"email": sent.email, "date": dateformat.format(timezone.localtime(sent.expires_at), "j.n.Y")},
        )
    return redirect(reverse("workspace:organizations") + f"#organization-{slug}")


@require_http_methods(["GET", "HEAD", "POST"])
def invite(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: log in by code (allauth's flow, back here), then accept."""
    try:
        found = invite_find(token=token)
    except InviteRefused as error:
        return render(request, "venues/invite.html", {"error": str(error)}, status=410)
    if request.method == "POST":
        try:
            membership = invite_accept(actor=request.user, token=token)
        except InviteRefused as error:
            return render(request, "venues/invite.html", {"invite": found, "error": str(error)}, status=403)
        messages.success(
            request,
            _("Welcome! You are now a coordinator of %(organization)s.")
            % {"organization": membership.organization.name},
        )
        return redirect("workspace:home")
    user = request.user
    return render(
        request,
        "venues/invite.html",
        {
            "invite": found,
            "next": reverse("invite", args=[token]),
            "wrong_email": user.is_authenticated and user.email.lower() != found.email.lower(),
        },
    )
