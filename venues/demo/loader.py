"""Writes the demo network of `venues/demo/network.py` into the database.

Idempotent: every row is looked up by its natural key (code, slug, email, or
user and organization) and written only when a field differs, so running the
load again changes nothing, not even `updated_at` or a password hash. It never
deletes: after `--scale 3`, a later `--scale 1` leaves the generated chapters in
place (start from an empty database to shrink).

The demo accounts share a published password. They are created here, when an
operator runs `seed_demo`, and never by a migration.
"""

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction

from accounts.models import User
from venues.demo import network
from venues.models import County, Membership, Municipality, Organization, Region

Outcome = Literal["created", "updated", "unchanged"]
M = TypeVar("M", bound=models.Model)
Step = Callable[[str], None]

# The tables the demo network writes, in the order it writes them (for reports and tests).
SEEDED_MODELS: tuple[type[models.Model], ...] = (
    County,
    Region,
    Municipality,
    Organization,
    User,
    EmailAddress,
    Membership,
)


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    roles: str  # "coordinator – Turun kaupunki", in the user's language, for the summary


@dataclass(frozen=True)
class SummaryTable:
    """Counts for the summary, one row per label: e.g. verdicts per viewpoint, added by a later layer."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]


@dataclass
class SeedReport:
    scale: int
    tallies: dict[str, Tally] = field(default_factory=dict)
    organizations_by_kind: dict[str, int] = field(default_factory=dict)
    venues_by_kind: dict[str, int] = field(default_factory=dict)
    tables: list[SummaryTable] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)
    password: str = network.DEMO_PASSWORD

    def tally(self, label: str) -> Tally:
        return self.tallies.setdefault(label, Tally())


def step_count(*, scale: int = 1) -> int:
    """How many rows `seed_demo_network` visits at `scale`: the total for a progress bar."""
    users = len(network.DEMO_USERS)
    memberships = sum(len(user.memberships) for user in network.DEMO_USERS)
    return (
        len(network.COUNTIES)
        + len(network.SUB_REGIONS)
        + len(network.MUNICIPALITIES)
        + len(network.providers(scale))
        + 2 * users  # the account and its verified email address
        + memberships
    )


@transaction.atomic
def seed_demo_network(*, scale: int = 1, on_step: Step | None = None) -> SeedReport:
    """Load the demo network at `scale` in one transaction and report what changed.

    `on_step(label)` is called once per row visited, e.g. to advance a progress bar.
    """
    providers = network.providers(scale)  # raises ValueError for scale < 1, before any write
    step = on_step or (lambda _label: None)
    report = SeedReport(scale=scale)

    counties = _load_counties(report, step)
    regions = _load_sub_regions(report, step, counties)
    municipalities = _load_municipalities(report, step, regions)
    organizations = _load_organizations(report, step, providers, regions, municipalities)
    _link_county_organizations(organizations)
    _load_demo_users(report, step, organizations)

    kinds = Counter(provider.kind for provider in providers)
    report.organizations_by_kind = {kind: kinds[kind] for kind in Organization.Kind.values}
    return report


def _load_counties(report: SeedReport, step: Step) -> dict[str, int]:
    """The counties, keyed by sub-region code (each sub-region's county id)."""
    ids = {}
    known = existing(County, "code", [row.code for row in network.COUNTIES])
    for row in network.COUNTIES:
        county, outcome = upsert(
            County,
            {"code": row.code},
            {"slug": row.slug, "name_fi": row.name_fi, "name_sv": row.name_sv, "name_en": row.name_en},
            known=known,
        )
        ids.update(dict.fromkeys(row.regions, county.pk))
        report.tally("counties").add(outcome)
        step("counties")
    return ids


def _link_county_organizations(organizations: dict[str, Organization]) -> None:
    """Tie each county to its own organization once both exist; an unchanged row is not written."""
    for row in network.COUNTIES:
        organization = organizations.get(row.organization)
        if organization is not None:
            County.objects.filter(code=row.code).exclude(organization=organization).update(
                organization=organization
            )


def _load_sub_regions(report: SeedReport, step: Step, counties: dict[str, int]) -> dict[str, int]:
    ids = {}
    known = existing(Region, "code", [row.code for row in network.SUB_REGIONS])
    for row in network.SUB_REGIONS:
        region, outcome = upsert(
            Region,
            {"code": row.code},
            {
                "slug": row.slug,
                "name_fi": row.name_fi,
                "name_sv": row.name_sv,
                "name_en": row.name_en,
                "county_id": counties.get(row.code),
            },
            known=known,
        )
        ids[row.code] = region.pk
        report.tally("sub-regions").add(outcome)
        step("sub-regions")
    return ids


def _load_municipalities(report: SeedReport, step: Step, regions: dict[str, int]) -> dict[str, int]:
    ids = {}
    known = existing(Municipality, "code", [row.code for row in network.MUNICIPALITIES])
    for row in network.MUNICIPALITIES:
        municipality, outcome = upsert(
            Municipality,
            {"code": row.code},
            {
                "slug": row.slug,
                "name_fi": row.name_fi,
                "name_sv": row.name_sv,
                "name_en": row.name_fi,  # English uses the Finnish name
                "region_id": regions[row.region],
                "languages": row.languages,
            },
            known=known,
        )
        ids[row.code] = municipality.pk
        report.tally("municipalities").add(outcome)
        step("municipalities")
    return ids


def _load_organizations(
    report: SeedReport,
    step: Step,
    providers: Sequence[network.Provider],
    regions: dict[str, int],
    municipalities: dict[str, int],
) -> dict[str, Organization]:
    organizations = {}
    known = existing(Organization, "slug", [row.slug for row in providers])
    for row in providers:
        organization, outcome = upsert(
            Organization,
            {"slug": row.slug},
            {
                "kind": row.kind,
                "name_fi": row.name_fi,
                "name_sv": row.name_sv,
                "name_en": row.name_en,
                "municipality_id": municipalities[row.municipality] if row.municipality else None,
                "region_id": regions[row.region] if row.region else None,
                "website": row.website,
                "email": row.email,
                "is_active": True,
            },
            known=known,
        )
        organizations[row.slug] = organization
        report.tally("organizations").add(outcome)
        step("organizations")
    return organizations


def _load_demo_users(report: SeedReport, step: Step, organizations: dict[str, Organization]) -> None:
    passwords = _DemoPassword()
    known = existing(User, "email", [row.email for row in network.DEMO_USERS])
    for row in network.DEMO_USERS:
        user, outcome = upsert(
            User,
            {"email": row.email},
            {
                "first_name": row.first_name,
                "last_name": row.last_name,
                "preferred_language": row.language,
                "is_active": True,
                "is_staff": row.is_superuser,
                "is_superuser": row.is_superuser,
            },
            known=known,
            prepare=passwords.apply,
        )
        report.tally("users").add(outcome)
        step("users")

        # allauth refuses an unverified address under mandatory verification; a
        # verified primary address lets the demo login work at once.
        _address, outcome = upsert(
            EmailAddress, {"user_id": user.pk, "email": row.email}, {"primary": True, "verified": True}
        )
        report.tally("email addresses").add(outcome)
        step("email addresses")

        roles = []
        for slug, role in row.memberships:
            organization = organizations[slug]
            _membership, outcome = upsert(
                Membership, {"user_id": user.pk, "organization_id": organization.pk}, {"role": role}
            )
            name = getattr(organization, f"name_{row.language}") or organization.name_fi
            roles.append(f"{role} – {name}")
            report.tally("memberships").add(outcome)
            step("memberships")
        if row.is_superuser:
            roles.append("superuser, admin site")
        report.logins.append(DemoLogin(email=row.email, roles="; ".join(roles)))


class _DemoPassword:
    """Gives every demo account the demo password, hashing as little as possible.

    A fresh hash has a fresh salt, so the password is rewritten only when the stored
    one does not verify; that keeps a second run from changing the table. Each
    distinct stored hash is checked once, and one new hash serves the whole run.
    """

    def __init__(self) -> None:
        self._verified: dict[str, bool] = {}
        self._new_hash: str | None = None

    def apply(self, user: User) -> bool:
        """Set the demo password on `user` unless it already has it; True if it changed."""
        stored = user.password
        if stored not in self._verified:
            self._verified[stored] = bool(stored) and check_password(network.DEMO_PASSWORD, stored)
        if self._verified[stored]:
            return False
        if self._new_hash is None:
            self._new_hash = make_password(network.DEMO_PASSWORD)
            self._verified[self._new_hash] = True
        user.password = self._new_hash
        return True


def existing(model: type[M], field: str, keys: Sequence[Any]) -> dict[Any, M]:
    """The rows of `model` whose unique `field` is one of `keys`, fetched in one query."""
    return model._default_manager.in_bulk(keys, field_name=field)


def upsert(
    model: type[M],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    known: Mapping[Any, M] | None = None,
    prepare: Callable[[M], bool] | None = None,
    to_create: list[M] | None = None,
) -> tuple[M, Outcome]:
    """Find the row by `lookup` and give it `values`, saving only if something differs.

    Unlike `update_or_create`, an unchanged row is not saved at all, so `auto_now`
    fields keep their value and a second run leaves the table as it was.
    `known` holds rows already fetched, to spare a query per row: by `existing()`
    for a one-field lookup (keyed by its value), or keyed by the tuple of the
    lookup's values in order, e.g. `(venue_id, weekday, opens)`. `prepare(instance)`
    may change further fields and returns whether it did. With `to_create`, a new
    row is validated and appended there instead of saved, for the caller to write
    many at once with `bulk_create`; it has no primary key until then.

    A written row passes the model's field validators (codes, slugs, URLs, emails,
    choices). Uniqueness, check constraints and foreign keys are left to the
    database, which enforces them anyway: checking them in Python would cost a
    query each, per row, and any violation still rolls the whole load back.
    """
    if known is None:
        instance = model._default_manager.filter(**lookup).first()
    else:
        key = tuple(lookup.values())
        instance = known.get(key[0] if len(key) == 1 else key)
    created = instance is None
    if created:
        instance = model(**lookup, **values)
        changed = True
    else:
        changed = False
        for name, value in values.items():
            if getattr(instance, name) != value:
                setattr(instance, name, value)
                changed = True
    if prepare is not None:
        changed = prepare(instance) or changed
    if not changed:
        return instance, "unchanged"
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    if created and to_create is not None:
        to_create.append(instance)
    else:
        instance.save()
    return instance, "created" if created else "updated"
