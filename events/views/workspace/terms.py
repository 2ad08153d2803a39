"""A new term for a group, and a copy of a group: /<lang>/leader/groups/<slug>/next-term/ and copy/.

Rolling over is two steps without JavaScript: "Preview" shows, for the dates typed, how many
sessions each series gives and which dates clash with the room's other bookings, writing
nothing; "Save" copies the schedule (refusing the clashes unless the leader ticked skipping
them) and redirects to the group with the counts.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.errors import DomainError, PermissionRefused
from core.forms_flow import bind, form_flow, form_status, show_refusal
from events.forms_terms import TERM_ERROR_FIELDS, GroupCopyForm, TermForm
from events.selectors_workspace import group_get_for_manager
from events.services.terms import CopyResult, TermPlan, group_copy, term_preview, term_roll_over, term_series
from events.views.workspace.common import answer_group_refusals, series_rows
from events.views.workspace.series import ClashAnswer


def _tell(request: HttpRequest, result: CopyResult, saved: str) -> None:
    series = len(result.series)
    messages.success(
        request,
        saved
        % {
            "group": result.group.title,
            "series": ngettext("%(count)d schedule", "%(count)d schedules", series) % {"count": series},
            "sessions": ngettext("%(count)d session", "%(count)d sessions", result.planned)
            % {"count": result.planned},
        },
    )
    if result.skipped_clashes:
        messages.warning(
            request,
            _("No sessions were made on these dates, because the room is already booked: %(dates)s.")
            % {"dates": ", ".join(str(clash) for clash in result.skipped_clashes)},
        )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answer_group_refusals
def term_roll_over_view(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_get_for_manager(actor=request.user, slug=slug)
    answer = ClashAnswer(TERM_ERROR_FIELDS)
    form = bind(request, TermForm)
    context = {
        "group": group,
        "series_rows": series_rows(term_series(group)),
        "plan": None,
        "clashes": answer.clashes,
    }
    if request.method == "POST" and request.POST.get("action") != "save":
        # The preview: nothing written, the same form again with a save button.
        plan: TermPlan | None = None
        if form.is_valid():
            try:
                plan = term_preview(actor=request.user, group=group, term=form.term())
            except PermissionRefused:
                raise
            except DomainError as error:
                show_refusal(form, error, TERM_ERROR_FIELDS)
        if plan is not None and plan.clashes:
            form.offer_skip_clashes = True
        status = 200 if plan is not None else form_status(form)
        return render(
            request,
            "events/workspace/term_form.html",
            {**context, "form": form, "plan": plan, "clashes": plan.clashes if plan else []},
            status=status,
        )

    def done(result: CopyResult) -> str:
        _tell(request, result, _("The schedule was copied to the new term: %(series)s, %(sessions)s."))
        return reverse("groups:edit", kwargs={"slug": group.slug}) + "#sessions"

    return form_flow(
        request,
        form,
        save=lambda form: term_roll_over(
            actor=request.user, group=group, term=form.term(), skip_clashes=form.cleaned_data["skip_clashes"]
        ),
        done=done,
        on_refusal=answer,
        template="events/workspace/term_form.html",
        context=lambda: {**context, "clashes": answer.clashes},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answer_group_refusals
def group_copy_view(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_get_for_manager(actor=request.user, slug=slug)
    answer = ClashAnswer({"no_title": "title_fi", "bad_shift": "shift_weeks", "too_far_ahead": "shift_weeks"})

    def done(result: CopyResult) -> str:
        _tell(request, result, _("The group %(group)s was made as a copy: %(series)s, %(sessions)s."))
        return reverse("groups:edit", kwargs={"slug": result.group.slug})

    def save(form: GroupCopyForm) -> CopyResult:
        return group_copy(
            actor=request.user,
            group=group,
            title_fi=form.cleaned_data["title_fi"],
            shift_weeks=form.shift(),
            skip_clashes=form.cleaned_data["skip_clashes"],
        )

    return form_flow(
        request,
        bind(request, GroupCopyForm, initial={"title_fi": _("%(title)s (copy)") % {"title": group.title_fi}}),
        save=save,
        done=done,
        on_refusal=answer,
        template="events/workspace/group_copy.html",
        context=lambda: {"group": group, "clashes": answer.clashes},
    )
