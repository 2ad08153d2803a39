"""Writing what PTV lists for the network into the directory.

Rules (each has a test in tests/directory/test_ptv_import.py):
- Every organization, channel and service is written in its own transaction: a record
  that fails to parse or to save is refused with its reason and leaves nothing behind;
  the rest of the import goes on.
- An unchanged record (same digest of its JSON) is not rewritten; only its
  `last_imported_at` moves, in one bulk update.
- A service or channel PTV no longer lists for a municipality loses that municipality;
  with none left it is unpublished, never deleted (links and history keep working).
- Organizations are matched by PTV id, then by business id (Y-tunnus); a missing one is
  created with its kind derived from PTV's organization type.
- A service location is matched by its PTV channel id; a coordinator's link to one of our
  venues (`Channel.venue`) survives every import. Never a merge by name.
- `dry_run` runs everything inside one outer transaction and rolls it back.
- Speed: the stored digests are read once, so an unchanged record costs no query and no
  transaction; `full_clean` skips uniqueness and foreign-key lookups, which the database
  enforces anyway (an IntegrityError refuses that one record).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from directory.codes import ensure_codes
from directory.models import (
    Channel,
    LifeEvent,
    OrganizationPtvId,
    Service,
    ServiceClass,
    ServiceHours,
    Source,
    TargetGroup,
)
from directory.ptv.client import PtvSource
from directory.ptv.parse import (
    LANGUAGES,
    MalformedRecord,
    ParsedChannel,
    ParsedOrganization,
    ParsedService,
    parse_channel,
    parse_organization,
    parse_service,
)
from directory.slugs import unique_slug
from venues.models import Municipality, Organization

# PTV's organization types to our provider kinds. Parishes are "Organization" in PTV too;
# they are told apart by the Y-tunnus register's legal form, which PTV does not carry, so a
# parish is recognised by its own name ("seurakunta", "församling") when it is created.
ORG_KINDS = {
    "Municipality": Organization.Kind.MUNICIPALITY,
    "RegionalOrganization": Organization.Kind.COUNTY,
    "WellbeingServicesCounty": Organization.Kind.COUNTY,
    "SotePublic": Organization.Kind.COUNTY,
    "State": Organization.Kind.COUNTY,
    "Region": Organization.Kind.COUNTY,
    "Company": Organization.Kind.PRIVATE,
    "SotePrivate": Organization.Kind.PRIVATE,
    "Organization": Organization.Kind.NGO,
}


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unpublished: int = 0
    refused: int = 0


@dataclass
class ImportSummary:
    municipalities: list[str]
    dry_run: bool
    services: Tally = field(default_factory=Tally)
    channels: Tally = field(default_factory=Tally)
    organizations: Tally = field(default_factory=Tally)
    skipped_channels: int = 0
    refusals: list[tuple[str, str, str]] = field(default_factory=list)  # (what, PTV id, reason)

    def refuse(self, what: str, ptv_id: Any, reason: str) -> None:
        getattr(
            self, {"service": "services", "channel": "channels", "organization": "organizations"}[what]
        ).refused += 1
        self.refusals.append((what, str(ptv_id or "?")[:40], reason))


class _DryRun(Exception):
    pass


def _translated(names: dict[str, str], prefix: str) -> dict[str, str]:
    """{'fi': 'x'} -> {'name_fi': 'x', 'name_sv': '', 'name_en': ''}, with the base field in Finnish."""
    values = {f"{prefix}_{lang}": names.get(lang, "") for lang in LANGUAGES}
    values[prefix] = names.get("fi") or next(iter(names.values()), "")
    values[f"{prefix}_fi"] = values[prefix]
    return values


class Importer:
    def __init__(
        self,
        *,
        source: PtvSource,
        municipality_codes: Iterable[str],
        dry_run: bool = False,
        on_step: Callable[[str], None] | None = None,
        on_total: Callable[[int], None] | None = None,
        now: datetime | None = None,
    ) -> None:
        self.source = source
        self.codes = sorted(set(municipality_codes))
        self.summary = ImportSummary(municipalities=self.codes, dry_run=dry_run)
        self.on_step = on_step or (lambda label: None)
        self.on_total = on_total or (lambda total: None)
        self.now = now or timezone.now()

    # -- reading -----------------------------------------------------------------------------
    def run(self) -> ImportSummary:
        ensure_codes()
        self.municipalities = {m.code: m for m in Municipality.objects.filter(code__in=self.codes)}
        service_records: dict[str, tuple[dict[str, Any], set[str]]] = {}
        channel_records: dict[str, tuple[dict[str, Any], set[str]]] = {}
        for code in self.codes:
            for record in self.source.channels_in_municipality(code):
                key = str(record.get("id"))
                channel_records.setdefault(key, (record, set()))[1].add(code)
            for record in self.source.services_in_municipality(code):
                key = str(record.get("id"))
                service_records.setdefault(key, (record, set()))[1].add(code)

        services: list[tuple[ParsedService, set[str]]] = []
        for key, (record, codes) in service_records.items():
            try:
                services.append((parse_service(record), codes))
            except MalformedRecord as exc:
                self.summary.refuse("service", key, str(exc))
        wanted = {cid for parsed, _ in services for cid in parsed.channel_ids}
        missing = wanted - set(channel_records)
        for record in self.source.channels(missing) if missing else []:
            channel_records.setdefault(str(record.get("id")), (record, set()))

        channels: list[tuple[ParsedChannel, set[str]]] = []
        for key, (record, codes) in channel_records.items():
            try:
                parsed = parse_channel(record)
            except MalformedRecord as exc:
                self.summary.refuse("channel", key, str(exc))
                continue
            if parsed is None:
                self.summary.skipped_channels += 1
            else:
                channels.append((parsed, codes))

        org_ids = {p.responsible_id for p, _ in services} | {o for p, _ in services for o in p.producer_ids}
        org_ids |= {p.organization_id for p, _ in channels if p.organization_id}
        organizations = []
        for record in self.source.organizations(org_ids) if org_ids else []:
            try:
                organizations.append(parse_organization(record))
            except MalformedRecord as exc:
                self.summary.refuse("organization", record.get("id"), str(exc))

        self.on_total(len(organizations) + len(channels) + len(services))
        if not self.summary.dry_run:
            self._write(organizations, channels, services)
            return self.summary
        try:
            with transaction.atomic():
                self._write(organizations, channels, services)
                raise _DryRun
        except _DryRun:
            pass
        return self.summary

    # -- writing -----------------------------------------------------------------------------
    def _write(self, organizations, channels, services) -> None:
        self.org_by_ptv: dict[str, Organization] = {
            str(link.ptv_id): link.organization
            for link in OrganizationPtvId.objects.select_related("organization")
        }
        for parsed in organizations:
            self._guard("organization", parsed.ptv_id, self._organization, parsed)
        self.class_ids = dict(ServiceClass.objects.values_list("code", "pk"))
        self.group_ids = dict(TargetGroup.objects.values_list("code", "pk"))
        self.event_ids = dict(LifeEvent.objects.values_list("code", "pk"))
        # What is stored now, read once: an unchanged record costs no query and no transaction.
        channel_state = {
            str(ptv_id): (pk, digest, published)
            for ptv_id, pk, digest, published in Channel.objects.filter(source=Source.PTV).values_list(
                "ptv_id", "pk", "ptv_digest", "is_published"
            )
        }
        service_state = {
            str(ptv_id): (pk, digest, published)
            for ptv_id, pk, digest, published in Service.objects.filter(source=Source.PTV).values_list(
                "ptv_id", "pk", "ptv_digest", "is_published"
            )
        }
        areas: dict[int, set[int]] = defaultdict(set)
        through = Service.municipalities.through.objects.filter(service__source=Source.PTV)
        for service_id, municipality_id in through.values_list("service_id", "municipality_id"):
            areas[service_id].add(municipality_id)
        self.channel_pk: dict[str, int] = {key: state[0] for key, state in channel_state.items()}
        self.unchanged_channels: list[int] = []
        self.unchanged_services: list[int] = []
        for parsed, codes in channels:
            pk, stored, published = channel_state.get(parsed.ptv_id, (None, "", False))
            if pk is not None and published and stored == parsed.digest:
                self.unchanged_channels.append(pk)
                self.summary.channels.unchanged += 1
                self.on_step("channel")
                continue
            self._guard("channel", parsed.ptv_id, self._channel, parsed, codes)
        for parsed, codes in services:
            pk, stored, published = service_state.get(parsed.ptv_id, (None, "", False))
            wanted = {self.municipalities[c].pk for c in codes if c in self.municipalities}
            if pk is not None and published and stored == parsed.digest and wanted <= areas[pk]:
                self.unchanged_services.append(pk)
                self.summary.services.unchanged += 1
                self.on_step("service")
                continue
            self._guard("service", parsed.ptv_id, self._service, parsed, codes)
        Channel.objects.filter(pk__in=self.unchanged_channels).update(last_imported_at=self.now)
        Service.objects.filter(pk__in=self.unchanged_services).update(last_imported_at=self.now)
        self._unpublish({p.ptv_id for p, _ in services}, {p.ptv_id for p, _ in channels})

    def _guard(self, what: str, ptv_id: str, write: Callable[..., None], *args: Any) -> None:
        try:
            with transaction.atomic():
                write(*args)
        except MalformedRecord as exc:
            self.summary.refuse(what, ptv_id, str(exc))
        except ValidationError as exc:
            fields = ", ".join(sorted(exc.message_dict)) if hasattr(exc, "error_dict") else "record"
            self.summary.refuse(what, ptv_id, f"invalid {fields}")
        except DatabaseError as exc:
            self.summary.refuse(what, ptv_id, f"database refused it ({exc.__class__.__name__})")
        self.on_step(what)

    def _organization(self, parsed: ParsedOrganization) -> None:
        organization = self.org_by_ptv.get(parsed.ptv_id)
        tally = self.summary.organizations
        if organization is not None:
            tally.unchanged += 1
            return
        if parsed.business_code:
            organization = Organization.objects.filter(business_id=parsed.business_code).first()
        if organization is None:
            name = parsed.names.get("fi") or next(iter(parsed.names.values()))
            kind = ORG_KINDS.get(parsed.org_type, Organization.Kind.NGO)
            lowered = " ".join(parsed.names.values()).lower()
            if kind == Organization.Kind.NGO and ("seurakunta" in lowered or "församling" in lowered):
                kind = Organization.Kind.PARISH
            municipality = Municipality.objects.filter(code=parsed.municipality_code).first()
            if kind == Organization.Kind.MUNICIPALITY and municipality is None:
                kind = Organization.Kind.COUNTY
            organization = Organization(
                **_translated(parsed.names, "name"),
                slug=unique_slug(Organization, name, limit=100, fallback="jarjesto"),
                kind=kind,
                municipality=municipality if kind != Organization.Kind.COUNTY else None,
                business_id=parsed.business_code if len(parsed.business_code) == 9 else "",
                website=parsed.website if parsed.website.startswith(("http://", "https://")) else "",
                email=parsed.email,
                phone=parsed.phone,
            )
            organization.full_clean()
            organization.save()
            tally.created += 1
        else:
            tally.updated += 1
        OrganizationPtvId.objects.update_or_create(
            ptv_id=parsed.ptv_id,
            defaults={
                "organization": organization,
                "ptv_type": parsed.org_type,
                "ptv_modified": parsed.modified,
            },
        )
        self.org_by_ptv[parsed.ptv_id] = organization

    def _channel(self, parsed: ParsedChannel, codes: set[str]) -> None:
        tally = self.summary.channels
        pk = self.channel_pk.get(parsed.ptv_id)
        channel = Channel.objects.select_for_update().get(pk=pk) if pk else None
        if channel is not None and channel.ptv_digest == parsed.digest and channel.is_published:
            self.unchanged_channels.append(channel.pk)
            tally.unchanged += 1
            return
        created = channel is None
        channel = channel or Channel(source=Source.PTV, ptv_id=parsed.ptv_id)
        values: dict[str, Any] = {
            "kind": parsed.kind,
            **_translated(parsed.names, "name"),
            **_translated(parsed.descriptions, "description"),
            **_translated(parsed.charge_description, "charge_description"),
            **_translated(parsed.street, "street_address"),
            **_translated(parsed.post_office, "post_office"),
            **_translated(parsed.accessibility, "accessibility_text"),
            "organization": self.org_by_ptv.get(parsed.organization_id),
            "phone": parsed.phone,
            "charge": parsed.charge,
            "url": parsed.url,
            "email": parsed.email,
            "municipality": self.municipalities.get(parsed.municipality_code)
            or Municipality.objects.filter(code=parsed.municipality_code).first(),
            "postal_code": parsed.postal_code,
            "latitude": parsed.latitude,
            "longitude": parsed.longitude,
            "languages": ",".join(parsed.languages)[:60],
            "ptv_modified": parsed.modified,
            "ptv_digest": parsed.digest,
            "last_imported_at": self.now,
            "is_published": True,
        }
        for name, value in values.items():
            setattr(channel, name, value)
        channel.full_clean(exclude=["venue", "organization", "municipality"], validate_unique=False)
        channel.save()
        channel.hours.all().delete()
        ServiceHours.objects.bulk_create(
            [
                ServiceHours(
                    channel=channel,
                    kind=h.kind,
                    weekday=h.weekday,
                    opens=h.opens,
                    closes=h.closes,
                    valid_from=h.valid_from,
                    valid_to=h.valid_to,
                    is_closed=h.is_closed,
                    **_translated(h.info, "info"),
                )
                for h in parsed.hours
            ]
        )
        self.channel_pk[parsed.ptv_id] = channel.pk
        if created:
            tally.created += 1
        else:
            tally.updated += 1

    def _service(self, parsed: ParsedService, codes: set[str]) -> None:
        tally = self.summary.services
        responsible = self.org_by_ptv.get(parsed.responsible_id)
        if responsible is None:
            raise MalformedRecord(f"responsible organization {parsed.responsible_id} is not in PTV's answer")
        unknown = [c for c in parsed.service_classes if c not in self.class_ids]
        unknown += [c for c in parsed.target_groups if c not in self.group_ids]
        unknown += [c for c in parsed.life_events if c not in self.event_ids]
        if unknown:
            raise MalformedRecord(f"unknown PTV codes: {', '.join(sorted(unknown))[:80]}")
        service = Service.objects.select_for_update().filter(ptv_id=parsed.ptv_id).first()
        area_ids = {self.municipalities[c].pk for c in codes if c in self.municipalities}
        if service is not None and service.ptv_digest == parsed.digest and service.is_published:
            current = set(service.municipalities.values_list("pk", flat=True))
            if area_ids <= current:
                self.unchanged_services.append(service.pk)
                tally.unchanged += 1
                return
        created = service is None
        if service is None:
            name = parsed.names.get("fi") or next(iter(parsed.names.values()))
            service = Service(
                source=Source.PTV, ptv_id=parsed.ptv_id, slug=unique_slug(Service, name, limit=120)
            )
        values: dict[str, Any] = {
            **_translated(parsed.names, "name"),
            **_translated(parsed.summaries, "summary"),
            **_translated(parsed.descriptions, "description"),
            **_translated(parsed.instructions, "user_instruction"),
            **_translated(parsed.keywords, "keywords"),
            "organization": responsible,
            "charge": parsed.charge,
            "languages": ",".join(parsed.languages)[:60],
            "is_public_service": parsed.is_public,
            "ontology_terms": parsed.ontology_terms,
            "ptv_modified": parsed.modified,
            "ptv_digest": parsed.digest,
            "last_imported_at": self.now,
            "is_published": True,
        }
        for name, value in values.items():
            setattr(service, name, value)
        service.full_clean(exclude=["checked_by", "organization"], validate_unique=False)
        service.save()
        service.service_classes.set([self.class_ids[c] for c in parsed.service_classes])
        service.target_groups.set([self.group_ids[c] for c in parsed.target_groups])
        service.life_events.set([self.event_ids[c] for c in parsed.life_events])
        service.producers.set([self.org_by_ptv[o] for o in parsed.producer_ids if o in self.org_by_ptv])
        service.channels.set([self.channel_pk[c] for c in parsed.channel_ids if c in self.channel_pk])
        outside = [] if created else list(service.municipalities.exclude(code__in=self.codes))
        service.municipalities.set([*outside, *area_ids])
        if created:
            tally.created += 1
        else:
            tally.updated += 1

    def _unpublish(self, seen_services: set[str], seen_channels: set[str]) -> None:
        gone = (
            Service.objects.filter(source=Source.PTV, is_published=True, municipalities__code__in=self.codes)
            .exclude(ptv_id__in=seen_services)
            .distinct()
        )
        requested = [m.pk for m in self.municipalities.values()]
        through = Service.municipalities.through
        for service in gone:
            with transaction.atomic():
                through.objects.filter(service=service, municipality_id__in=requested).delete()
                if not through.objects.filter(service=service).exists():
                    Service.objects.filter(pk=service.pk).update(is_published=False, updated_at=self.now)
                    self.summary.services.unpublished += 1
        # A channel is gone when PTV no longer lists it here and no published service uses it.
        used = Service.channels.through.objects.filter(service__is_published=True).values("channel_id")
        stale = (
            Channel.objects.filter(source=Source.PTV, is_published=True)
            .exclude(ptv_id__in=seen_channels)
            .exclude(pk__in=used)
        )
        stale = stale.filter(municipality__code__in=self.codes) | stale.filter(municipality__isnull=True)
        self.summary.channels.unpublished += stale.update(is_published=False, updated_at=self.now)


def ptv_import(
    *,
    source: PtvSource,
    municipality_codes: Iterable[str],
    dry_run: bool = False,
    on_step: Callable[[str], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import what PTV lists for these municipalities; see the module docstring for the rules."""
    return Importer(
        source=source,
        municipality_codes=municipality_codes,
        dry_run=dry_run,
        on_step=on_step,
        on_total=on_total,
    ).run()
