"""A PTV-shaped HTTP server on loopback, and builders for v11-shaped records.

Serves what the importer reads, in PTV's v11 shapes: the area lists in pages
(`pageNumber`, `pageSize`, `pageCount`, `itemList`, first page 1) and `list?guids=`.
Faults are scripted per path prefix: `fail_once` answers 500 the first time,
`slow_once` waits longer than the client's timeout the first time, `always_slow` always.
Used by tests/directory and bench/bench_ptv_import.py.
"""

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

NS = uuid.UUID("6f1e0b4e-2b8c-4b59-9d0e-3d4c1f7a9a10")


def pid(name: str) -> str:
    """A stable fake PTV id for a name."""
    return str(uuid.uuid5(NS, name))


def texts(value: str, kind: str = "Name", language: str = "fi") -> list[dict[str, str]]:
    return [{"type": kind, "language": language, "value": value}]


def organization(
    name: str, *, org_type: str = "Organization", business_code: str = "", municipality: str = ""
) -> dict:
    return {
        "id": pid(f"org:{name}"),
        "organizationType": org_type,
        "businessCode": business_code,
        "organizationNames": texts(name),
        "municipality": {"code": municipality} if municipality else None,
        "publishingStatus": "Published",
        "modified": "2026-11-01T08:00:00",
    }


def location(
    name: str,
    *,
    org: str,
    municipality: str,
    street: str = "Kauppiaskatu",
    number: str = "1",
    north: Any = "6711000",
    east: Any = "240000",
    modified: str = "2026-11-02T08:00:00",
) -> dict:
    return {
        "id": pid(f"channel:{name}"),
        "serviceChannelType": "ServiceLocation",
        "organizationId": pid(f"org:{org}"),
        "serviceChannelNames": texts(name),
        "serviceChannelDescriptions": texts(f"{name}: kuvaus", "Description"),
        "languages": ["fi"],
        "phoneNumbers": [
            {
                "type": "Phone",
                "prefixNumber": "+358",
                "number": "0401234567",
                "isFinnishServiceNumber": False,
                "serviceChargeType": "FreeOfCharge",
                "language": "fi",
            }
        ],
        "addresses": [
            {
                "type": "Location",
                "subType": "Single",
                "country": "FI",
                "streetAddress": {
                    "street": [{"value": street, "language": "fi"}],
                    "streetNumber": number,
                    "postalCode": "20100",
                    "postOffice": [{"value": "TURKU", "language": "fi"}],
                    "municipality": {"code": municipality, "name": []},
                    "latitude": north,
                    "longitude": east,
                },
                "entrances": [
                    {
                        "isMainEntrance": True,
                        "accessibilitySentences": [
                            {
                                "sentenceGroup": texts("Sisäänkäynti", "Name"),
                                "sentences": [
                                    {
                                        "sentence": [
                                            {"language": "fi", "value": "Sisäänkäynnillä ei ole portaita."}
                                        ]
                                    }
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
        "serviceHours": [
            {
                "serviceHourType": "DaysOfTheWeek",
                "validForNow": True,
                "isClosed": False,
                "openingHour": [
                    {"dayFrom": day, "from": "08:00:00", "to": "16:00:00"}
                    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
                ],
            },
            {
                "serviceHourType": "Exceptional",
                "validFrom": "2026-12-24T00:00:00",
                "validTo": "2026-12-26T00:00:00",
                "isClosed": True,
                "openingHour": [],
            },
        ],
        "areas": [{"type": "Municipality", "code": municipality}],
        "publishingStatus": "Published",
        "modified": modified,
    }


def phone(name: str, *, org: str, number: str = "0800123123", charge: str = "FreeOfCharge") -> dict:
    return {
        "id": pid(f"channel:{name}"),
        "serviceChannelType": "Phone",
        "organizationId": pid(f"org:{org}"),
        "serviceChannelNames": texts(name),
        "languages": ["fi", "sv"],
        "phoneNumbers": [
            {
                "type": "Phone",
                "prefixNumber": "+358",
                "number": number,
                "isFinnishServiceNumber": True,
                "serviceChargeType": charge,
                "language": "fi",
            }
        ],
        "serviceHours": [
            {
                "serviceHourType": "DaysOfTheWeek",
                "openingHour": [{"dayFrom": "Monday", "from": "09:00:00", "to": "15:00:00"}],
            }
        ],
        "areaType": "Nationwide",
        "publishingStatus": "Published",
        "modified": "2026-11-02T08:00:00",
    }


def service(
    name: str,
    *,
    org: str,
    municipalities: list[str],
    channels: list[str] = (),
    classes: list[str] = ("P5.2",),
    summary: str = "Lyhyt kuvaus.",
    modified: str = "2026-11-03T08:00:00",
) -> dict:
    return {
        "id": pid(f"service:{name}"),
        "type": "Service",
        "fundingType": "PubliclyFunded",
        "serviceChargeType": "FreeOfCharge",
        "serviceNames": texts(name),
        "serviceDescriptions": [
            {"type": "Summary", "language": "fi", "value": summary},
            {"type": "Description", "language": "fi", "value": f"{name}: pitkä kuvaus."},
        ],
        "languages": ["fi"],
        "keywords": [{"language": "fi", "value": "perhe"}],
        "serviceClasses": [
            {"code": c, "uri": f"http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/{c}"} for c in classes
        ],
        "targetGroups": [
            {"code": "KR1.2", "uri": "http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat/code/KR1.2"}
        ],
        "lifeEvents": [{"code": "KE1", "uri": "http://uri.suomi.fi/codelist/ptv/ptvelti/code/KE1"}],
        "ontologyTerms": [],
        "areaType": "LimitedType",
        "areas": [{"type": "Municipality", "code": code} for code in municipalities],
        "organizations": [
            {"organization": {"id": pid(f"org:{org}"), "name": org}, "roleType": "Responsible"}
        ],
        "serviceChannels": [{"serviceChannel": {"id": pid(f"channel:{c}"), "name": c}} for c in channels],
        "publishingStatus": "Published",
        "modified": modified,
    }


class FakePtv:
    """The data and scripted faults behind one server."""

    def __init__(self, *, page_size: int = 2, delay: float = 1.0) -> None:
        self.page_size = page_size
        self.delay = delay
        self.services: dict[str, list[dict]] = {}
        self.channels: dict[str, list[dict]] = {}
        self.by_id: dict[str, dict] = {}  # channels reachable by id only
        self.organizations: dict[str, dict] = {}
        self.fail_once: set[str] = set()
        self.slow_once: set[str] = set()
        self.always_slow: set[str] = set()
        self.requests: list[str] = []
        self._lock = threading.Lock()

    def add_organization(self, record: dict) -> None:
        self.organizations[record["id"]] = record

    def add_service(self, record: dict) -> None:
        for area in record["areas"]:
            self.services.setdefault(area["code"], []).append(record)

    def add_channel(self, record: dict, municipality: str | None = None) -> None:
        self.by_id[record["id"]] = record
        if municipality:
            self.channels.setdefault(municipality, []).append(record)

    def remove_service(self, service_id: str) -> None:
        for records in self.services.values():
            records[:] = [r for r in records if r["id"] != service_id]

    def _fault(self, path: str) -> str:
        with self._lock:
            for prefix in list(self.fail_once):
                if path.startswith(prefix):
                    self.fail_once.discard(prefix)
                    return "fail"
            for prefix in list(self.slow_once):
                if path.startswith(prefix):
                    self.slow_once.discard(prefix)
                    return "slow"
            if any(path.startswith(prefix) for prefix in self.always_slow):
                return "slow"
        return ""

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        path = path.removeprefix("/api/v11/")
        self.requests.append(path)
        fault = self._fault(path)
        if fault == "fail":
            return 500, {"error": "Internal server error"}
        if fault == "slow":
            time.sleep(self.delay)
        parts = path.split("/")
        if path.startswith(
            ("Service/list/area/Municipality/code/", "ServiceChannel/list/area/Municipality/code/")
        ):
            table = self.services if parts[0] == "Service" else self.channels
            return 200, self._page(table.get(parts[-1], []), int(query.get("page", ["1"])[0]))
        guids = [g for g in query.get("guids", [""])[0].split(",") if g]
        if path == "ServiceChannel/list":
            return 200, [self.by_id[g] for g in guids if g in self.by_id]
        if path == "Organization/list":
            return 200, [self.organizations[g] for g in guids if g in self.organizations]
        return 404, {"error": "not found"}

    def _page(self, items: list[dict], page: int) -> dict:
        count = (len(items) + self.page_size - 1) // self.page_size
        start = (page - 1) * self.page_size
        chunk = items[start : start + self.page_size] if page >= 1 else []
        return {"pageNumber": page, "pageSize": self.page_size, "pageCount": count, "itemList": chunk}


@contextmanager
def serve(fake: FakePtv) -> Iterator[str]:
    """Run the server on 127.0.0.1 on a free port; yields the base URL (…/api/v11/)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            status, body = fake.answer(url.path, parse_qs(url.query))
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout test)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v11/"
    finally:
        server.shutdown()
        server.server_close()
