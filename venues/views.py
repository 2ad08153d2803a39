"""Public network pages. Thin: parse, call a selector, render."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from venues.selectors import region_list


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "venues/home.html", {"regions": region_list()})


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: the app answers and its database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
