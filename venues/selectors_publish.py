"""What a coordinator may publish on their own site: the places their organization's calendar covers.

Reads only; the actor must coordinate the organization (or be a platform admin), exactly as
for managing its members. Never writes.
"""

from dataclasses import dataclass

from venues.models import Municipality, Organization, Region, Venue
from venues.permissions import Actor
from venues.selectors import organization_get_for_management


@dataclass(frozen=True)
class PublishingTargets:
    """The organization, its home municipality or sub-region, and those of its active venues."""

    organization: Organization
    municipalities: list[Municipality]
    regions: list[Region]
    venues: list[Venue]


def publishing_targets_get(*, actor: Actor, slug: str) -> PublishingTargets:
    """For the "Publish on your website" page. PermissionRefused "not_found" for someone who is
    not a member, "forbidden" for a member who is not a coordinator. Three queries."""
    organization = organization_get_for_management(actor=actor, slug=slug)
    venues = list(
        Venue.objects.filter(organization=organization, is_active=True)
        .select_related("municipality__region")
        .order_by("name_fi", "pk")
    )
    municipalities: dict[int, Municipality] = {}
    regions: dict[int, Region] = {}
    if organization.municipality_id is not None:
        municipality = Municipality.objects.select_related("region").get(pk=organization.municipality_id)
        municipalities[municipality.pk] = municipality
    if organization.region is not None:
        regions[organization.region.pk] = organization.region
    for venue in venues:
        municipalities.setdefault(venue.municipality_id, venue.municipality)
    for municipality in municipalities.values():
        regions.setdefault(municipality.region_id, municipality.region)
    return PublishingTargets(
        organization=organization,
        municipalities=sorted(municipalities.values(), key=lambda m: m.code),
        regions=sorted(regions.values(), key=lambda r: r.code),
        venues=venues,
    )
