"""Django admin for the bookings app: read-only, families' personal data masked.

Bookings, sign-ups, headcounts, notices and private-feed tokens are seen here, never written:
the services own every write (capacity, waiting lists, notices). A household's contact
details, note and account link are in clear only on a booking's change page and only for a
superuser (`core.admin_support.PersonalDataAdmin`); lists show them masked.
"""

from typing import ClassVar

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking, FeedToken, Headcount, Notice, SignUp
from core.admin_support import PersonalDataAdmin, ReadOnlyAdmin, ReadOnlyInline, mask


class SignUpInline(ReadOnlyInline):
    model = SignUp
    fields = ("session", "status", "people", "prams", "queued_at", "cancelled_at", "attended")
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[SignUp]:
        return super().get_queryset(request).select_related("session__group")


@admin.register(Booking)
class BookingAdmin(PersonalDataAdmin):
    list_display: ClassVar = (
        "pk",
        "group",
        "source",
        "contact",
        "adults",
        "children",
        "prams",
        "language",
        "created_at",
        "anonymised_at",
    )
    list_filter: ClassVar = ("source", "language", ("anonymised_at", admin.EmptyFieldListFilter))
    list_select_related: ClassVar = ("group",)
    search_fields: ClassVar = ("public_id", "group__title_fi", "group__slug")
    personal_fields = ("contact_name", "email", "phone", "note", "user")
    personal_search_fields = ("email", "contact_name", "phone")
    date_hierarchy = "created_at"
    raw_id_fields: ClassVar = ("group", "series", "user")
    inlines = (SignUpInline,)

    @admin.display(description=_("contact"))
    def contact(self, obj: Booking) -> str:
        return " · ".join(mask(value) for value in (obj.contact_name, obj.email, obj.phone) if value)


@admin.register(SignUp)
class SignUpAdmin(ReadOnlyAdmin):
    """A place on one session: counts and status, the household by its booking's number only."""

    list_display: ClassVar = (
        "pk",
        "session",
        "booking_id",
        "status",
        "people",
        "prams",
        "queued_at",
        "promoted_at",
        "cancelled_by",
        "attended",
    )
    list_filter: ClassVar = ("status", "cancelled_by", "attended")
    list_select_related: ClassVar = ("session__group",)
    search_fields: ClassVar = ("=booking__public_id", "session__group__title_fi")
    date_hierarchy = "queued_at"
    raw_id_fields: ClassVar = ("booking", "session")


@admin.register(Headcount)
class HeadcountAdmin(ReadOnlyAdmin):
    list_display: ClassVar = ("session", "adults", "children", "prams", "updated_at")
    list_select_related: ClassVar = ("session__group",)
    search_fields: ClassVar = ("session__group__title_fi",)
    date_hierarchy = "updated_at"
    raw_id_fields: ClassVar = ("session", "recorded_by")


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
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


@admin.register(FeedToken)
class FeedTokenAdmin(ReadOnlyAdmin):
    """Private feeds: when made and revoked; the account masked, the token only as its hash (not shown)."""

    list_display: ClassVar = ("pk", "account", "created_at", "revoked_at")
    list_filter: ClassVar = (("revoked_at", admin.EmptyFieldListFilter),)
    list_select_related: ClassVar = ("user",)
    fields: ClassVar = ("account", "created_at", "revoked_at")
    readonly_fields = fields

    @admin.display(description=_("account"))
    def account(self, obj: FeedToken) -> str:
        return mask(obj.user.email)
