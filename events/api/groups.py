"""Public groups (never unlisted ones) and one group with its next sessions."""

import functools
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Query, Router

from core.errors import PermissionRefused
from directory.selectors import is_public_service
from events.api.common import absolute, organization, page
from events.api.schemas import (
    INVALID,
    NOT_FOUND,
    GroupDetailOut,
    GroupList,
    GroupQuery,
    LangQuery,
    Slug,
)
from events.api.sessions import session_out
from events.models import Group
from events.selectors import _translated as translated
from events.selectors import group_get

router = Router(tags=["groups"])
_LANGUAGE_FLAGS = {"fi": "in_finnish", "sv": "in_swedish", "en": "in_english"}


def _group(request: HttpRequest, group: Group) -> dict[str, Any]:
    return {
        "slug": group.slug,
        "title": group.title,
        "description": group.description,
        "topic": group.topic,
        "audience": group.audience,
        "age_min_months": group.age_min_months,
        "age_max_months": group.age_max_months,
        "languages": [code for code, flag in _LANGUAGE_FLAGS.items() if getattr(group, flag)],
        "other_languages": group.other_languages,
        "signup_mode": group.signup_mode,
        "organization": organization(group.organization),
        "service": _service(request, group),
        "url": absolute(request, reverse("group_detail", kwargs={"slug": group.slug})),
    }


def _service(request: HttpRequest, group: Group) -> dict[str, Any] | None:
    """The group's service, where the directory shows it (published, of an active organization)."""
    service = group.service
    if service is None or not is_public_service(service):
        return None
    return {
        "id": service.pk,
        "slug": service.slug,
        "name": service.name,
        "url": absolute(request, reverse("services:detail", kwargs={"slug": service.slug})),
    }


def _public_groups() -> QuerySet[Group]:
    return Group.objects.filter(
        is_active=True, organization__is_active=True, visibility=Group.Visibility.PUBLIC
    ).select_related("organization", "service__organization")


@router.get("/groups", response={200: GroupList, **INVALID})
def groups(request: HttpRequest, query: Query[GroupQuery]) -> dict[str, Any]:
    """Public active groups (never unlisted ones), by title."""
    rows = _public_groups()
    if query.topic:
        rows = rows.filter(topic=query.topic)
    if query.language:
        rows = rows.filter(**{_LANGUAGE_FLAGS[query.language]: True})
    if query.provider_kind:
        rows = rows.filter(organization__kind=query.provider_kind)
    with translation.override(query.lang):
        rows = rows.order_by(translated("title", query.lang), "pk")
        return page(rows, query, functools.partial(_group, request))


@router.get("/groups/{slug}", response={200: GroupDetailOut, **NOT_FOUND, **INVALID})
def group(request: HttpRequest, slug: Slug, query: Query[LangQuery]) -> dict[str, Any]:
    """A public group with its next sessions. Unlisted groups are not in the API: 404."""
    with translation.override(query.lang):
        found = group_get(slug=slug)
        if found.visibility != Group.Visibility.PUBLIC:
            raise PermissionRefused("Group not found.", code="not_found")
        return {
            **_group(request, found),
            "upcoming_sessions": [session_out(request, session) for session in found.upcoming_sessions],
        }
