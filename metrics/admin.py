"""Django admin for the families' voice (feedback, feedback requests, wishes) and the metrics API
tokens, read-only (a token's one action: revoke).

A comment, a wish's text and its email are a family's own words and address: lists show
whether there is one (masked), a change page shows them in clear to superusers only
(`core.admin_support.PersonalDataAdmin`). Hiding a comment is the leaders' (workspace);
purging is `purge_personal_data`'s.
"""

from typing import ClassVar

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_support import PersonalDataAdmin, ReadOnlyAdmin, mask
from metrics.models import ApiToken, Feedback, FeedbackRequest, Wish
from metrics.services.tokens import api_token_revoke


@admin.register(Feedback)
class FeedbackAdmin(PersonalDataAdmin):
    list_display: ClassVar = (
        "session",
        "score",
        "source",
        "has_comment",
        "hidden_at",
        "purged_at",
        "created_at",
    )
    list_filter: ClassVar = ("score", "source", ("hidden_at", admin.EmptyFieldListFilter))
    list_select_related: ClassVar = ("session__group",)
    search_fields: ClassVar = ("session__group__title_fi", "session__group__slug")
    personal_fields = ("comment",)
    personal_search_fields = ("comment",)
    date_hierarchy = "created_at"
    raw_id_fields: ClassVar = ("session", "request", "hidden_by")

    @admin.display(description=_("comment"), boolean=True)
    def has_comment(self, obj: Feedback) -> bool:
        return bool(obj.comment)


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(ReadOnlyAdmin):
    list_display: ClassVar = ("session", "booking_id", "created_at")
    list_select_related: ClassVar = ("session__group",)
    date_hierarchy = "created_at"
    fields: ClassVar = ("session", "booking_id", "created_at")
    readonly_fields = fields


@admin.register(Wish)
class WishAdmin(PersonalDataAdmin):
    list_display: ClassVar = (
        "topic",
        "municipality",
        "age",
        "language",
        "masked_text",
        "masked_email",
        "answered_group",
        "created_at",
    )
    list_filter: ClassVar = ("topic", "age", "language", ("answered_at", admin.EmptyFieldListFilter))
    list_select_related: ClassVar = ("municipality", "answered_group")
    search_fields: ClassVar = ("municipality__name_fi", "municipality__code")
    personal_fields = ("text", "email")
    personal_search_fields = ("text", "email")
    date_hierarchy = "created_at"
    raw_id_fields: ClassVar = ("municipality", "answered_group")

    @admin.display(description=_("what you would like"))
    def masked_text(self, obj: Wish) -> str:
        return mask(obj.text)

    @admin.display(description=_("email"))
    def masked_email(self, obj: Wish) -> str:
        return mask(obj.email)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Read-only: the secret exists nowhere but in the reporting system; the hash is shown to tell
    rows apart. Platform admins may revoke (the one action), through the service."""

    list_display: ClassVar = (
        "name",
        "prefix",
        "organization",
        "scope",
        "created_by",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter: ClassVar = ("scope", ("revoked_at", admin.EmptyFieldListFilter))
    list_select_related: ClassVar = ("organization", "created_by")
    search_fields: ClassVar = ("name", "prefix", "organization__name")
    date_hierarchy = "created_at"
    fields: ClassVar = (
        "name",
        "prefix",
        "secret_hash",
        "organization",
        "scope",
        "created_by",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    )
    readonly_fields = fields
    actions: ClassVar = ("revoke",)

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    @admin.action(description=_("Revoke the chosen tokens"), permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = 0
        for token in queryset.select_related("organization").filter(revoked_at=None):
            api_token_revoke(actor=request.user, token=token)
            count += 1
        message = ngettext("%(count)d token was revoked.", "%(count)d tokens were revoked.", count)
        self.message_user(request, message % {"count": count})
