"""The one parse / call a service / answer block of the workspace views (post, redirect, get).

`form_flow` binds the form on POST, calls the service with the valid form, and then:
- the service succeeded: `done(result)` adds its message and names where to go (PRG redirect);
- the service refused (a `DomainError` or a model `ValidationError`): the refusal goes on the
  form (`show_refusal`), the page renders again with status 400, and, since services run in a
  transaction, nothing changed;
- GET, or a form that does not parse: the page renders (200, or 400 for a bound form).

A `PermissionRefused` is never shown on the form: it propagates to the view's refusal decorator
(`core.views.answer_refusals`), which answers 404 or 403. Never put business rules here.
"""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.errors import DomainError, PermissionRefused

F = TypeVar("F", bound=forms.Form)
R = TypeVar("R")

Refusal = DomainError | ValidationError


def form_status(form: forms.Form) -> int:
    """200 for a blank form, 400 for one sent back with errors."""
    return 400 if form.is_bound else 200


def show_refusal(form: forms.Form, error: Refusal, fields: Mapping[str, str] | None = None) -> None:
    """Put a service's refusal on the form: a `ValidationError` on the fields it names; a
    `DomainError` on the fields of its `field_errors`, else on the field its `code` names in
    `fields`, else above the form."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return
    field_errors = getattr(error, "field_errors", None) or {}
    for name, messages in field_errors.items():
        form.add_error(name if name in form.fields else None, [str(m) for m in messages])
    if field_errors:
        return
    field = (fields or {}).get(error.code)
    form.add_error(field if field in form.fields else None, str(error))


def bind(
    request: HttpRequest, form_class: type[F], *, initial: Mapping[str, Any] | None = None, **kwargs: Any
) -> F:
    """The form bound to the POST (and its files), else blank with `initial`."""
    if request.method == "POST":
        return form_class(request.POST, request.FILES or None, **kwargs)
    return form_class(initial=initial, **kwargs)


def form_flow(
    request: HttpRequest,
    form: F,
    *,
    save: Callable[[F], R],
    done: Callable[[R], str | HttpResponse],
    page: Callable[[F, int], HttpResponse] | None = None,
    template: str | None = None,
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
    fields: Mapping[str, str] | None = None,
    on_refusal: Callable[[F, Refusal], None] | None = None,
) -> HttpResponse:
    """Run one form of a workspace page; see the module docstring.

    `page(form, status)` renders the page (or give `template` and `context`, a mapping or a
    callable evaluated after the attempt, so it shows what is stored after a refused write).
    `fields` maps a refusal's `code` to the field it is about. `on_refusal(form, error)` runs
    instead of `show_refusal` (e.g. to offer skipping clashing dates).
    """
    if form.is_bound and form.is_valid():
        try:
            result = save(form)
        except PermissionRefused:
            raise
        except (DomainError, ValidationError) as error:
            if on_refusal is not None:
                on_refusal(form, error)
            else:
                show_refusal(form, error, fields)
        else:
            answer = done(result)
            return answer if isinstance(answer, HttpResponse) else redirect(answer)
    status = form_status(form)
    if page is not None:
        return page(form, status)
    if template is None:
        raise TypeError("form_flow needs `page` or `template`")
    extra = context() if callable(context) else (context or {})
    return render(request, template, {**extra, "form": form}, status=status)


def confirm_flow(
    request: HttpRequest,
    *,
    template: str,
    context: Mapping[str, Any],
    act: Callable[[], R],
    done: Callable[[R], str | HttpResponse],
) -> HttpResponse:
    """A page that asks to confirm an action with no fields (a delete, a removal): GET renders the
    question; POST acts (`act`, the one service call), then `done` adds the message and names where
    to go (PRG). A refusal propagates to the view's decorator, as it does from a form's service."""
    if request.method != "POST":
        return render(request, template, context)
    answer = done(act())
    return answer if isinstance(answer, HttpResponse) else redirect(answer)
