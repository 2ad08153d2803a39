"""Django admin for the service directory: services, channels with their hours, PTV code lists.

PTV-sourced rows are read-only here, as in the workspace: they are edited in PTV and the
next import would overwrite a local edit. A coordinator may still link a PTV place to one
of our venues (`Channel.venue`), which the importer keeps.
"""

from typing import Any, ClassVar

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.admin_support import HTTPS_URLS
from directory.models import (
    Channel,
    HelpSituation,
    LifeEvent,
    OrganizationPtvId,
    Service,
    ServiceClass,
    ServiceHours,
    TargetGroup,
)

RECORD_FIELDS = ("source", "ptv_id", "ptv_modified", "last_imported_at", "last_checked_at")


class ReadOnlyWhenFromPtv:
    """Every field but the given ones is read-only on a row imported from PTV."""

    editable_on_ptv: ClassVar[tuple[str, ...]] = ()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if obj is not None and obj.is_from_ptv:
            model_fields = [f.name for f in obj._meta.get_fields() if getattr(f, "editable", False)]
            fields += [name for name in model_fields if name not in self.editable_on_ptv]
        return fields


class ServiceHoursInline(TranslationTabularInline):
    model = ServiceHours
    extra = 0


@admin.register(Service)
class ServiceAdmin(ReadOnlyWhenFromPtv, TranslationAdmin):
    formfield_overrides: ClassVar = HTTPS_URLS
    list_display = ("name", "organization", "source", "is_published", "ptv_modified", "last_checked_at")
    list_filter = ("source", "is_published", "organization__kind")
    search_fields = ("name", "slug", "ptv_id")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    filter_horizontal = ("service_classes", "target_groups", "life_events", "municipalities", "producers")
    raw_id_fields = ("channels", "checked_by")
    readonly_fields = ("uid", *RECORD_FIELDS)


@admin.register(Channel)
class ChannelAdmin(ReadOnlyWhenFromPtv, TranslationAdmin):
    formfield_overrides: ClassVar = HTTPS_URLS
    list_display = ("name", "kind", "organization", "venue", "source", "is_published")
    list_filter = ("kind", "source", "is_published")
    search_fields = ("name", "ptv_id", "street_address")
    list_select_related = ("organization", "venue")
    raw_id_fields = ("organization", "venue", "municipality")
    readonly_fields = RECORD_FIELDS
    editable_on_ptv = ("venue",)
    inlines = (ServiceHoursInline,)


@admin.register(OrganizationPtvId)
class OrganizationPtvIdAdmin(admin.ModelAdmin):
    formfield_overrides: ClassVar = HTTPS_URLS
    list_display = ("organization", "ptv_id", "ptv_type")
    search_fields = ("organization__name", "ptv_id")
    raw_id_fields = ("organization",)


@admin.register(ServiceClass, TargetGroup, LifeEvent)
class PtvCodeAdmin(admin.ModelAdmin):
    formfield_overrides: ClassVar = HTTPS_URLS
    list_display = ("code", "label_fi", "label_en")
    search_fields = ("code", "label_fi", "label_en")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # loaded from the TSVs

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HelpSituation)
class HelpSituationAdmin(TranslationAdmin):
    """The guidance's mapping; coordinators edit it in the workspace (/<lang>/leader/help/)."""

    list_display = ("situation", "position", "group_topics", "updated_at")
    filter_horizontal = ("first_contact_classes", "service_classes", "life_events", "target_groups")
