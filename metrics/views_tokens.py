"""The metrics API tokens in the workspace: /<lang>/leader/metrics/tokens/. Thin.

GET lists the tokens of the organizations the coordinator keeps and the form for a new one. A
valid POST issues the token and answers with the page that shows its secret, once: that
response is never stored (`no-store`) and never redirected to, so the secret is in no URL, no
session and no later page. Revoking asks first (GET), then revokes (POST) and redirects.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import DomainError, PermissionRefused
from core.forms_flow import confirm_flow
from core.views import answer_refusals
from metrics.forms_tokens import ApiTokenForm
from metrics.permissions import can_issue_county_tokens, token_organizations
from metrics.selectors_tokens import api_token_get, api_tokens_list
from metrics.services.tokens import api_token_create, api_token_revoke

_answer_refusals = answer_refusals("metrics/refused.html")


def _page(request: HttpRequest, form: ApiTokenForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "tokens": api_tokens_list(actor=request.user)}
    return render(request, "metrics/tokens.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@_answer_refusals
def tokens(request: HttpRequest) -> HttpResponse:
    organizations = token_organizations(request.user)
    if not organizations:
        raise PermissionRefused(
            _("API tokens are made by the coordinators of an organization."), code="forbidden"
        )
    county_ids = {o.pk for o in organizations if can_issue_county_tokens(o)}
    data = request.POST if request.method == "POST" else None
    form = ApiTokenForm(data, organizations=organizations, county_ids=county_ids)
    if request.method != "POST":
        return _page(request, form)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        token, secret = api_token_create(
            actor=request.user,
            organization=form.cleaned_data["organization"],
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_on=form.cleaned_data["expires_on"],
        )
    except PermissionRefused:
        raise
    except DomainError as error:
        form.add_error("expires_on" if error.code in {"expires_past", "too_far_ahead"} else None, str(error))
        return _page(request, form, status=400)
    api_url = request.build_absolute_uri(reverse("metrics_api"))
    response = render(
        request,
        "metrics/token_created.html",
        {"token": token, "secret": secret, "api_url": api_url},
        status=201,
    )
    add_never_cache_headers(response)  # no-store: the secret is in this page only
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@_answer_refusals
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = api_token_get(actor=request.user, pk=pk)
    if token is None:
        raise Http404

    def done(revoked: object) -> str:
        messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
        return reverse("metrics:tokens")

    return confirm_flow(
        request,
        template="metrics/token_revoke.html",
        context={"token": token},
        act=lambda: api_token_revoke(actor=request.user, token=token),
        done=done,
    )
