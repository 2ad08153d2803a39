"""The workspace's "Publish on your website" page and the web sites allowed to embed the calendars.

/<lang>/leader/organizations/<slug>/publish/ (GET), …/publish/origins/ (POST: add a site),
…/publish/origins/<pk>/remove/ (POST). For the organization's coordinators: a stranger gets
404, a leader 403 with the reason; a refused site (not https, malformed, a duplicate) is
shown on the form with status 400 and nothing saved. Thin: parse, call, render.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import PermissionRefused
from core.views import refused
from venues.embed_origins import embed_origin_get, embed_origin_list
from venues.forms_publish import EmbedOriginForm
from venues.publishing import api_base_url, organization_feed_url, publish_targets
from venues.selectors import organization_get_for_management
from venues.selectors_publish import publishing_targets_get
from venues.services.embedding import EmbedOriginError, embed_origin_add, embed_origin_remove

View = Callable[..., HttpResponse]


def _answer_refusals(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs: object) -> HttpResponse:
        try:
            return view(request, slug, **kwargs)
        except PermissionRefused as error:
            return refused(request, error, "venues/workspace/refused.html", {"slug": slug})

    return wrapper


def _sites_url(slug: str) -> str:
    return reverse("workspace:publish", kwargs={"slug": slug}) + "#sites"


def _page(request: HttpRequest, slug: str, form: EmbedOriginForm, status: int = 200) -> HttpResponse:
    targets = publishing_targets_get(actor=request.user, slug=slug)
    return render(
        request,
        "venues/workspace/publish.html",
        {
            "organization": targets.organization,
            "targets": publish_targets(targets),
            "organization_feed_url": organization_feed_url(targets),
            "api_base_url": api_base_url(),
            "origins": embed_origin_list(actor=request.user, organization=targets.organization),
            "origin_form": form,
        },
        status=status,
    )


@login_required
@require_safe
@_answer_refusals
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Snippets (fi, sv, en) and feed addresses with copy buttons, and the sites allowed to embed."""
    return _page(request, slug, EmbedOriginForm())


@login_required
@require_POST
@_answer_refusals
def origin_add(request: HttpRequest, slug: str) -> HttpResponse:
    organization = organization_get_for_management(actor=request.user, slug=slug)
    form = EmbedOriginForm(request.POST)
    if form.is_valid():
        try:
            added = embed_origin_add(
                actor=request.user, organization=organization, origin=form.cleaned_data["origin"]
            )
        except EmbedOriginError as error:
            form.add_error("origin", str(error))
        else:
            messages.success(
                request,
                _("%(origin)s may now show your calendars. It works right away.") % {"origin": added.origin},
            )
            return redirect(_sites_url(organization.slug))
    return _page(request, slug, form, status=400)


@login_required
@require_POST
@_answer_refusals
def origin_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = organization_get_for_management(actor=request.user, slug=slug)
    embed_origin = embed_origin_get(actor=request.user, organization=organization, pk=pk)
    embed_origin_remove(actor=request.user, embed_origin=embed_origin)
    messages.success(
        request, _("%(origin)s can no longer show your calendars.") % {"origin": embed_origin.origin}
    )
    return redirect(_sites_url(organization.slug))
