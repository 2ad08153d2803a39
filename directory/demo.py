"""The demo directory of Varsinais-Suomi, read through the real PTV importer.

`directory/demo_ptv/*.json` are in PTV's v11 JSON shape (fictional services, contacts
and ids: phone numbers in an unused range, `.invalid` emails, `example.fi` sites, no
persons). `V11FileSource` serves them to `directory.ptv.importer`, so the demo exercises
the same parser and writer as `ptv_import`. The demo's own providers are linked to their
PTV ids first, as a coordinator would, so the import matches them instead of creating
twins; a few channels are linked to the demo venues, which the import keeps.
"""

import datetime
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.utils import timezone

from directory.guidance_seed import seed_situations
from directory.models import Channel, OrganizationPtvId, Service
from directory.ptv.client import V11FileSource
from directory.ptv.importer import ptv_import
from venues.models import Municipality, Organization, Venue

FILES = Path(__file__).resolve().parent / "demo_ptv"
DEMO_NAMESPACE = uuid.UUID("0c6a3f4e-7f1d-4c39-8f55-5d0f2b9a7e21")

# Demo channel key (in the files) -> demo venue slug.
VENUES = {
    "neuvola-varissuo": "perhekeskus-varissuo",
    "neuvola-kaarina": "perhekeskus-kaarina",
    "kerho-kupittaa": "kupittaan-seurakuntatalo",
    "klubben-pargas": "pargas-forsamlingshem",
    "radgivning-pargas": "familjecentralen-i-pargas",
    "babyrytmik-kimito": "kimito-forsamlingshem",
    "familjecafe-pargas": "folkhalsan-familjecafe-pargas",
}
# Demo provider slug -> its key in the files.
ORG_KEYS = {
    "varsinais-suomen-hyvinvointialue": "varha",
    "turun-ja-kaarinan-seurakuntayhtyma": "turku-parish",
    "pargas-svenska-forsamling": "pargas-parish",
    "kimitoons-forsamling": "kimito-parish",
    "mll-turku": "mll-turku",
    "folkhalsan-aboland": "folkhalsan",
    "mll-varsinais-suomen-piiri": "tukilinja",
}


def demo_id(key: str) -> str:
    """The fictional PTV id the demo files use for a key ("org:varha", "ch:neuvola-varissuo")."""
    return str(uuid.uuid5(DEMO_NAMESPACE, key))


def seed_demo_directory(*, report: Any, on_step: Callable[[str], None] | None = None, scale: int = 1) -> None:
    """Link the demo providers, import the files, link channels to venues, keep the help
    situations. Idempotent."""
    for slug, key in ORG_KEYS.items():
        organization = Organization.objects.filter(slug=slug).first()
        if organization is not None:
            OrganizationPtvId.objects.get_or_create(
                ptv_id=demo_id(f"org:{key}"), defaults={"organization": organization, "ptv_type": "demo"}
            )
    codes = list(Municipality.objects.values_list("code", flat=True))
    # No progress steps: seed_demo's bar counts the other layers' rows, and these are few.
    summary = ptv_import(source=V11FileSource(FILES), municipality_codes=codes)
    for label, tally in (("services", summary.services), ("service channels", summary.channels)):
        row = report.tally(label)
        row.created, row.updated, row.unchanged = tally.created, tally.updated, tally.unchanged
    for key, slug in VENUES.items():
        venue = Venue.objects.filter(slug=slug).first()
        if venue is not None:
            Channel.objects.filter(ptv_id=demo_id(f"ch:{key}"), venue__isnull=True).update(venue=venue)
    seed_situations(apps)  # "What help fits us?" (a flushed database lost the migration's rows)
    if summary.refusals:  # the files are ours: a refusal is a bug in them
        raise ValueError(f"demo PTV files refused: {summary.refusals[:3]}")
    _seed_unchecked_local_service()


def _seed_unchecked_local_service() -> None:
    """A local entry nobody has checked for eight months: the leader's home flags it (issue 13)."""
    organization = Organization.objects.filter(slug="mll-turku").first()
    if organization is None:
        return
    checked = timezone.now() - datetime.timedelta(days=240)
    Service.objects.get_or_create(
        slug="mll-turku-perhekahvilan-lainakirjasto",
        defaults={
            "name_fi": "Perhekahvilan lainakirjasto",
            "name_sv": "Familjecaféets lånebibliotek",
            "summary_fi": "Lasten kirjoja ja lautapelejä lainaan perhekahvilan aukioloaikoina.",
            "organization": organization,
            "last_checked_at": checked,
        },
    )
