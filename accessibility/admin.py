"""Django admin for the measured accessibility facts and their change log: read-only.

Facts are entered in the workspace's facts form, which recomputes the verdicts
(`accessibility.rules`) and logs each change; an admin edit would skip both.
"""

from typing import ClassVar

from django.contrib import admin

from accessibility.models import AccessibilityChange, RoomAccessibility, VenueAccessibility
from core.admin_support import ReadOnlyAdmin

VERDICTS = ("pram_verdict", "double_pushchair_verdict", "wheelchair_verdict", "walking_aid_verdict")


@admin.register(VenueAccessibility)
class VenueAccessibilityAdmin(ReadOnlyAdmin):
    list_display: ClassVar = ("venue", *VERDICTS, "updated_at")
    list_filter: ClassVar = VERDICTS
    list_select_related: ClassVar = ("venue",)
    search_fields: ClassVar = ("venue__name_fi", "venue__slug")


@admin.register(RoomAccessibility)
class RoomAccessibilityAdmin(ReadOnlyAdmin):
    list_display: ClassVar = ("room", *VERDICTS, "updated_at")
    list_filter: ClassVar = VERDICTS
    list_select_related: ClassVar = ("room__venue",)
    search_fields: ClassVar = ("room__name_fi", "room__venue__name_fi", "room__venue__slug")


@admin.register(AccessibilityChange)
class AccessibilityChangeAdmin(ReadOnlyAdmin):
    list_display: ClassVar = ("venue", "room", "changed_at", "changed_by")
    list_select_related: ClassVar = ("venue", "room__venue", "changed_by")
    search_fields: ClassVar = ("venue__name_fi", "venue__slug")
    date_hierarchy = "changed_at"
