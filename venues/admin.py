"""Django admin for the network: sub-regions, municipalities, organizations and memberships.

Names are edited in every language (modeltranslation's TranslationAdmin). List
pages select related rows and annotate counts, so their query count does not
grow with the rows shown.

Membership writes never go around the services: adding, changing a role and
removing (one by one, in bulk, or through the inline on an organization) call
`venues.services`, which check the actor's rights and keep the last coordinator.
A refusal becomes an error message in the admin, never a 500, and the whole
request is rolled back.
"""

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.errors import DomainError
from venues import (
    admin_invites,  # noqa: F401 (registers the invitations' admin)
    admin_places,  # noqa: F401 (registers the venues' and rooms' admins)
)
from venues.models import County, Membership, Municipality, Organization, Region
from venues.permissions import can_manage_members, is_platform_admin
from venues.selectors import membership_list_for_admin
from venues.services.memberships import (
    LAST_COORDINATOR_MESSAGE,
    membership_add,
    membership_change_role,
    membership_remove,
)

TRANSLATED_NAME_SEARCH = ("name_fi", "name_sv", "name_en")


class SubRegionFilter(admin.SimpleListFilter):
    """Sub-region of an organization's home area: its own region, or its municipality's."""

    title = _("sub-region")
    parameter_name = "sub_region"
    # Path from the listed model to Organization ("" when listing organizations).
    organization_path = ""

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [(str(region.pk), str(region)) for region in Region.objects.order_by("code")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        prefix = self.organization_path
        return queryset.filter(
            Q(**{f"{prefix}region": self.value()}) | Q(**{f"{prefix}municipality__region": self.value()})
        )


class MembershipSubRegionFilter(SubRegionFilter):
    organization_path = "organization__"


class _DomainErrorsAsMessages:
    """Answer a DomainError raised by a service with an error message and a redirect.

    The admin runs change and delete POSTs in a transaction; the error leaves
    it, so nothing the request did is kept (not even the log entry).
    """

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except DomainError as error:
            self.message_user(request, str(error), messages.ERROR)  # type: ignore[attr-defined]
            return HttpResponseRedirect(request.get_full_path())


@admin.register(County)
class CountyAdmin(TranslationAdmin):
    list_display = ("code", "name", "organization")
    list_display_links = ("code", "name")
    search_fields = ("code", "slug", *TRANSLATED_NAME_SEARCH)
    ordering = ("code",)
    autocomplete_fields = ("organization",)
    prepopulated_fields: ClassVar = {"slug": ("name_fi",)}


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = ("code", "name", "county", "municipality_count")
    list_display_links = ("code", "name")
    search_fields = ("code", "slug", *TRANSLATED_NAME_SEARCH)
    ordering = ("code",)
    prepopulated_fields: ClassVar = {"slug": ("name_fi",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Region]:
        return super().get_queryset(request).annotate(municipality_count=Count("municipalities"))

    @admin.display(description=_("municipalities"), ordering="municipality_count")
    def municipality_count(self, obj: Region) -> int:
        return obj.municipality_count  # type: ignore[attr-defined]


@admin.register(Municipality)
class MunicipalityAdmin(TranslationAdmin):
    list_display = ("code", "name", "region", "organization_count")
    list_display_links = ("code", "name")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("code", "slug", *TRANSLATED_NAME_SEARCH, "region__code", "region__name_fi")
    ordering = ("name",)
    autocomplete_fields = ("region",)
    prepopulated_fields: ClassVar = {"slug": ("name_fi",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Municipality]:
        return super().get_queryset(request).annotate(organization_count=Count("organizations"))

    @admin.display(description=_("organizations"), ordering="organization_count")
    def organization_count(self, obj: Municipality) -> int:
        return obj.organization_count  # type: ignore[attr-defined]


class MembershipInlineForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and "user" in self.fields:
            # A membership is not moved to another person: remove it and add a new one.
            self.fields["user"].disabled = True


class MembershipInlineFormSet(BaseInlineFormSet):
    """Refuses a submission that would leave the organization without a coordinator.

    Checked on the whole submission (deletions and role changes together), so
    the error shows on the form and nothing is saved; the services check again.
    """

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        coordinators_before = sum(
            1 for form in self.initial_forms if form.initial.get("role") == Membership.Role.COORDINATOR
        )
        coordinators_after = sum(
            1
            for form in self.forms
            if form.cleaned_data
            and not self._should_delete_form(form)
            and (form.instance.pk or form.has_changed())
            and form.cleaned_data.get("role") == Membership.Role.COORDINATOR
        )
        if coordinators_before and not coordinators_after:
            raise forms.ValidationError(LAST_COORDINATOR_MESSAGE, code="last_coordinator")


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipInlineForm
    formset = MembershipInlineFormSet
    fk_name = "organization"
    fields = ("user", "role", "created_at", "created_by")
    readonly_fields = ("created_at", "created_by")
    autocomplete_fields = ("user",)
    extra = 1

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return super().get_queryset(request).select_related("user", "created_by")

    # Writing memberships is for the organization's coordinators (and platform
    # admins) only, as in the workspace; for a new organization, admins only.
    def _may_manage(self, request: HttpRequest, obj: Organization | None) -> bool:
        if obj is None:
            return is_platform_admin(request.user)
        return can_manage_members(request.user, obj)

    def has_add_permission(self, request: HttpRequest, obj: Organization | None = None) -> bool:
        return super().has_add_permission(request, obj) and self._may_manage(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Organization | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._may_manage(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Organization | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_manage(request, obj)


def _membership_count(**filters: str) -> Coalesce:
    memberships = (
        Membership.objects.filter(organization=OuterRef("pk"), **filters)
        .order_by()
        .values("organization")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(memberships, output_field=models.IntegerField()), 0)


@admin.register(Organization)
class OrganizationAdmin(_DomainErrorsAsMessages, TranslationAdmin):
    list_display = ("name", "kind", "home_area", "member_count", "coordinator_count", "is_active")
    list_filter = ("kind", "is_active", SubRegionFilter)
    list_select_related = ("municipality", "region")
    search_fields = (
        *TRANSLATED_NAME_SEARCH,
        "slug",
        "business_id",
        "email",
        "municipality__code",
        "municipality__name_fi",
        "memberships__user__email",
    )
    ordering = ("name",)
    autocomplete_fields = ("municipality", "region")
    prepopulated_fields: ClassVar = {"slug": ("name_fi",)}
    readonly_fields = ("created_at", "updated_at")
    inlines = (MembershipInline,)
    # Django 6 makes https the default; say so now (and silence its deprecation warning).
    formfield_overrides: ClassVar = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "is_active")}),
        (
            _("Home area"),
            {
                "fields": ("municipality", "region"),
                "description": _(
                    "One municipality, or one sub-region, or neither for an organization "
                    "serving the whole network (such as the wellbeing services county)."
                ),
            },
        ),
        (_("Contact details"), {"fields": ("business_id", "website", "email", "phone")}),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organization]:
        # Counted in subqueries, not with joins: searching member emails joins the
        # memberships again, and a joined Count would multiply by the matches.
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_count=_membership_count(),
                coordinator_count=_membership_count(role=Membership.Role.COORDINATOR),
            )
        )

    @admin.display(description=_("home area"), ordering="municipality__name")
    def home_area(self, obj: Organization) -> str:
        if obj.municipality is not None:
            return str(obj.municipality)
        if obj.region is not None:
            return str(obj.region)
        return str(_("whole network"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj: Organization) -> str:
        url = reverse("admin:venues_membership_changelist")
        return format_html(
            '<a href="{}?organization__id__exact={}">{}</a>',
            url,
            obj.pk,
            obj.member_count,  # type: ignore[attr-defined]
        )

    @admin.display(description=_("coordinators"), ordering="coordinator_count")
    def coordinator_count(self, obj: Organization) -> int:
        return obj.coordinator_count  # type: ignore[attr-defined]

    def save_formset(self, request: HttpRequest, form: forms.ModelForm, formset: Any, change: bool) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        # commit=False fills new_objects, changed_objects and deleted_objects (for the
        # change message) without writing; the services write. Additions and
        # promotions first, so a swap of coordinators in one submission succeeds.
        formset.save(commit=False)
        organization = form.instance
        for membership in formset.new_objects:
            added = membership_add(
                actor=request.user,
                organization=organization,
                email=membership.user.email,
                role=membership.role,
            )
            membership.pk = added.pk
        changed = [membership for membership, fields in formset.changed_objects if "role" in fields]
        changed.sort(key=lambda membership: membership.role != Membership.Role.COORDINATOR)
        for membership in changed:
            membership_change_role(actor=request.user, membership=membership, role=membership.role)
        for membership in formset.deleted_objects:
            membership_remove(actor=request.user, membership=membership)


def _delete_selected_memberships(
    modeladmin: "MembershipAdmin", request: HttpRequest, queryset: QuerySet[Membership]
) -> HttpResponse | None:
    """Django's "delete selected" with its confirmation page, refused as a whole
    (with a message) if a removal is refused, e.g. the last coordinator's."""
    try:
        with transaction.atomic():
            return delete_selected(modeladmin, request, queryset)
    except DomainError as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return None


@admin.register(Membership)
class MembershipAdmin(_DomainErrorsAsMessages, admin.ModelAdmin):
    list_display = ("user", "organization", "role", "created_at", "created_by")
    list_filter = ("role", "organization__kind", "organization__is_active", MembershipSubRegionFilter)
    search_fields = (
        "user__email",
        "user__first_name",
        "user__last_name",
        "organization__name_fi",
        "organization__name_sv",
        "organization__name_en",
        "organization__slug",
    )
    autocomplete_fields = ("user", "organization")
    ordering = ("organization__name", "user__email")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return membership_list_for_admin(actor=request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Membership | None = None) -> tuple[str, ...]:
        if obj is None:
            return ("created_at", "created_by")
        # Only the role changes; a membership is not moved to another person or organization.
        return ("user", "organization", "created_at", "created_by")

    def has_change_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or can_manage_members(request.user, obj.organization)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return super().has_delete_permission(request, obj) and (
            obj is None or can_manage_members(request.user, obj.organization)
        )

    def get_actions(self, request: HttpRequest) -> dict[str, tuple[Callable[..., Any], str, str]]:
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            # Keep the name: Django's confirmation page posts back action=delete_selected.
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (_delete_selected_memberships, name, description)
        return actions

    def save_model(self, request: HttpRequest, obj: Membership, form: forms.ModelForm, change: bool) -> None:
        if change:
            membership_change_role(actor=request.user, membership=obj, role=obj.role)
            return
        added = membership_add(
            actor=request.user, organization=obj.organization, email=obj.user.email, role=obj.role
        )
        obj.pk = added.pk
        obj.refresh_from_db()

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        membership_remove(actor=request.user, membership=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("organization").order_by("pk"):
            membership_remove(actor=request.user, membership=membership)

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:venues_membership_change", args=[object_id]))
