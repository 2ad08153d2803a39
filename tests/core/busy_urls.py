"""The site's URLs plus one view whose statement outlives a short statement timeout (tests only)."""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def slow(request: HttpRequest) -> HttpResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '200ms'")
        cursor.execute("SELECT pg_sleep(5)")
    return HttpResponse("finished")


def touch_session(request: HttpRequest) -> HttpResponse:
    request.session["touched"] = True  # saved by SessionMiddleware, after the view
    return HttpResponse("touched")


urlpatterns = [
    path("slow-statement/", slow),
    path("touch-session/", touch_session),
    *site_urlpatterns,
]
handler500 = "core.views.server_error"
handler400 = "core.views.bad_request"
