"""How views answer a refused permission, the same way in every workspace; and the 500 handler."""

import sys
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.defaults import bad_request as django_bad_request
from django.views.defaults import server_error as django_server_error

from core.errors import PermissionRefused
from core.middleware import busy_response, is_busy_error

View = Callable[..., HttpResponse]


def refused(
    request: HttpRequest, error: PermissionRefused, template: str, context: dict | None = None
) -> HttpResponse:
    """404 where even existence is private (code "not_found"), else 403 with the translated reason."""
    if error.code == "not_found":
        raise Http404(str(error)) from error
    messages.error(request, str(error))
    return render(request, template, context or {}, status=403)


def answer_refusals(template: str) -> Callable[[View], View]:
    """Decorate a view so a PermissionRefused from its selectors or services becomes `refused(...)`."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except PermissionRefused as error:
                return refused(request, error, template)

        return wrapper

    return decorate


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a lock or statement timeout raised outside a view (a middleware saving the session,
    a template's lazy query) still answers "busy, try again"; anything else is Django's 500 page."""
    error = sys.exc_info()[1]
    if error is not None and is_busy_error(error):
        return busy_response(request)
    return django_server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: Django reports a session save that hit a lock timeout as SessionInterrupted (400);
    that is "busy, try again" too. Anything else is Django's 400 page."""
    if is_busy_error(exception):
        return busy_response(request)
    return django_bad_request(request, exception)
