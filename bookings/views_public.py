"""The family's side: sign up on a session, then manage the sign-up from the emailed link."""

import datetime as dt
from dataclasses import dataclass

from allauth.core import ratelimit
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from bookings.forms import CancelForm, SignUpForm
from bookings.selectors_course import course_places, session_label
from bookings.selectors_public import booking_for_family
from bookings.services.signups import (
    SignUpNeedsChoice,
    SignUpRefused,
    booking_cancel,
    session_capacity,
    signup_create,
)
from bookings.views_privacy import booking_or_response
from core.errors import PermissionRefused
from events.models import Group, Session
from events.selectors import session_get_for_signup
from events.views.public_display import (
    day_label,
    local,
    places_label,
    pram_places_label,
    session_url,
    time_range,
    when_long,
)


@dataclass(frozen=True)
class SignUpPage:
    """What the sign-up page shows of its session: not the whole session page (no accessibility panel)."""

    session: Session
    title: str
    venue: str
    start: dt.datetime  # Helsinki
    day_label: str
    time_label: str
    when: str
    url: str
    places: str
    pram_places: str
    cancelled: bool
    ended: bool
    series_mode: bool


def signup_page(session: Session, *, now: dt.datetime) -> SignUpPage:
    """From a session loaded by `events.selectors.session_get_for_signup` (confirmed sums annotated)."""
    start = local(session.start)
    # The limits as the sign-up service applies them, less what is taken: the names the
    # places labels read from the session selectors' annotations.
    capacity = session_capacity(session)
    session.places_left = max(capacity.people - session.people_taken, 0)
    session.pram_places_total = capacity.prams
    prams = capacity.prams
    session.pram_places_left = None if prams is None else max(prams - session.prams_taken, 0)
    return SignUpPage(
        session=session,
        title=session.group.title,
        venue=session.room.venue.name,
        start=start,
        day_label=day_label(start.date(), today=local(now).date()),
        time_label=time_range(session.start, session.end),
        when=when_long(session),
        url=session_url(session),
        places=places_label(session),
        pram_places=pram_places_label(session),
        cancelled=session.is_cancelled,
        ended=session.end <= now,
        series_mode=session.group.signup_mode == Group.SignUpMode.SERIES,
    )


def _group_slug(request: HttpRequest) -> str:
    return request.GET.get("group") or request.POST.get("group", "")


def _session(request: HttpRequest, pk: int) -> Session:
    try:
        return session_get_for_signup(pk=pk, group_slug=_group_slug(request) or None)
    except PermissionRefused as error:
        raise Http404(str(error)) from error


def _render_form(
    request: HttpRequest, pk: int, form: SignUpForm, status: int = 200, full_now: list[str] | None = None
) -> HttpResponse:
    """The form; `full_now`: the sessions the service just found full for this party (it asks to choose)."""
    now = timezone.now()
    session = _session(request, pk)
    page = signup_page(session, now=now)
    context = {
        "page": page,
        "form": form,
        "group_slug": _group_slug(request),
        "course": course_places(session, now=now),
        "full_now": full_now or [],
    }
    return render(request, "bookings/signup.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def signup_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The form (GET: one query) and the sign-up (POST: the service reads the session, under its lock).

    A refused POST reads the session with its places to show the form again with the error.
    """
    if request.method == "GET":
        return _render_form(request, pk, SignUpForm(language=get_language()))
    form = SignUpForm(request.POST, language=get_language())
    if not ratelimit.consume(request, action="family_signup"):
        form.add_error(None, _("Too many sign-ups from this connection. Please try again in an hour."))
        return _render_form(request, pk, form, status=429)
    if form.is_bot():
        form.add_error(None, _("The form could not be sent. Please try again."))
        return _render_form(request, pk, form, status=400)
    if not form.is_valid():
        return _render_form(request, pk, form, status=400)
    key = form.cleaned_data["idempotency_key"]
    try:
        result = signup_create(
            actor=request.user,
            session=pk,
            group_slug=_group_slug(request) or None,
            contact=form.contact(),
            party=form.party(),
            note=form.cleaned_data["note"],
            consent=form.cleaned_data["consent"],
            idempotency_key=str(key) if key else None,
            when_full=form.cleaned_data["when_full"] or None,
        )
    except PermissionRefused as error:
        raise Http404(str(error)) from error
    except SignUpNeedsChoice as error:
        # Between the page and the submit the course filled (or the party is bigger than it had
        # room for): ask, never waitlist quietly.
        form.add_error("when_full", str(error))
        now = timezone.now()
        full_now = [session_label(s, now=now) for s in error.full]
        return _render_form(request, pk, form, status=400, full_now=full_now)
    except SignUpRefused as error:
        form.add_error(None, str(error))
        return _render_form(request, pk, form, status=400)
    return HttpResponseRedirect(reverse("signup_manage", args=[result.token]) + "?new=1", status=303)


@never_cache
def manage_view(request: HttpRequest, token: str) -> HttpResponse:
    booking = booking_or_response(request, token)
    if isinstance(booking, HttpResponse):
        return booking
    managed = booking_for_family(booking=booking)
    context = {"managed": managed, "booking": managed.booking, "token": token, "new": "new" in request.GET}
    response = render(request, "bookings/manage.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def cancel_view(request: HttpRequest, token: str) -> HttpResponse:
    booking = booking_or_response(request, token)
    if isinstance(booking, HttpResponse):
        return booking
    form = CancelForm(request.POST)
    session = None
    if not form.is_valid():  # a session that cannot be read: never "cancel everything" instead
        messages.error(request, _("That session could not be read. Nothing was cancelled."))
        return HttpResponseRedirect(reverse("signup_manage", args=[token]), status=303)
    if form.cleaned_data["session"]:
        signups = booking.signups.select_related("session")
        signup = signups.filter(session_id=form.cleaned_data["session"]).first()
        if signup is None:
            raise Http404
        session = signup.session
    try:
        booking_cancel(booking=booking, session=session)
    except SignUpRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Cancelled for this session. Thank you for letting us know!")
            if session
            else _("Your sign-up is cancelled. Thank you for letting us know!"),
        )
    return HttpResponseRedirect(reverse("signup_manage", args=[token]), status=303)
