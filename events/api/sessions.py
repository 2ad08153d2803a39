"""Sessions of public groups, filtered like the find-sessions page, cancelled ones included."""

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Query, Router

from events.api.common import absolute, access_verdict, municipality_ref, page, room_verdicts
from events.api.schemas import (
    INVALID,
    NOT_FOUND,
    LangQuery,
    SessionId,
    SessionList,
    SessionOut,
    SessionQuery,
)
from events.models import Session
from events.selectors import HELSINKI, SessionFilters, session_get, session_search
from events.views.public_display import is_moved

router = Router(tags=["sessions"])


def session_out(request: HttpRequest, session: Session) -> dict[str, Any]:
    room = session.room
    venue = room.venue
    return {
        "id": session.pk,
        "start": session.start.astimezone(HELSINKI),
        "end": session.end.astimezone(HELSINKI),
        "status": session.status,
        "cancel_reason": session.cancel_reason or "",
        "moved": is_moved(session),
        "group": {
            "slug": session.group.slug,
            "title": session.group.title,
            "topic": session.group.topic,
            "signup_mode": session.group.signup_mode,
        },
        "venue": {
            "slug": venue.slug,
            "name": venue.name,
            "municipality": municipality_ref(venue.municipality),
        },
        "room": {"name": room.name, "floor": room.floor, "verdicts": room_verdicts(room)},
        "places_total": session.places_total,
        "places_left": session.places_left,
        "pram_places_total": session.pram_places_total,
        "pram_places_left": session.pram_places_left,
        "url": absolute(request, reverse("session_detail", kwargs={"pk": session.pk})),
    }


@router.get("/sessions", response={200: SessionList, **INVALID})
def sessions(request: HttpRequest, query: Query[SessionQuery]) -> dict[str, Any]:
    """Sessions of public groups, filtered like the find-sessions page, cancelled ones included."""
    filters = SessionFilters(
        municipality=query.municipality,
        region=query.region,
        date_from=query.date_from,
        date_to=query.date_to,
        age_months=query.age_months,
        language=query.language,
        viewpoint=query.viewpoint,
        access=access_verdict(query.access),
        provider_kind=query.provider_kind,
        topic=query.topic,
    )
    with translation.override(query.lang):
        return page(session_search(filters=filters), query, functools.partial(session_out, request))


@router.get("/sessions/{int:session_id}", response={200: SessionOut, **NOT_FOUND, **INVALID})
def session(request: HttpRequest, session_id: SessionId, query: Query[LangQuery]) -> dict[str, Any]:
    """One session of a public group (sessions of unlisted groups: 404)."""
    with translation.override(query.lang):
        return session_out(request, session_get(pk=session_id))
