"""v11 JSON records to plain parsed records, or `MalformedRecord` with a reason.

Pure: no database, no HTTP. The importer writes what this returns; the demo reads its
files through the same functions. Anything we cannot trust (no id, no name, a time that
is not a time, coordinates that are not numbers) refuses the whole record, so nothing
is ever half-written.
"""

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from directory.ptv.coords import tm35fin_to_wgs84

LANGUAGES = ("fi", "sv", "en")
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
CHANNEL_KINDS = {"ServiceLocation": "visit", "Phone": "phone", "WebPage": "web", "EChannel": "eservice"}
CHARGES = {
    "chargeable": "charged",
    "charged": "charged",
    "freeofcharge": "free",
    "free": "free",
    "other": "other",
}
CODE_RE = re.compile(r"/code/([A-Z]{1,3}\d+(?:\.\d+)*)$")


class MalformedRecord(Exception):
    """A PTV record we refuse; the message says why (shown in the import summary)."""


Texts = dict[str, str]


@dataclass
class ParsedHours:
    kind: str  # weekly | exceptional
    weekday: int | None = None
    opens: time | None = None
    closes: time | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    is_closed: bool = False
    info: Texts = field(default_factory=dict)


@dataclass
class ParsedOrganization:
    ptv_id: str
    names: Texts
    org_type: str
    business_code: str
    municipality_code: str
    modified: datetime | None
    website: str
    email: str
    phone: str


@dataclass
class ParsedChannel:
    ptv_id: str
    kind: str
    organization_id: str
    names: Texts
    descriptions: Texts
    phone: str
    charge: str
    charge_description: Texts
    url: str
    email: str
    municipality_code: str
    street: Texts
    postal_code: str
    post_office: Texts
    latitude: Decimal | None
    longitude: Decimal | None
    accessibility: Texts
    languages: list[str]
    hours: list[ParsedHours]
    modified: datetime | None
    digest: str


@dataclass
class ParsedService:
    ptv_id: str
    names: Texts
    summaries: Texts
    descriptions: Texts
    instructions: Texts
    keywords: Texts
    responsible_id: str
    producer_ids: list[str]
    charge: str
    languages: list[str]
    is_public: bool
    service_classes: list[str]
    target_groups: list[str]
    life_events: list[str]
    ontology_terms: list[str]
    channel_ids: list[str]
    modified: datetime | None
    digest: str


def digest(record: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _uuid(value: Any, what: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise MalformedRecord(f"{what} is not a PTV id: {str(value)[:60]!r}") from None


def _list(record: dict[str, Any], key: str) -> list[Any]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedRecord(f"{key} is not a list")
    return value


def _texts(items: list[Any], kind: str | None = None, *, limit: int | None = None) -> Texts:
    texts: Texts = {}
    for item in items:
        if not isinstance(item, dict):
            raise MalformedRecord("a text is not an object")
        language, value = item.get("language"), item.get("value")
        if kind is not None and item.get("type") != kind:
            continue
        if language in LANGUAGES and isinstance(value, str) and value.strip() and language not in texts:
            texts[language] = value.strip()[:limit] if limit else value.strip()
    return texts


def _modified(record: dict[str, Any]) -> datetime | None:
    value = record.get("modified")
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise MalformedRecord(f"modified is not a date: {str(value)[:40]!r}") from None
    if moment.tzinfo is None:  # PTV writes UTC without an offset
        moment = moment.replace(tzinfo=UTC)
    return moment


def _time(value: Any) -> time:
    try:
        return time.fromisoformat(str(value)[:8])
    except ValueError:
        raise MalformedRecord(f"opening time is not a time: {str(value)[:20]!r}") from None


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise MalformedRecord(f"a validity date is not a date: {str(value)[:20]!r}") from None


def _charge(value: Any) -> str:
    return CHARGES.get(str(value or "").lower(), "")


def _codes(items: list[Any]) -> list[str]:
    codes = []
    for item in items:
        if isinstance(item, str):
            raw = item
        elif isinstance(item, dict):
            raw = item.get("code") or item.get("uri") or ""
        else:
            raise MalformedRecord("a classification is neither a code nor an object")
        match = CODE_RE.search(raw)
        code = match.group(1) if match else raw.strip()
        if code and code not in codes:
            codes.append(code)
    return codes


def _languages(record: dict[str, Any]) -> list[str]:
    return [lang for lang in _list(record, "languages") if isinstance(lang, str) and len(lang) <= 3]


def parse_hours(items: list[Any]) -> list[ParsedHours]:
    hours: list[ParsedHours] = []
    for item in items:
        if not isinstance(item, dict):
            raise MalformedRecord("service hours are not an object")
        info = _texts(_list(item, "additionalInformation"), limit=250)
        spans = [span for span in _list(item, "openingHour") if isinstance(span, dict)]
        if item.get("serviceHourType") == "Exceptional":
            valid_from = _date(item.get("validFrom"))
            if valid_from is None:
                raise MalformedRecord("exceptional hours without a date")
            valid_to = _date(item.get("validTo")) or valid_from
            if item.get("isClosed") or not spans:
                hours.append(ParsedHours("exceptional", None, None, None, valid_from, valid_to, True, info))
            for span in spans if not item.get("isClosed") else []:
                opens, closes = _time(span.get("from")), _time(span.get("to"))
                hours.append(
                    ParsedHours(
                        "exceptional", None, opens, _closing(opens, closes), valid_from, valid_to, False, info
                    )
                )
            continue
        valid_from, valid_to = _date(item.get("validFrom")), _date(item.get("validTo"))
        if item.get("isAlwaysOpen"):
            for day in range(7):
                hours.append(
                    ParsedHours("weekly", day, time(0), time(23, 59), valid_from, valid_to, False, info)
                )
            continue
        for span in spans:
            day = WEEKDAYS.get(str(span.get("dayFrom") or "").lower())
            if day is None:
                raise MalformedRecord(f"unknown weekday {str(span.get('dayFrom'))[:20]!r}")
            opens, closes = _time(span.get("from")), _time(span.get("to"))
            hours.append(
                ParsedHours("weekly", day, opens, _closing(opens, closes), valid_from, valid_to, False, info)
            )
    return hours


def _closing(opens: time, closes: time) -> time:
    # An opening over midnight (or to 24:00, written 00:00) is shown as open until the end of the day.
    return closes if closes > opens else time(23, 59)


def parse_organization(record: dict[str, Any]) -> ParsedOrganization:
    ptv_id = _uuid(record.get("id"), "organization id")
    names = _texts(_list(record, "organizationNames"), "Name", limit=200)
    if not names:
        raise MalformedRecord("organization has no name")
    municipality = record.get("municipality") or {}
    phones = [p for p in _list(record, "phoneNumbers") if isinstance(p, dict)]
    webs = [w for w in _list(record, "webPages") if isinstance(w, dict)]
    emails = [e for e in _list(record, "emails") if isinstance(e, dict)]
    return ParsedOrganization(
        ptv_id=ptv_id,
        names=names,
        org_type=str(record.get("organizationType") or ""),
        business_code=str(record.get("businessCode") or "").strip(),
        municipality_code=str(municipality.get("code") or "") if isinstance(municipality, dict) else "",
        modified=_modified(record),
        website=str((webs[0].get("url") if webs else "") or "")[:200],
        email=str((emails[0].get("value") if emails else "") or "")[:254],
        phone=_phone(phones[0]) if phones else "",
    )


def _phone(item: dict[str, Any]) -> str:
    prefix, number = str(item.get("prefixNumber") or ""), str(item.get("number") or "")
    if item.get("isFinnishServiceNumber") or not prefix:
        return number.strip()[:40]
    return f"{prefix} {number.lstrip('0')}".strip()[:40]


def parse_channel(record: dict[str, Any]) -> ParsedChannel | None:
    """A parsed channel, or None for a kind families do not use (a printable form)."""
    ptv_id = _uuid(record.get("id"), "channel id")
    kind = CHANNEL_KINDS.get(str(record.get("serviceChannelType") or ""))
    if kind is None:
        if record.get("serviceChannelType") == "PrintableForm":
            return None
        raise MalformedRecord(f"unknown channel type {str(record.get('serviceChannelType'))[:30]!r}")
    names = _texts(_list(record, "serviceChannelNames"), "Name", limit=200)
    if not names:
        raise MalformedRecord("channel has no name")
    descriptions = _texts(_list(record, "serviceChannelDescriptions"), "Description") or _texts(
        _list(record, "serviceChannelDescriptions"), "Summary"
    )
    phones = [p for p in _list(record, "phoneNumbers") if isinstance(p, dict)]
    phone = next((p for p in phones if p.get("type", "Phone") == "Phone"), phones[0] if phones else None)
    urls = [w for w in _list(record, "webPages") if isinstance(w, dict)]
    url = next(
        (str(w.get("url") or w.get("value") or "") for w in urls if w.get("url") or w.get("value")), ""
    )
    emails = [e for e in _list(record, "emails") + _list(record, "supportEmails") if isinstance(e, dict)]
    email = next((str(e.get("value")) for e in emails if e.get("value")), "")
    if kind == "eservice" and "chat" in (url + " " + " ".join(names.values())).lower():
        kind = "chat"  # v11 has no chat type; a chat is an e-channel or web page that says so
    street: Texts = {}
    post_office: Texts = {}
    postal_code = municipality_code = ""
    latitude = longitude = None
    accessibility: Texts = {}
    for address in _list(record, "addresses"):
        if not isinstance(address, dict) or address.get("type") != "Location":
            continue
        street_address = address.get("streetAddress") or {}
        if not isinstance(street_address, dict):
            raise MalformedRecord("streetAddress is not an object")
        number = str(street_address.get("streetNumber") or "").strip()
        street = {
            lang: f"{text} {number}".strip()[:200]
            for lang, text in _texts(_list(street_address, "street")).items()
        }
        post_office = _texts(_list(street_address, "postOffice"), limit=80)
        postal_code = str(street_address.get("postalCode") or "").strip()
        if postal_code and not re.fullmatch(r"\d{5}", postal_code):
            raise MalformedRecord(f"postal code is not five digits: {postal_code[:10]!r}")
        municipality = street_address.get("municipality") or {}
        municipality_code = str(municipality.get("code") or "") if isinstance(municipality, dict) else ""
        north, east = street_address.get("latitude"), street_address.get("longitude")
        if north not in (None, "") and east not in (None, ""):
            try:
                point = tm35fin_to_wgs84(float(north), float(east))
            except (TypeError, ValueError):
                raise MalformedRecord("coordinates are not numbers") from None
            if point is None:
                raise MalformedRecord("coordinates are outside Finland (expected EPSG:3067)")
            latitude, longitude = point
        for entrance in _list(address, "entrances"):
            for group in _list(entrance, "accessibilitySentences") if isinstance(entrance, dict) else []:
                if not isinstance(group, dict):
                    continue
                for sentence in _list(group, "sentences"):
                    for lang, text in _texts(_list(sentence, "sentence")).items():
                        accessibility[lang] = (accessibility.get(lang, "") + "\n" + text).strip()
        break
    if kind == "visit" and not street:
        raise MalformedRecord("service location has no street address")
    return ParsedChannel(
        ptv_id=ptv_id,
        kind=kind,
        organization_id=_uuid(record["organizationId"], "organizationId")
        if record.get("organizationId")
        else "",
        names=names,
        descriptions=descriptions,
        phone=_phone(phone) if phone else "",
        charge=_charge(phone.get("serviceChargeType")) if phone else "",
        charge_description=_texts(
            [{"language": phone.get("language"), "value": phone.get("chargeDescription")}], limit=250
        )
        if phone and phone.get("chargeDescription")
        else {},
        url=url[:500],
        email=email[:254],
        municipality_code=municipality_code,
        street=street,
        postal_code=postal_code,
        post_office=post_office,
        latitude=latitude,
        longitude=longitude,
        accessibility=accessibility,
        languages=_languages(record),
        hours=parse_hours(_list(record, "serviceHours")),
        modified=_modified(record),
        digest=digest(record),
    )


def parse_service(record: dict[str, Any]) -> ParsedService:
    ptv_id = _uuid(record.get("id"), "service id")
    names = _texts(_list(record, "serviceNames"), "Name", limit=200)
    if not names:
        raise MalformedRecord("service has no name")
    descriptions = _list(record, "serviceDescriptions")
    responsible = ""
    producers: list[str] = []
    for link in _list(record, "organizations"):
        if not isinstance(link, dict):
            raise MalformedRecord("an organization link is not an object")
        org = link.get("organization") or {}
        org_id = _uuid(org.get("id") if isinstance(org, dict) else None, "organization id")
        if link.get("roleType") == "Responsible" and not responsible:
            responsible = org_id
        elif link.get("roleType") == "Producer" and org_id not in producers:
            producers.append(org_id)
    if not responsible:
        main = record.get("mainOrganization")  # present in write-shaped files, hidden in v11 reads
        if isinstance(main, dict) and main.get("id"):
            responsible = _uuid(main["id"], "mainOrganization id")
        else:
            raise MalformedRecord("service has no responsible organization")
    channel_ids = []
    for link in _list(record, "serviceChannels"):
        channel = link.get("serviceChannel") if isinstance(link, dict) else None
        if not isinstance(channel, dict):
            raise MalformedRecord("a channel link is not an object")
        channel_ids.append(_uuid(channel.get("id"), "channel id"))
    keywords: dict[str, list[str]] = {}
    for item in _list(record, "keywords"):
        if isinstance(item, dict) and item.get("language") in LANGUAGES and item.get("value"):
            keywords.setdefault(item["language"], []).append(str(item["value"]))
    return ParsedService(
        ptv_id=ptv_id,
        names=names,
        # PTV allows 150 characters in a summary; a longer one is cut at a word, not refused.
        summaries={lang: _cut(text, 150) for lang, text in _texts(descriptions, "Summary").items()},
        descriptions=_texts(descriptions, "Description"),
        instructions=_texts(descriptions, "UserInstruction"),
        keywords={lang: ", ".join(words)[:500] for lang, words in keywords.items()},
        responsible_id=responsible,
        producer_ids=[p for p in producers if p != responsible],
        charge=_charge(record.get("serviceChargeType")) or "free",
        languages=_languages(record),
        is_public=record.get("fundingType", "PubliclyFunded") == "PubliclyFunded",
        service_classes=_codes(_list(record, "serviceClasses")),
        target_groups=_codes(_list(record, "targetGroups")),
        life_events=_codes(_list(record, "lifeEvents")),
        ontology_terms=[
            str(t.get("uri") if isinstance(t, dict) else t) for t in _list(record, "ontologyTerms") if t
        ][:10],
        channel_ids=channel_ids,
        modified=_modified(record),
        digest=digest(record),
    )


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
