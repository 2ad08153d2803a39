"""Django admin for venues and rooms, with their hours, exceptions and photos: read-only.

Venue writes go through the workspace (`/<lang>/leader/venues/`): photos are verified and
re-encoded there, and feeds follow the changes. Imported by `venues/admin.py` (autodiscovered).
"""

from typing import ClassVar

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.admin_support import ReadOnlyAdmin, ReadOnlyInline
from venues.models import OpeningException, OpeningHours, Room, Venue, VenuePhoto


class RoomInline(ReadOnlyInline):
    model = Room
    fields = ("name", "floor", "capacity_people", "pram_spaces", "is_bookable")
    readonly_fields = fields
    show_change_link = True


class OpeningHoursInline(ReadOnlyInline):
    model = OpeningHours
    fields = ("weekday", "opens", "closes")
    readonly_fields = fields


@admin.register(Venue)
class VenueAdmin(ReadOnlyAdmin, TranslationAdmin):
    list_display: ClassVar = ("name", "kind", "organization", "municipality", "room_count", "is_active")
    list_filter: ClassVar = ("kind", "is_active", "organization__kind", "municipality__region")
    list_select_related: ClassVar = ("organization", "municipality")
    search_fields: ClassVar = (
        "name_fi",
        "name_sv",
        "name_en",
        "slug",
        "street_address_fi",
        "municipality__code",
    )
    raw_id_fields: ClassVar = ("organization", "municipality")
    inlines = (RoomInline, OpeningHoursInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Venue]:
        return super().get_queryset(request).annotate(room_count=Count("rooms"))

    @admin.display(description=_("rooms"), ordering="room_count")
    def room_count(self, obj: Venue) -> int:
        return obj.room_count  # type: ignore[attr-defined]


@admin.register(Room)
class RoomAdmin(ReadOnlyAdmin, TranslationAdmin):
    list_display: ClassVar = ("name", "venue", "floor", "capacity_people", "pram_spaces", "is_bookable")
    list_filter: ClassVar = ("is_bookable", "has_changing_table", "has_nursing_corner", "venue__kind")
    list_select_related: ClassVar = ("venue",)
    search_fields: ClassVar = ("name_fi", "name_sv", "name_en", "venue__name_fi", "venue__slug")
    raw_id_fields: ClassVar = ("venue",)


@admin.register(OpeningException)
class OpeningExceptionAdmin(ReadOnlyAdmin, TranslationAdmin):
    list_display: ClassVar = ("venue", "start_date", "end_date", "closed", "opens", "closes", "reason")
    list_filter: ClassVar = ("closed",)
    list_select_related: ClassVar = ("venue",)
    search_fields: ClassVar = ("venue__name_fi", "venue__slug")
    date_hierarchy = "start_date"
    raw_id_fields: ClassVar = ("venue",)


@admin.register(VenuePhoto)
class VenuePhotoAdmin(ReadOnlyAdmin, TranslationAdmin):
    list_display: ClassVar = ("venue", "room", "kind", "position", "width", "height", "uploaded_at")
    list_filter: ClassVar = ("kind",)
    list_select_related: ClassVar = ("venue", "room__venue")
    search_fields: ClassVar = ("venue__name_fi", "venue__slug", "alt_text_fi")
    date_hierarchy = "uploaded_at"
    raw_id_fields: ClassVar = ("venue", "room", "uploaded_by")
