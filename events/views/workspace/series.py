"""A group's series in the workspace: add one, change one. A clash is listed, with the choice to skip it."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.forms_flow import Refusal, bind, form_flow, show_refusal
from events.forms_workspace import SERIES_ERROR_FIELDS, SeriesForm
from events.models import Group, Series
from events.selectors_workspace import group_get_for_manager, room_list_for_group, series_get_for_manager
from events.services.series import Clash, RoomClash, SeriesResult, series_create, series_update
from events.views.workspace.common import answer_group_refusals, report


class ClashAnswer:
    """`on_refusal` for a series form: a clash is listed above the form with the choice to skip its
    dates; any other refusal goes on the field it is about."""

    def __init__(self, fields: dict[str, str] = SERIES_ERROR_FIELDS) -> None:
        self.clashes: list[Clash] = []
        self.fields = fields
        self.refused = False

    def __call__(self, form: SeriesForm, error: Refusal) -> None:
        self.refused = True
        if isinstance(error, RoomClash):
            self.clashes = error.clashes
            form.offer_skip_clashes = True
            form.add_error(None, str(error))
        else:
            show_refusal(form, error, self.fields)


def _page(
    request: HttpRequest, group: Group, answer: ClashAnswer, series: Callable[[], Series | None]
) -> Callable[[SeriesForm, int], HttpResponse]:
    def page(form: SeriesForm, status: int) -> HttpResponse:
        return render(
            request,
            "events/workspace/series_form.html",
            {
                "group": group,
                "series": series(),
                "form": form,
                "clashes": answer.clashes,
                "has_rooms": form.fields["room"].queryset.exists(),
            },
            status=status,
        )

    return page


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answer_group_refusals
def series_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_get_for_manager(actor=request.user, slug=slug)
    answer = ClashAnswer()

    def done(result: SeriesResult) -> str:
        report(request, result)
        return reverse("groups:edit", kwargs={"slug": group.slug}) + "#sessions"

    return form_flow(
        request,
        bind(request, SeriesForm, rooms=room_list_for_group(actor=request.user, group=group)),
        save=lambda form: series_create(
            actor=request.user, group=group, spec=form.spec(), skip_clashes=form.cleaned_data["skip_clashes"]
        ),
        done=done,
        on_refusal=answer,
        page=_page(request, group, answer, lambda: None),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answer_group_refusals
def series_edit_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = group_get_for_manager(actor=request.user, slug=slug)
    series = series_get_for_manager(actor=request.user, group=group, pk=pk)
    answer = ClashAnswer()

    def done(result: SeriesResult) -> str:
        report(request, result)
        return reverse("groups:series_edit", kwargs={"slug": group.slug, "pk": series.pk})

    def shown() -> Series:
        # After a refused edit (rolled back), show the series as it is stored.
        if answer.refused:
            return series_get_for_manager(actor=request.user, group=group, pk=pk)
        return series

    form = bind(
        request,
        SeriesForm,
        initial=SeriesForm.initial_for(series) if request.method != "POST" else None,
        rooms=room_list_for_group(actor=request.user, group=group),
        breaks=len(series.breaks.all()),
    )
    return form_flow(
        request,
        form,
        save=lambda form: series_update(
            actor=request.user,
            series=series,
            spec=form.spec(),
            skip_clashes=form.cleaned_data["skip_clashes"],
        ),
        done=done,
        on_refusal=answer,
        page=_page(request, group, answer, shown),
    )
