"""How views answer a refused permission, the same way in every workspace."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.errors import PermissionRefused

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
