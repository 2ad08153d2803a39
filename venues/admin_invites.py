"""Django admin for the coordinators' invitations: read-only, and never the token's hash.

Invitations are made and sent again in the workspace (`/<lang>/leader/organizations/`), which
emails the code: one made here would have no code to send. Staff see who was invited to which
organization by whom, and whether the invitation is open, accepted or expired. The hash is left
out of every page (`exclude`, and not in any list or search) though it cannot be reversed: it is
the key an emailed link is looked up by. Imported by `venues/admin.py` (autodiscovered).
"""

from typing import ClassVar

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.admin_support import ReadOnlyAdmin
from venues.models import OrganizationInvite

OPEN, ACCEPTED, EXPIRED = "open", "accepted", "expired"
STATUS_LABELS = {
    OPEN: pgettext_lazy("invitation status", "Open"),
    ACCEPTED: pgettext_lazy("invitation status", "Accepted"),
    EXPIRED: pgettext_lazy("invitation status", "Expired"),
}


def status_of(invite: OrganizationInvite) -> str:
    if invite.accepted_at is not None:
        return ACCEPTED
    return OPEN if invite.expires_at > timezone.now() else EXPIRED


class InviteStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [(key, str(label)) for key, label in STATUS_LABELS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        now = timezone.now()
        if self.value() == ACCEPTED:
            return queryset.filter(accepted_at__isnull=False)
        if self.value() == OPEN:
            return queryset.filter(accepted_at__isnull=True, expires_at__gt=now)
        if self.value() == EXPIRED:
            return queryset.filter(accepted_at__isnull=True, expires_at__lte=now)
        return queryset


@admin.register(OrganizationInvite)
class OrganizationInviteAdmin(ReadOnlyAdmin):
    list_display: ClassVar = (
        "email",
        "organization",
        "role",
        "status",
        "created_at",
        "expires_at",
        "created_by",
        "accepted_at",
    )
    list_filter: ClassVar = (
        InviteStatusFilter,
        "role",
        "language",
        "organization__kind",
        "organization__is_active",
        "created_at",
    )
    list_select_related: ClassVar = ("organization", "created_by", "accepted_by")
    search_fields: ClassVar = (
        "email",
        "organization__name_fi",
        "organization__name_sv",
        "organization__slug",
    )
    date_hierarchy = "created_at"
    exclude: ClassVar = ("token_hash",)
    fields: ClassVar = (
        "organization",
        "email",
        "role",
        "language",
        "status",
        "created_at",
        "created_by",
        "expires_at",
        "accepted_at",
        "accepted_by",
    )
    readonly_fields = fields
    ordering: ClassVar = ("-created_at", "-pk")

    @admin.display(description=_("status"))
    def status(self, obj: OrganizationInvite) -> str:
        return str(STATUS_LABELS[status_of(obj)])
