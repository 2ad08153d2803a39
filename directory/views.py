"""Public pages of the service directory: /<lang>/services/ and /<lang>/services/<slug>/. Thin."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.errors import PermissionRefused
from directory.display import channel_row, service_jsonld, source_line
from directory.forms import ServiceFilterForm
from directory.selectors import ServiceFilters, service_get, service_list

HELSINKI = timezone.get_default_timezone()


def service_list_view(request: HttpRequest) -> HttpResponse:
    form = ServiceFilterForm(request.GET or None, language=request.LANGUAGE_CODE)
    filters = ServiceFilters()
    if form.is_bound and form.is_valid():
        filters = ServiceFilters(**form.cleaned_data)
    page = Paginator(service_list(actor=request.user, filters=filters), 30).get_page(request.GET.get("page"))
    now = timezone.now().astimezone(HELSINKI)
    items = [(service, [channel_row(c, now) for c in service.published_channels]) for service in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/list.html",
        {"form": form, "page": page, "items": items, "query": query.urlencode()},
        status=200,
    )


def service_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        service = service_get(actor=request.user, slug=slug)
    except PermissionRefused as error:
        raise Http404(str(error)) from error
    now = timezone.now().astimezone(HELSINKI)
    rows = [channel_row(c, now) for c in service.published_channels]
    return render(
        request,
        "directory/detail.html",
        {
            "service": service,
            "rows": rows,
            "source_line": source_line(service),
            "jsonld": service_jsonld(request, service, rows),
            "who": [c.label(request.LANGUAGE_CODE) for c in service.target_groups.all()]
            + [c.label(request.LANGUAGE_CODE) for c in service.life_events.all()],
        },
    )
