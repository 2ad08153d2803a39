"""A local service as PTV's v11 write payload (`POST /api/v11/Service`), checked against PTV's rules.

Offered only when it passes (PTV.md §9 and the test-environment findings it cites): a
Finnish name; a summary of at most 150 characters and a description in every language
given; 1–4 service classes, at least one of them a sub-class; at least one target group;
1–10 ontology terms (KOKO URIs, required without a general description); an area; a
responsible organization with a PTV id; `publishingStatus` never `Modified`; and our own
stable `sourceId`. Pushing needs the organization's own PTV API user (docs/ptv.md); this
module never talks to PTV.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from directory.models import Service
from directory.ptv.parse import LANGUAGES

MAX_CLASSES = 4
MAX_ONTOLOGY_TERMS = 10
MAX_SUMMARY = 150


@dataclass
class Export:
    problems: list[dict[str, str]] = field(default_factory=list)
    payload: dict[str, Any] | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    def problem(self, code: str, message: str) -> None:
        self.problems.append({"code": code, "message": message})


def _texts(service: Service, field_name: str, kind: str | None = None) -> list[dict[str, str]]:
    items = []
    for lang in LANGUAGES:
        value = (getattr(service, f"{field_name}_{lang}", "") or "").strip()
        if value:
            item = {"language": lang, "value": value}
            if kind:
                item = {"type": kind, **item}
            items.append(item)
    return items


def ptv_payload(service: Service) -> Export:
    export = Export()
    if service.is_from_ptv:
        export.problem("from_ptv", _("This service is already in PTV; edit it there."))
        return export
    if not (service.name_fi or "").strip():
        export.problem("name_fi", _("Give the service a name in Finnish."))
    for lang in LANGUAGES:
        summary = getattr(service, f"summary_{lang}", "") or ""
        if len(summary) > MAX_SUMMARY:
            export.problem("summary_length", _("The summary is longer than 150 characters."))
    if not (service.summary_fi or "").strip():
        export.problem("summary_fi", _("Write a short summary in Finnish."))
    if not (service.description_fi or "").strip():
        export.problem("description_fi", _("Write a description in Finnish."))
    classes = list(service.service_classes.all())
    if not classes:
        export.problem("service_classes", _("Choose what kind of service it is."))
    elif all(c.is_main for c in classes):
        export.problem("sub_class", _("Choose at least one more specific kind of service."))
    if len(classes) > MAX_CLASSES:
        export.problem("too_many_classes", _("Choose at most four kinds of service."))
    groups = list(service.target_groups.all())
    if not groups:
        export.problem("target_groups", _("Choose who the service is for."))
    terms = [t for t in service.ontology_terms if isinstance(t, str) and t]
    if not terms:
        export.problem("ontology_terms", _("Add at least one keyword from the KOKO ontology."))
    if len(terms) > MAX_ONTOLOGY_TERMS:
        export.problem("too_many_terms", _("Use at most ten KOKO keywords."))
    areas = sorted(m.code for m in service.municipalities.all())
    if not areas:
        export.problem("area", _("Choose the municipalities where the service is offered."))
    link = getattr(service.organization, "ptv", None)
    if link is None:
        export.problem(
            "organization", _("The organization is not in PTV yet, so the service cannot be sent.")
        )
    if not export.valid:
        return export
    descriptions = _texts(service, "summary", "Summary") + _texts(service, "description", "Description")
    descriptions += _texts(service, "user_instruction", "UserInstruction")
    export.payload = {
        "sourceId": service.source_id,
        "type": "Service",
        "fundingType": "PubliclyFunded" if service.is_public_service else "MarketFunded",
        "serviceChargeType": {"free": "FreeOfCharge", "charged": "Chargeable"}.get(service.charge, "Other"),
        "serviceNames": _texts(service, "name", "Name"),
        "serviceDescriptions": descriptions,
        "languages": service.language_list or ["fi"],
        "keywords": _texts(service, "keywords"),
        "serviceClasses": [c.uri for c in classes],
        "targetGroups": [g.uri for g in groups],
        "lifeEvents": [e.uri for e in service.life_events.all()],
        "ontologyTerms": terms,
        "areaType": "LimitedType",
        "areas": [{"type": "Municipality", "areaCodes": areas}],
        "serviceProducers": [{"provisionType": "SelfProducedServices", "organizations": [str(link.ptv_id)]}],
        "mainResponsibleOrganization": str(link.ptv_id),
        "publishingStatus": "Published",
    }
    return export
