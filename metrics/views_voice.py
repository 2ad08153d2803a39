"""The families' voice: feedback through the emailed link or the session code, and wishes. Thin.

No account: the link is the token. GET shows the form and never writes (mail scanners
follow links); the face pressed posts the answer. Unknown links answer 404, closed or
cancelled sessions a translated message; the session code and the wishes form are
rate-limited per address (allauth's limiter, `ACCOUNT_RATE_LIMITS`). Nothing a family
wrote is ever shown back to anyone but the group's leaders.
"""

from allauth.core import ratelimit
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.errors import PermissionRefused
from metrics.forms_voice import FACES, SCORES, FeedbackForm, WishForm
from metrics.models import Feedback
from metrics.services import feedback as services
from metrics.services.wishes import wish_create


def _faces() -> list[tuple[int, str, str]]:
    return [(value, FACES[value], str(label)) for value, label in SCORES]


def _page(
    request: HttpRequest, session, form, *, status: int = 200, done: bool = False, **extra
) -> HttpResponse:
    context = {"session": session, "form": form, "faces": _faces(), "done": done, **extra}
    return render(request, "metrics/feedback.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_by_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        feedback_request = services.feedback_request_get(token=token)
    except PermissionRefused as error:
        raise Http404(str(error)) from error
    session = feedback_request.session
    action = reverse("feedback_link", kwargs={"token": token})
    if request.method == "GET":
        # What is stored, shown back to the household (its own answer only): its copy of the data.
        current = Feedback.objects.filter(request=feedback_request).first()
        form = FeedbackForm(initial={"comment": current.comment} if current else None)
        return _page(request, session, form, action=action, withdraw=True, current=current)
    if request.POST.get("withdraw"):
        services.feedback_withdraw(request=feedback_request)
        return _page(request, session, None, done=True, withdrawn=True, action=action)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _page(request, session, form, status=400, action=action, withdraw=True)
    try:
        services.feedback_answer(request=feedback_request, **form.cleaned_data)
    except services.FeedbackRefused as error:
        form.add_error(None, str(error))
        return _page(request, session, form, status=400, action=action, withdraw=True)
    return _page(request, session, None, done=True, action=action, withdraw=True)


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_by_code(request: HttpRequest, code: str) -> HttpResponse:
    try:
        session = services.feedback_session_get(code=code)
    except PermissionRefused as error:
        raise Http404(str(error)) from error
    action = reverse("feedback_code", kwargs={"code": code})
    if request.method == "GET":
        return _page(request, session, FeedbackForm(), action=action)
    form = FeedbackForm(request.POST)
    if not ratelimit.consume(request, action="feedback_code"):
        form.add_error(None, _("Too much feedback from this connection. Please try again in an hour."))
        return _page(request, session, form, status=429, action=action)
    if not form.is_valid():
        return _page(request, session, form, status=400, action=action)
    try:
        services.feedback_answer_by_code(session=session, **form.cleaned_data)
    except services.FeedbackRefused as error:
        form.add_error(None, str(error))
        return _page(request, session, form, status=400, action=action)
    return _page(request, session, None, done=True, action=action)


@never_cache
@require_http_methods(["GET", "POST"])
def wishes(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        if request.GET.get("sent"):
            return render(request, "metrics/wishes.html", {"form": None, "sent": True})
        return render(
            request, "metrics/wishes.html", {"form": WishForm(initial={"language": get_language()})}
        )
    form = WishForm(request.POST)
    if not ratelimit.consume(request, action="wish"):
        form.add_error(None, _("Too many wishes from this connection. Please try again in an hour."))
        return render(request, "metrics/wishes.html", {"form": form}, status=429)
    if not form.is_valid() or form.cleaned_data.get("website"):
        return render(request, "metrics/wishes.html", {"form": form}, status=400)
    data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
    wish_create(**data, reply_language=get_language())
    return redirect(reverse("wishes") + "?sent=1")
