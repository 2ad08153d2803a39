"""Django admin for groups, series, sessions, room reservations and the mobile family centre: read-only.

Every write here has consequences the services own (sessions materialized from a series, room
clashes, feed versions, families told of a change), so staff see these rows in the admin and
change them in the workspace (`/<lang>/leader/groups/`). Lists select their related rows, so
their query count does not grow with the rows shown.
"""

from typing import ClassVar

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from core.admin_support import ReadOnlyAdmin, ReadOnlyInline
from events.models import Group, RemovedSession, RoomReservation, Series, SeriesBreak, Session, Tour, TourStop

TITLE_SEARCH = ("title_fi", "title_sv", "title_en", "slug")


class SeriesInline(ReadOnlyInline):
    model = Series
    show_change_link = True
    fields = ("room", "first_date", "last_date", "start_time", "duration_minutes", "frequency", "weekdays")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Series]:
        return super().get_queryset(request).select_related("room__venue")


class SeriesBreakInline(ReadOnlyInline):
    model = SeriesBreak
    fields = ("start_date", "end_date", "reason")
    readonly_fields = fields


class TourStopInline(ReadOnlyInline):
    model = TourStop
    fields = ("venue", "week_of_cycle", "series")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[TourStop]:
        return super().get_queryset(request).select_related("venue", "series__group")


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin, TranslationAdmin):
    list_display: ClassVar = (
        "title",
        "organization",
        "topic",
        "audience",
        "signup_mode",
        "visibility",
        "is_active",
        "edited_at",
    )
    list_filter: ClassVar = (
        "topic",
        "audience",
        "signup_mode",
        "visibility",
        "is_active",
        "organization__kind",
    )
    list_select_related: ClassVar = ("organization",)
    search_fields: ClassVar = (*TITLE_SEARCH, "organization__name_fi")
    date_hierarchy = "created_at"
    raw_id_fields: ClassVar = ("organization", "service")
    inlines = (SeriesInline,)


@admin.register(Series)
class SeriesAdmin(ReadOnlyAdmin):
    list_display: ClassVar = (
        "group",
        "room",
        "first_date",
        "last_date",
        "start_time",
        "duration_minutes",
        "frequency",
        "weekdays",
    )
    list_filter: ClassVar = ("frequency", "skip_public_holidays")
    list_select_related: ClassVar = ("group", "room__venue")
    search_fields: ClassVar = ("group__title_fi", "group__slug", "room__venue__name_fi", "=uid")
    date_hierarchy = "first_date"
    raw_id_fields: ClassVar = ("group", "room")
    inlines = (SeriesBreakInline,)


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin, TranslationAdmin):
    list_display: ClassVar = ("group", "start", "end", "room", "status", "is_exception", "capacity_people")
    list_filter: ClassVar = ("status", "is_exception", "group__topic", "group__organization__kind")
    list_select_related: ClassVar = ("group", "room__venue")
    search_fields: ClassVar = ("group__title_fi", "group__slug", "room__venue__name_fi", "=uid")
    date_hierarchy = "start"
    raw_id_fields: ClassVar = ("group", "series", "room")


@admin.register(RoomReservation)
class RoomReservationAdmin(ReadOnlyAdmin):
    list_display: ClassVar = ("room", "start", "end", "is_active", "session")
    list_filter: ClassVar = ("is_active",)
    list_select_related: ClassVar = ("room__venue", "session__group")
    search_fields: ClassVar = ("room__name_fi", "room__venue__name_fi")
    date_hierarchy = "start"
    raw_id_fields: ClassVar = ("room", "session")


@admin.register(RemovedSession)
class RemovedSessionAdmin(ReadOnlyAdmin):
    """Tombstones of removed sessions, for the Linked Events API and the feeds."""

    list_display: ClassVar = ("uid", "group", "venue", "start", "is_series", "removed_at", "replaced_by")
    list_filter: ClassVar = ("is_series",)
    list_select_related: ClassVar = ("group", "venue")
    search_fields: ClassVar = ("=uid", "group__title_fi")
    date_hierarchy = "removed_at"
    raw_id_fields: ClassVar = ("group", "venue")


@admin.register(Tour)
class TourAdmin(ReadOnlyAdmin, TranslationAdmin):
    list_display: ClassVar = ("name", "organization", "group", "cycle_weeks", "is_active")
    list_filter: ClassVar = ("is_active",)
    list_select_related: ClassVar = ("organization", "group")
    search_fields: ClassVar = ("name_fi", "name_sv", "name_en", "slug")
    raw_id_fields: ClassVar = ("organization", "group")
    inlines = (TourStopInline,)
