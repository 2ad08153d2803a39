""" "What help fits us?" at /<lang>/help/, and its mapping in the workspace at /<lang>/leader/help/.

Public: a few questions as GET parameters, so an answer can be shared or bookmarked; nothing is
stored, no account. A value that does not validate is a translated error on the form, never a
500. Workspace: the county's and municipalities' coordinators edit what each situation looks
for; others are refused (403), visitors without an account sent to the login. Thin.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import DomainError, PermissionRefused
from directory import services as directory_services
from directory.permissions import can_edit_guidance
from directory.selectors_guidance import HelpQuery, help_situation_get, help_situation_list
from events.guidance import help_answer
from events.selectors import helsinki_today
from events.views.forms_guidance import EXPECTING, HelpForm, HelpSituationForm
from events.views.public_display import session_row


@require_safe
def help_view(request: HttpRequest) -> HttpResponse:
    form = HelpForm(request.GET or None)
    context: dict = {"form": form}
    if form.is_bound and form.is_valid():
        try:
            situation = help_situation_get(actor=request.user, situation=form.cleaned_data["situation"])
        except PermissionRefused:
            form.add_error("situation", _("We do not know that situation: choose one of the list."))
        else:
            query = HelpQuery(
                situation=situation,
                municipality=form.cleaned_data["municipality"],
                age_months=form.age_months(),
                language=form.cleaned_data["language"],
            )
            answer = help_answer(actor=request.user, query=query, now=timezone.now())
            today = helsinki_today()
            context |= {
                "answer": answer,
                "expecting": form.cleaned_data["age"] == EXPECTING,
                "group_rows": [session_row(session, today=today) for session in answer.groups],
            }
    return render(request, "events/public/help.html", context)


def _require_editor(request: HttpRequest) -> None:
    if not can_edit_guidance(request.user):
        raise PermissionDenied(_("Only the county's and municipalities' coordinators edit the guidance."))


@login_required
@require_safe
def help_workspace_list(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    return render(
        request, "events/workspace/help_list.html", {"situations": help_situation_list(actor=request.user)}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def help_workspace_edit(request: HttpRequest, situation: str) -> HttpResponse:
    _require_editor(request)
    try:
        found = help_situation_get(actor=request.user, situation=situation)
    except PermissionRefused as error:
        raise Http404(str(error)) from error
    form = HelpSituationForm(
        request.POST if request.method == "POST" else None, initial=HelpSituationForm.initial_for(found)
    )
    if request.method == "POST" and form.is_valid():
        try:
            directory_services.help_situation_update(
                actor=request.user, situation=found, advice=form.advice(), mapping=form.mapping()
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The guidance was saved."))
            return redirect("help_workspace:list")
    return render(
        request,
        "events/workspace/help_form.html",
        {"form": form, "situation": found},
        status=422 if form.errors else 200,
    )
