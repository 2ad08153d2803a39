"""Cancel or move one session: what a group's session pages (events/views/workspace/sessions.py) and a
tour's visit pages (events/views/tours_workspace/visits.py) share. The caller has found the session
with a selector scoped to the actor; the service checks the permission again and tells the families
signed up (its hooks). Runs through `core.forms_flow.form_flow`: a refusal is shown on the form."""

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.formats import date_format

from core.forms_flow import bind, form_flow
from events import recurrence
from events.forms_workspace import MOVE_ERROR_FIELDS, CancelForm, MoveForm
from events.models import Session
from events.services import sessions as session_services
from venues.models import Room


def when(session: Session) -> str:
    """A session's start as the messages say it: the date and time in Helsinki."""
    start = session.start.astimezone(recurrence.HELSINKI)
    return f"{date_format(start, 'SHORT_DATE_FORMAT')} {date_format(start, 'TIME_FORMAT')}"


def cancel_flow(
    request: HttpRequest,
    session: Session,
    *,
    template: str,
    context: Mapping[str, Any],
    message: str,
    back: str,
) -> HttpResponse:
    """GET asks for the reason; POST cancels. `message` takes %(when)s; `back` is where to go."""
    label = when(session)

    def done(_cancelled: Session) -> str:
        messages.success(request, message % {"when": label})
        return back

    return form_flow(
        request,
        bind(request, CancelForm),
        save=lambda form: session_services.session_cancel(
            actor=request.user, session=session, reason=form.cleaned_data["reason"]
        ),
        done=done,
        template=template,
        context={**context, "session": session},
        fields={"no_reason": "reason"},
    )


def move_flow(
    request: HttpRequest,
    session: Session,
    *,
    rooms: QuerySet[Room],
    template: str,
    context: Mapping[str, Any],
    message: str,
    back: str,
) -> HttpResponse:
    """GET shows the session's time and room; POST moves it. `message` takes %(was)s and %(when)s."""
    was = when(session)

    def save(form: MoveForm) -> Session:
        start, end = form.moment()
        return session_services.session_move(
            actor=request.user, session=session, start=start, end=end, room=form.cleaned_data["room"]
        )

    def done(moved: Session) -> str:
        messages.success(request, message % {"was": was, "when": when(moved)})
        return back

    return form_flow(
        request,
        bind(request, MoveForm, initial=MoveForm.initial_for(session), rooms=rooms),
        save=save,
        done=done,
        template=template,
        context={**context, "session": session},
        fields=MOVE_ERROR_FIELDS,
    )
