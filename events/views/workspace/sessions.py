"""One session of a group in the workspace: cancel it, move it (`events.views.session_flows`), delete it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms_flow import bind, form_flow
from events.forms_terms import DeleteForm
from events.models import Session
from events.selectors_workspace import group_get_for_manager, room_list_for_group, session_get_for_manager
from events.services import sessions as session_services
from events.views.session_flows import cancel_flow, move_flow, when
from events.views.workspace.common import answer_group_refusals, back_to_sessions


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answer_group_refusals
def session_cancel_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = group_get_for_manager(actor=request.user, slug=slug)
    return cancel_flow(
        request,
        session_get_for_manager(actor=request.user, group=group, pk=pk),
        template="events/workspace/session_cancel.html",
        context={"group": group},
        message=_("The session of %(when)s was cancelled."),
        back=back_to_sessions(group.slug),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answer_group_refusals
def session_move_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = group_get_for_manager(actor=request.user, slug=slug)
    return move_flow(
        request,
        session_get_for_manager(actor=request.user, group=group, pk=pk),
        rooms=room_list_for_group(actor=request.user, group=group),
        template="events/workspace/session_move.html",
        context={"group": group},
        message=_("The session of %(was)s was moved to %(when)s."),
        back=back_to_sessions(group.slug),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answer_group_refusals
def session_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks to confirm (and says who will be told); POST deletes."""
    group = group_get_for_manager(actor=request.user, slug=slug)
    session = session_get_for_manager(actor=request.user, group=group, pk=pk)
    label = when(session)

    def done(_deleted: Session) -> str:
        messages.success(request, _("The session of %(when)s was deleted.") % {"when": label})
        return back_to_sessions(group.slug)

    return form_flow(
        request,
        bind(request, DeleteForm),
        save=lambda _form: session_services.session_delete(actor=request.user, session=session),
        done=done,
        template="events/workspace/session_delete.html",
        context={
            "group": group,
            "session": session,
            "session_list": [session],
            "is_past": session.end <= timezone.now(),
        },
    )
