"""The leaders' view of who is coming: /<lang>/leader/participants/. Thin.

Only a group's own leaders and its organization's coordinators reach these pages; for
anyone else a session or group answers 404, so its existence does not show. Every form
runs through `core.forms_flow.form_flow`: it calls one service and redirects (PRG) with a
translated message; a form that does not parse, or a refusal of the service (SignUpRefused),
is shown again on the page with status 400, never a 500. The attendance list, not shown as
a form, answers a refusal with a message on the page.
"""

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from bookings.exports import participants_csv
from bookings.forms_workspace import AttendanceForm, HeadcountForm, PlacesForm, WalkInForm
from bookings.models import SignUp
from bookings.selectors import (
    OVERVIEW_SESSIONS_SHOWN,
    SessionParticipants,
    group_get_for_participants,
    household_name,
    participants_for_session,
    session_overview_for_group,
    signups_promoted_at,
)
from bookings.services import attendance as attendance_services
from bookings.services import signups as signup_services
from core.errors import DomainError, PermissionRefused
from core.forms_flow import bind, form_flow
from core.views import answer_refusals

# Unknown sessions and others' sessions alike: 404.
_answer_refusals = answer_refusals("events/workspace/refused.html")


def _page_url(session_id: int) -> str:
    return reverse("participants:session", kwargs={"pk": session_id})


def _names(signups: Iterable[SignUp]) -> str:
    return ", ".join(household_name(s.booking) for s in signups)


def _tell_promoted(request: HttpRequest, promoted: list[SignUp]) -> None:
    if promoted:
        messages.info(request, _("Moved up from the waiting list: %(names)s.") % {"names": _names(promoted)})


def _render_session(
    request: HttpRequest,
    data: SessionParticipants,
    *,
    headcount_form: HeadcountForm | None = None,
    walk_in_form: WalkInForm | None = None,
    places_form: PlacesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    session = data.session
    if headcount_form is None:
        initial = {}
        if data.headcount is not None:
            hc = data.headcount
            initial = {name: getattr(hc, name) for name in HeadcountForm.base_fields}
        headcount_form = HeadcountForm(initial=initial)
    if places_form is None:
        places_form = PlacesForm(initial={"people": session.capacity_people, "prams": session.capacity_prams})
    return render(
        request,
        "bookings/workspace/session.html",
        {
            "data": data,
            "session": session,
            "group": session.group,
            "attendance_open": attendance_services.attendance_open(session),
            "headcount_form": headcount_form,
            "walk_in_form": walk_in_form or WalkInForm(),
            "places_form": places_form,
        },
        status=status,
    )


def _refusal(request: HttpRequest, error: DomainError, session_id: int) -> HttpResponse:
    """A service said no: its translated reason, back on the page (nothing changed)."""
    if isinstance(error, PermissionRefused) and error.code == "not_found":
        raise error
    messages.error(request, str(error))
    return redirect(_page_url(session_id))


# --- pages -------------------------------------------------------------------------------------------


@login_required
@require_safe
@_answer_refusals
def session_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_session(request, participants_for_session(actor=request.user, session_id=pk))


@login_required
@require_safe
@_answer_refusals
def group_page(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_get_for_participants(actor=request.user, slug=slug)
    return render(
        request,
        "bookings/workspace/group.html",
        {
            "group": group,
            "sessions": session_overview_for_group(actor=request.user, group=group),
            "sessions_shown": OVERVIEW_SESSIONS_SHOWN,
        },
    )


@login_required
@require_safe
@_answer_refusals
def session_csv(request: HttpRequest, pk: int) -> HttpResponse:
    data = participants_for_session(actor=request.user, session_id=pk)
    start = timezone.localtime(data.session.start)
    filename = f"participants-{data.session.group.slug}-{start:%Y-%m-%d-%H%M}.csv"
    response = HttpResponse(participants_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- writes ------------------------------------------------------------------------------------------


def _attendance_page(request: HttpRequest, pk: int) -> Callable[[AttendanceForm, int], HttpResponse]:
    """The attendance list is not shown as a form: what went wrong is a message, back on the page."""

    def page(form: AttendanceForm, _status: int) -> HttpResponse:
        refusals = form.non_field_errors()
        if refusals:
            for refusal in refusals:
                messages.error(request, refusal)
        else:
            messages.error(
                request, _("The list could not be read, so nothing was saved. Please mark it again.")
            )
        return redirect(_page_url(pk))

    return page


def _session_page(
    request: HttpRequest, data: SessionParticipants, form_name: str
) -> Callable[[Form, int], HttpResponse]:
    """The session's page with `form_name` as sent (its errors shown), for form_flow."""

    def page(form: Form, status: int) -> HttpResponse:
        return _render_session(request, data, status=status, **{form_name: form})

    return page


def _saved(request: HttpRequest, message: str, url: str) -> Callable[[object], str]:
    def done(_result: object) -> str:
        messages.success(request, message)
        return url

    return done


@login_required
@require_POST
@_answer_refusals
def attendance_save(request: HttpRequest, pk: int) -> HttpResponse:
    data = participants_for_session(actor=request.user, session_id=pk)

    def done(changed: int) -> str:
        messages.success(
            request,
            ngettext(
                "Attendance was saved (%(count)d change).",
                "Attendance was saved (%(count)d changes).",
                changed,
            )
            % {"count": changed},
        )
        return _page_url(pk) + "#confirmed"

    return form_flow(
        request,
        bind(request, AttendanceForm),
        save=lambda form: attendance_services.attendance_set(
            actor=request.user, session=data.session, attended=form.attendance()
        ),
        done=done,
        page=_attendance_page(request, pk),
    )


@login_required
@require_POST
@_answer_refusals
def headcount_save(request: HttpRequest, pk: int) -> HttpResponse:
    data = participants_for_session(actor=request.user, session_id=pk)
    return form_flow(
        request,
        bind(request, HeadcountForm),
        save=lambda form: attendance_services.headcount_set(
            actor=request.user, session=data.session, **form.cleaned_data
        ),
        done=_saved(request, _("The headcount was saved."), _page_url(pk) + "#headcount"),
        page=_session_page(request, data, "headcount_form"),
    )


@login_required
@require_POST
@_answer_refusals
def walk_in_save(request: HttpRequest, pk: int) -> HttpResponse:
    data = participants_for_session(actor=request.user, session_id=pk)

    def done(signup: SignUp) -> str:
        messages.success(
            request,
            ngettext(
                "A walk-in household of %(count)d person was added.",
                "A walk-in household of %(count)d people was added.",
                signup.people,
            )
            % {"count": signup.people},
        )
        return _page_url(pk) + "#confirmed"

    return form_flow(
        request,
        bind(request, WalkInForm),
        save=lambda form: signup_services.walk_in_add(
            actor=request.user, session=data.session, party=form.party()
        ),
        done=done,
        page=_session_page(request, data, "walk_in_form"),
    )


@login_required
@require_POST
@_answer_refusals
def places_save(request: HttpRequest, pk: int) -> HttpResponse:
    data = participants_for_session(actor=request.user, session_id=pk)

    def done(promoted: list[SignUp]) -> str:
        messages.success(request, _("The places were saved."))
        for warning in signup_services.capacity_overflow(data.session):
            messages.warning(request, warning)
        _tell_promoted(request, promoted)
        return _page_url(pk)

    return form_flow(
        request,
        bind(request, PlacesForm),
        save=lambda form: signup_services.session_capacity_set(
            actor=request.user,
            session=data.session,
            people=form.cleaned_data["people"],
            prams=form.cleaned_data["prams"],
        ),
        done=done,
        page=_session_page(request, data, "places_form"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer_refusals
def signup_cancel(request: HttpRequest, pk: int, signup_id: int) -> HttpResponse:
    """GET asks to confirm; POST cancels the household's place on this session (e.g. they phoned)."""
    data = participants_for_session(actor=request.user, session_id=pk)
    active = data.confirmed + [row.signup for row in data.waitlisted]
    signup = next((s for s in active if s.pk == signup_id), None)
    if signup is None:
        messages.error(request, _("This sign-up is no longer active."))
        return redirect(_page_url(pk))
    if request.method != "POST":
        return render(
            request,
            "bookings/workspace/signup_cancel.html",
            {"data": data, "session": data.session, "group": data.session.group, "signup": signup},
        )
    now = timezone.now()
    try:
        signup_services.booking_cancel(
            booking=signup.booking, session=data.session, by=SignUp.CancelledBy.LEADER, now=now
        )
    except DomainError as error:
        return _refusal(request, error, pk)
    messages.success(
        request,
        _("The sign-up of %(name)s was cancelled.") % {"name": household_name(signup.booking)},
    )
    _tell_promoted(request, signups_promoted_at(actor=request.user, session=data.session, when=now))
    return redirect(_page_url(pk))
