"""Emails to families that failed or wait, for coordinators: /<lang>/leader/participants/emails/.

Thin: GET lists (`notice_list_for_coordinator`), POST sends one again (`notice_retry`), then
redirects back. Someone who coordinates nothing gets 403; a notice of another organization is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bookings.selectors_notices import notice_get_for_coordinator, notice_list_for_coordinator
from bookings.services.outbox import notice_retry
from core.errors import DomainError, PermissionRefused
from core.views import refused

REFUSED = "bookings/workspace/notices_refused.html"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notices(request: HttpRequest) -> HttpResponse:
    try:
        if request.method == "POST":
            return _retry(request)
        notice_rows = notice_list_for_coordinator(actor=request.user)
    except PermissionRefused as error:
        return refused(request, error, REFUSED)
    return render(request, "bookings/workspace/notices.html", {"notices": notice_rows})


def _retry(request: HttpRequest) -> HttpResponse:
    pk = request.POST.get("notice", "")
    if not pk.isdigit():
        raise PermissionRefused(_("No such email."), code="not_found")
    notice = notice_get_for_coordinator(actor=request.user, pk=int(pk))
    try:
        notice_retry(actor=request.user, notice=notice)
    except PermissionRefused:
        raise
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The email will be sent again in a moment."))
    return redirect("participants:notices")
