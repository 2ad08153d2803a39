"""What the directory's pages and JSON-LD show of a service: plain rows for the templates.

Pure functions over prefetched objects (no queries of their own).
"""

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accessibility.rules import Viewpoint
from accessibility.sentences import verdict_sentence
from directory.hours import hours_on, weekly_table
from directory.models import Channel, Charge, Service
from venues.models import OpeningHours, Organization

WEEKDAY_NAMES = dict(OpeningHours.Weekday.choices)


@dataclass
class ChannelRow:
    channel: Channel
    kind_label: str
    today: str
    open_now: bool | None  # None: hours unknown
    week: list[tuple[str, str]]
    pram: str
    charge: str
    address: str


def _charge_text(channel: Channel) -> str:
    if channel.kind != Channel.Kind.PHONE:
        return ""
    text = {Charge.FREE: _("Free call"), Charge.CHARGED: _("Normal call charge"), Charge.OTHER: ""}.get(
        channel.charge, ""
    )
    return " ".join(part for part in (text, channel.charge_description) if part)


def channel_row(channel: Channel, now: datetime.datetime) -> ChannelRow:
    rows = list(channel.hours.all())
    today = hours_on(rows, now.date())
    pram = ""
    venue = channel.venue
    survey = getattr(venue, "accessibility", None) if venue is not None else None
    if venue is not None:
        pram = str(verdict_sentence(Viewpoint.PRAM, survey.pram_verdict if survey else "unknown"))
    if venue is not None:
        address = f"{venue.street_address}, {venue.postal_code} {venue.post_office}"
    else:
        address = ", ".join(
            p for p in (channel.street_address, f"{channel.postal_code} {channel.post_office}".strip()) if p
        )
    if not today.known:
        today_label, open_now = "", None
    elif today.closed:
        today_label, open_now = _("closed today"), False
    else:
        today_label, open_now = today.label(), today.open_at(now.time())
    return ChannelRow(
        channel=channel,
        kind_label=str(channel.get_kind_display()),
        today=today_label,
        open_now=open_now,
        week=[(str(WEEKDAY_NAMES[day]), label) for day, label in weekly_table(rows)],
        pram=pram,
        charge=_charge_text(channel),
        address=address if channel.kind == Channel.Kind.VISIT else "",
    )


def source_line(service: Service) -> str:
    when = service.updated_on
    day = date_format(when.date(), "j.n.Y") if when else ""
    if service.is_from_ptv:
        return _("Source: Finnish Service Catalogue, updated %(date)s") % {"date": day}
    return _("Source: the provider, checked %(date)s") % {"date": day}


PUBLIC_KINDS = (Organization.Kind.MUNICIPALITY, Organization.Kind.COUNTY)


def service_jsonld(request: Any, service: Service, rows: list[ChannelRow]) -> SafeString:
    """schema.org `GovernmentService` for public providers' publicly funded services, else `Service`."""
    public = service.is_public_service and service.organization.kind in PUBLIC_KINDS
    provider = {
        "@type": "GovernmentOrganization" if public else "Organization",
        "name": service.organization.name,
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService" if public else "Service",
        "name": service.name,
        "url": request.build_absolute_uri(reverse("services:detail", kwargs={"slug": service.slug})),
        "provider": provider,
        "areaServed": [{"@type": "City", "name": m.name} for m in service.municipalities.all()],
        "serviceType": [c.label(request.LANGUAGE_CODE) for c in service.service_classes.all()],
        "availableChannel": [],
    }
    if service.summary:
        data["description"] = service.summary
    if public:
        data["serviceOperator"] = provider
    for row in rows:
        channel = row.channel
        entry: dict[str, Any] = {"@type": "ServiceChannel", "name": channel.name}
        if channel.phone:
            entry["servicePhone"] = {"@type": "ContactPoint", "telephone": channel.phone}
        if channel.url:
            entry["serviceUrl"] = channel.url
        if channel.kind == Channel.Kind.VISIT and row.address:
            place: dict[str, Any] = {"@type": "Place", "name": channel.name, "address": row.address}
            if channel.latitude is not None:
                place["geo"] = {
                    "@type": "GeoCoordinates",
                    "latitude": float(channel.latitude),
                    "longitude": float(channel.longitude),
                }
            entry["serviceLocation"] = place
        data["availableChannel"].append(entry)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
