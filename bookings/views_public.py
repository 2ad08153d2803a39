"""The family's side: sign up on a session, then manage the sign-up from the emailed link."""

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
from bookings.selectors_public import booking_for_family
from bookings.services.signups import SignUpRefused, booking_cancel, signup_create
from bookings.views_privacy import booking_or_response
from core.errors import PermissionRefused
from events.models import Group, Session
from events.selectors import session_get
from events.views.public_display import session_page


def _session(request: HttpRequest, pk: int) -> Session:
    try:
        return session_get(pk=pk, group_slug=request.GET.get("group") or request.POST.get("group"))
    except PermissionRefused as error:
        raise Http404(str(error)) from error


def _render_form(request: HttpRequest, session: Session, form: SignUpForm, status: int = 200) -> HttpResponse:
    page = session_page(session, now=timezone.now())
    group_slug = request.GET.get("group") or request.POST.get("group", "")
    context = {
        "page": page,
        "form": form,
        "group_slug": group_slug,
        "series_mode": session.group.signup_mode == Group.SignUpMode.SERIES,
    }
    return render(request, "bookings/signup.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def signup_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if request.method == "GET":
        return _render_form(request, session, SignUpForm(language=get_language()))
    form = SignUpForm(request.POST, language=get_language())
    if not ratelimit.consume(request, action="family_signup"):
        form.add_error(None, _("Too many sign-ups from this connection. Please try again in an hour."))
        return _render_form(request, session, form, status=429)
    if form.is_bot():
        form.add_error(None, _("The form could not be sent. Please try again."))
        return _render_form(request, session, form, status=400)
    if not form.is_valid():
        return _render_form(request, session, form, status=400)
    key = form.cleaned_data["idempotency_key"]
    try:
        result = signup_create(
            actor=request.user,
            session=session,
            contact=form.contact(),
            party=form.party(),
            note=form.cleaned_data["note"],
            consent=form.cleaned_data["consent"],
            idempotency_key=str(key) if key else None,
        )
    except SignUpRefused as error:
        form.add_error(None, str(error))
        return _render_form(request, session, form, status=400)
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
    if form.is_valid() and form.cleaned_data["session"]:
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
