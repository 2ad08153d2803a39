"""What the pages of the tours workspace share: the refusal decorator, how a visit's time reads,
the message a save leaves, and the preview-or-save step of the tour and stop forms."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.forms_flow import show_refusal
from core.views import answer_refusals
from events.models import Tour
from events.services.series import RoomClash, ScheduleError
from events.services.tour_updates import preview_visits
from events.services.tours import TourError
from events.views.session_flows import when

answer_tour_refusals = answer_refusals("events/tours_workspace/refused.html")
GET_POST = ["GET", "HEAD", "POST"]


def status_of(form: forms.Form) -> int:
    return 400 if form.is_bound and form.errors else 200


def detail_url(tour: Tour, anchor: str = "") -> str:
    return reverse("tours_workspace:detail", kwargs={"slug": tour.slug}) + anchor


def report(request: HttpRequest, result: Any, *, saved: str) -> None:
    """Tell what a save did: counts, the dates skipped for clashes, the visits left as they were."""
    parts = [
        template % {"count": count}
        for count, template in (
            (result.created, ngettext("%(count)d visit added", "%(count)d visits added", result.created)),
            (result.updated, ngettext("%(count)d visit changed", "%(count)d visits changed", result.updated)),
            (result.removed, ngettext("%(count)d visit removed", "%(count)d visits removed", result.removed)),
        )
        if count
    ]
    messages.success(request, f"{saved} {', '.join(parts)}." if parts else saved)
    if result.skipped_clashes:
        messages.warning(
            request,
            _("No visits were made on these dates, because the room is already booked: %(dates)s.")
            % {"dates": ", ".join(str(clash) for clash in result.skipped_clashes)},
        )
    if result.kept:
        messages.warning(
            request,
            _(
                "These visits were cancelled, moved or have sign-ups, so they were left as they were: "
                "%(visits)s."
            )
            % {"visits": ", ".join(when(session) for session in result.kept)},
        )


def cancelled_visits(count: int) -> str:
    """The sentence that follows a removal which cancelled visits families had signed up for."""
    return ngettext(
        "%(count)d visit with sign-ups was cancelled; the families are told.",
        "%(count)d visits with sign-ups were cancelled; the families are told.",
        count,
    ) % {"count": count}


class Totals:
    """The counts of one or several stops' series results, as `report` reads them."""

    def __init__(self, results: list[Any]) -> None:
        series = [r.series for r in results]
        self.created = sum(s.created for s in series)
        self.updated = sum(s.updated for s in series)
        self.removed = sum(s.removed for s in series)
        self.skipped_clashes = [c for s in series for c in s.skipped_clashes]
        self.kept = [k for s in series for k in s.kept]


def run(
    request: HttpRequest,
    form: forms.Form,
    *,
    tour: Tour,
    change: Callable[[bool], Any],
    fields: dict[str, str],
) -> tuple[Any, dict[str, Any]]:
    """Preview or save a valid form: (the service's result or None, what the page shows)."""
    shown: dict[str, Any] = {"clashes": [], "preview": None}
    skip = form.cleaned_data.get("skip_clashes", False)
    try:
        if "preview" in request.POST:
            shown["preview"] = preview_visits(tour=tour, change=lambda: change(skip))
            return None, shown
        return change(skip), shown
    except RoomClash as error:
        shown["clashes"] = error.clashes
        form.offer_skip_clashes = True
        form.add_error(None, str(error))
    except (TourError, ScheduleError, ValidationError) as error:
        show_refusal(form, error, fields)
    return None, shown
