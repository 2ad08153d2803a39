"""Privacy pages: the notice, a family's export and erasure (by manage link or account), the
account's sign-ups and private calendar feed. Thin: parse, call one service, render.

Pages that show personal data are `no-store` and `noindex`. An unknown or malformed link is
a 404 with a page that says so; an erased booking's link is a 410 that shows nothing of it.
"""

import json
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from bookings.models import Booking
from bookings.services.feeds import (
    active_feed_tokens,
    feed_token_create,
    feed_token_revoke,
    feed_url,
    private_feed,
)
from bookings.services.privacy import (
    account_bookings,
    account_erase,
    account_export,
    booking_erase,
    booking_export,
    bookings_claim,
    claimable_bookings,
)
from bookings.tokens import find_booking, find_feed_token
from core.errors import PermissionRefused
from events.views.feeds import calendar_response

PRIVATE_FEED_MAX_AGE = 300


def _private(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _page(
    request: HttpRequest, template: str, context: dict | None = None, status: int = 200
) -> HttpResponse:
    return _private(render(request, template, context or {}, status=status))


def _json_download(data: dict, filename: str) -> HttpResponseBase:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


def link_not_found_response(request: HttpRequest) -> HttpResponse:
    return _page(request, "bookings/privacy_link_invalid.html", status=404)


def erased_response(request: HttpRequest) -> HttpResponse:
    """What a manage link of an erased booking shows: that it was erased, nothing else (410 Gone)."""
    return _page(request, "bookings/privacy_erased.html", {"just_now": False}, status=410)


def booking_or_response(request: HttpRequest, token: str) -> Booking | HttpResponse:
    """The booking of a manage link, or the page to answer instead: 404 unknown, 410 erased."""
    booking = find_booking(token)
    if booking is None:
        return link_not_found_response(request)
    if booking.is_anonymised:
        return erased_response(request)
    return booking


# --- The notice -----------------------------------------------------------------------------------


@require_safe
def privacy_notice_view(request: HttpRequest) -> HttpResponse:
    return render(request, "bookings/privacy.html", {"retention_days": settings.PERSONAL_DATA_RETENTION_DAYS})


# --- By manage link -------------------------------------------------------------------------------


@require_safe
def signup_export_view(request: HttpRequest, token: str) -> HttpResponseBase:
    found = booking_or_response(request, token)
    if isinstance(found, HttpResponse):
        return found
    today = timezone.localdate().isoformat()
    return _json_download(booking_export(booking=found), f"perhekeskus-signup-{today}.json")


def signup_erase_view(request: HttpRequest, token: str) -> HttpResponseBase:
    """GET: what erasing does, and a button; POST: erase."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    found = booking_or_response(request, token)
    if isinstance(found, HttpResponse):
        return found
    if request.method == "POST":
        booking_erase(booking=found)
        return _page(request, "bookings/privacy_erased.html", {"just_now": True})
    return _page(request, "bookings/privacy_erase_confirm.html", {"booking": found, "token": token})


# --- A family's account ---------------------------------------------------------------------------


def _feed_links(token: str) -> dict[str, str]:
    """ICAL.md §8: the https URL to copy, webcal:// to subscribe, Google's add-by-URL with the https URL."""
    https = feed_url(token)
    return {
        "https": https,
        "webcal": "webcal://" + https.split("://", 1)[1],
        "google": "https://calendar.google.com/calendar/r?" + urlencode({"cid": https}, quote_via=quote),
    }


@login_required
@require_safe
def my_signups_view(request: HttpRequest) -> HttpResponse:
    context = {
        "bookings": account_bookings(user=request.user).prefetch_related("signups__session__room__venue"),
        "claimable": claimable_bookings(user=request.user).prefetch_related("signups__session"),
        "feed_tokens": active_feed_tokens(user=request.user),
    }
    return _page(request, "bookings/account_signups.html", context)


@login_required
@require_POST
def my_claim_view(request: HttpRequest) -> HttpResponse:
    try:
        count = bookings_claim(user=request.user, public_ids=request.POST.getlist("booking"))
    except PermissionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s sign-up was added to your account.",
                "%(count)s sign-ups were added to your account.",
                count,
            )
            % {"count": count},
        )
    return redirect("my_signups")


@login_required
@require_safe
def my_export_view(request: HttpRequest) -> HttpResponseBase:
    today = timezone.localdate().isoformat()
    return _json_download(account_export(user=request.user), f"perhekeskus-my-data-{today}.json")


@login_required
def my_erase_view(request: HttpRequest) -> HttpResponseBase:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    if request.method == "POST":
        count = account_erase(user=request.user)
        messages.success(
            request,
            ngettext(
                "The data of %(count)s sign-up was erased.",
                "The data of %(count)s sign-ups was erased.",
                count,
            )
            % {"count": count},
        )
        return redirect("my_signups")
    return _page(request, "bookings/account_erase_confirm.html")


@login_required
@require_POST
def my_feed_create_view(request: HttpRequest) -> HttpResponse:
    new = feed_token_create(user=request.user)
    # The only time the link is shown: it is not stored anywhere in clear.
    return _page(request, "bookings/account_feed_created.html", {"links": _feed_links(new.token)})


@login_required
@require_POST
def my_feed_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        feed_token_revoke(user=request.user, feed_token_id=pk)
    except PermissionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The calendar link was revoked: calendars using it no longer update."))
    return redirect("my_signups")


# --- The private feed -----------------------------------------------------------------------------


@csrf_exempt  # safe methods only: a POST is 405, not the CSRF check's 403
@require_safe
def private_feed_view(request: HttpRequest, token: str) -> HttpResponseBase:
    """Never reads the session or sets a cookie: calendar apps poll it without one."""
    feed_token = find_feed_token(token)
    if feed_token is None:
        lang = request.GET.get("lang")
        with translation.override(lang if lang in ("fi", "sv", "en") else "fi"):
            message = _(
                "This calendar link does not work: it was revoked or mistyped. "
                "Log in and create a new one on the My sign-ups page."
            )
        response = HttpResponse(message + "\n", status=404, content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response
    user = feed_token.user
    lang = request.GET.get("lang") or user.preferred_language
    feed_language = lang if lang in ("fi", "sv", "en") else "fi"
    with translation.override(feed_language):
        feed = private_feed(user=user, lang=lang)
    response = calendar_response(
        request, body=feed.body, last_modified=feed.last_modified, filename="my-signups.ics", private=True
    )
    response["Cache-Control"] = f"private, max-age={PRIVATE_FEED_MAX_AGE}"
    response["Content-Language"] = feed_language  # the family's, not the fi default of ?lang=
    return response
