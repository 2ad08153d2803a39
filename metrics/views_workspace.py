"""The workspace side of the families' voice: comments to read and hide, the session's code and
QR, wishes to answer. Thin: one selector or service per request, POSTs redirect (PRG)."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.views import answer_refusals
from events.models import Group
from metrics.selectors_voice import (
    feedback_comments,
    feedback_get_for_leader,
    session_for_code,
    sessions_for_codes,
)
from metrics.services.feedback import feedback_hide
from metrics.services.wishes import wishes_answer
from metrics.tokens import session_code

_answer_refusals = answer_refusals("metrics/refused.html")


@require_safe
@login_required
def comments(request: HttpRequest) -> HttpResponse:
    hidden = request.GET.get("hidden") == "1"
    rows = feedback_comments(actor=request.user, hidden=hidden)
    sessions = sessions_for_codes(actor=request.user)
    return render(
        request, "metrics/comments.html", {"comments": rows, "hidden": hidden, "sessions": sessions}
    )


@require_POST
@login_required
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = feedback_get_for_leader(actor=request.user, pk=pk)
    if feedback is None:
        raise Http404
    feedback_hide(actor=request.user, feedback=feedback)
    messages.success(request, _("The comment was hidden."))
    return redirect("metrics:comments")


@require_safe
@login_required
def session_code_page(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_code(actor=request.user, pk=pk)
    if session is None:
        raise Http404
    url = request.build_absolute_uri(reverse("feedback_code", kwargs={"code": session_code(session)}))
    # segno writes the QR as SVG markup of our own making: safe to inline.
    label = _("QR code of the feedback link")
    svg = segno.make(url, error="m").svg_inline(scale=6, title=label)
    qr = mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="%s" ' % escape(label), 1))  # noqa: S308, UP031
    return render(request, "metrics/session_code.html", {"session": session, "url": url, "qr": qr})


@require_POST
@login_required
@_answer_refusals
def wishes_answer_view(request: HttpRequest) -> HttpResponse:
    # One checkbox per bucket of wishes (topic and municipality): its value lists the wishes' ids.
    ids = [int(v) for value in request.POST.getlist("wish") for v in value.split(",") if v.isdigit()][:1000]
    group = Group.objects.filter(slug=request.POST.get("group", "")).first()
    if group is None:
        messages.error(request, _("Choose the group that answers the wishes."))
        return redirect(reverse("metrics:dashboard") + "#wishes")
    try:
        count = wishes_answer(actor=request.user, wish_ids=ids, group=group)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(count)s wishes were answered with %(group)s.") % {"count": count, "group": group.title},
        )
    return redirect(reverse("metrics:dashboard") + "#wishes")
