"""The regional network: sub-regions, municipalities, organizations and their people, venues.

A package by concept (`network`, `organizations`, `invites`, `places`, `embeds`); every model and
validator is re-exported here, so `from venues.models import Venue` is the one way to import them.
Fields, constraints and tiny properties only. Writes go through `venues/services/`, reads through
`venues/selectors.py`.
"""

from venues.models.embeds import EmbedOrigin
from venues.models.invites import OrganizationInvite
from venues.models.network import (
    County,
    Municipality,
    Region,
    business_id_validator,
    county_code_validator,
    municipality_code_validator,
    region_code_validator,
)
from venues.models.organizations import Membership, Organization
from venues.models.places import (
    OpeningException,
    OpeningHours,
    Room,
    Venue,
    VenuePhoto,
    postal_code_validator,
)

__all__ = [
    "County",
    "EmbedOrigin",
    "Membership",
    "Municipality",
    "OpeningException",
    "OpeningHours",
    "Organization",
    "OrganizationInvite",
    "Region",
    "Room",
    "Venue",
    "VenuePhoto",
    "business_id_validator",
    "county_code_validator",
    "municipality_code_validator",
    "postal_code_validator",
    "region_code_validator",
]
