"""Django admin for the bookings app. Read-only where rows hold families' personal data."""

from typing import ClassVar

from django.contrib import admin
from django.http import HttpRequest

from bookings.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """The email outbox: what was sent, what failed and why. Resend from the workspace (`notice_retry`)."""

    list_display: ClassVar = (
        "pk",
        "kind",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "booking_id",
    )
    list_filter: ClassVar = ("state", "kind")
    date_hierarchy = "created_at"
    # The household's address stays off the page: the booking is shown by its id only.
    fields: ClassVar = (
        "kind",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "booking_id",
        "session",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notice | None = None) -> bool:
        return False
