"""Pieces shared by the apps' Django admins: read-only model admins and masked personal data.

The admin is for staff to *see* what the workspace and the importers wrote; every write with
business meaning goes through the services (capacity, rooms, feeds, notices), so most domain
models are registered read-only here. Families' contact details and free text are personal
data: lists show them masked, a change page shows them in clear only to a superuser (who may
need them to answer a family's request), and only a superuser may search by them.
"""

from typing import Any, ClassVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

DOT = "•"


def mask(value: str | None) -> str:
    """Enough to tell that a value is there and tell rows apart, never enough to read it:
    "maija@example.fi" -> "m•••@•••", "040 123 4567" -> "•••67", "Maija" -> "M•••"."""
    if not value:
        return ""
    value = str(value)
    if "@" in value:
        return f"{value[0]}{DOT * 3}@{DOT * 3}"
    digits = [c for c in value if c.isdigit()]
    if len(digits) >= 6 and len(digits) * 2 >= len(value.replace(" ", "")):
        return DOT * 3 + "".join(digits[-2:])
    return f"{value[0]}{DOT * 3}"


# Django 6 makes https the default for URL form fields; say so now (and silence its deprecation warning).
HTTPS_URLS: dict = {models.URLField: {"assume_scheme": "https"}}


def sees_personal_data(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by staff with the model's view permission; nobody adds, changes or deletes here."""

    formfield_overrides: ClassVar = HTTPS_URLS

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PersonalDataAdmin(ReadOnlyAdmin):
    """Read-only, with `personal_fields` in clear on the change page for superusers only; others see
    `masked_personal` (one line of masked values) in their place. Searching by them: superusers."""

    personal_fields: tuple[str, ...] = ()
    personal_search_fields: tuple[str, ...] = ()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = [
            f for f in super().get_fields(request, obj) if f not in (*self.personal_fields, "masked_personal")
        ]
        return fields + (list(self.personal_fields) if sees_personal_data(request) else ["masked_personal"])

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*super().get_readonly_fields(request, obj), "masked_personal"]

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        own = list(super().get_search_fields(request))
        return own + list(self.personal_search_fields) if sees_personal_data(request) else own

    @admin.display(description=_("personal data (hidden)"))
    def masked_personal(self, obj: Any) -> str:
        return " · ".join(mask(getattr(obj, name)) for name in self.personal_fields if getattr(obj, name))


class ReadOnlyInline(admin.TabularInline):
    """Rows shown on their parent's page, never added, changed or removed there."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
