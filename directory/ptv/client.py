"""The PTV source interface and its v11 implementations (HTTP and files).

PTV's v11 lists come in pages `{pageNumber, pageSize, pageCount, itemList}`; page
numbering starts from one (PTV's own OpenAPI text: "The page to be fetched. Page
numbering starts from one."). We ask for pages 1..pageCount and also stop at the first
empty page, so a server that answers a page past the end with an empty list, or that
reports pageCount 0, ends the loop either way.

The HTTP client never hangs and never gives up at the first hiccup: every request has a
connect and read timeout, and 5xx answers, refused connections and read timeouts are
retried with exponential backoff by urllib3's `Retry`. Only GETs are sent.
"""

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

BATCH = 100  # PTV's limit for `list?guids=`


class PtvUnavailable(Exception):
    """PTV did not answer usefully even after the retries; the import stops without writing more."""


class PtvSource(Protocol):
    """What the importer needs from PTV. Records are v11-shaped dicts."""

    def services_in_municipality(self, code: str) -> Iterator[dict[str, Any]]: ...

    def channels_in_municipality(self, code: str) -> Iterator[dict[str, Any]]: ...

    def channels(self, ids: Iterable[str]) -> list[dict[str, Any]]: ...

    def organizations(self, ids: Iterable[str]) -> list[dict[str, Any]]: ...


def _batches(ids: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


class V11HttpClient:
    """PTV's v11 read API over HTTP (no authentication for published data)."""

    def __init__(
        self, base_url: str, *, timeout: float = 20.0, retries: int = 4, backoff: float = 0.5
    ) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = (min(timeout, 10.0), timeout)  # (connect, read)
        self.session = requests.Session()
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=backoff,
            status_forcelist=(500, 502, 503, 504),
            allowed_methods=frozenset({"GET"}),
            raise_on_status=False,
            respect_retry_after_header=True,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update({"Accept": "application/json", "User-Agent": "perhekeskus-ptv-import"})
        self.requests_made = 0

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        url = self.base_url + path
        self.requests_made += 1
        try:
            response = self.session.get(url, params=params, timeout=self.timeout)
        except requests.RequestException as exc:
            raise PtvUnavailable(f"PTV did not answer {path}: {exc.__class__.__name__}") from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise PtvUnavailable(f"PTV answered {response.status_code} to {path}")
        try:
            return response.json()
        except ValueError as exc:
            raise PtvUnavailable(f"PTV answered {path} with something that is not JSON") from exc

    def _pages(self, path: str) -> Iterator[dict[str, Any]]:
        page = 1
        while True:
            body = self.get(path, {"page": page})
            if not isinstance(body, dict):
                return
            items = body.get("itemList") or []
            yield from (item for item in items if isinstance(item, dict))
            page_count = body.get("pageCount") or 0
            if not items or page >= page_count:
                return
            page += 1

    def services_in_municipality(self, code: str) -> Iterator[dict[str, Any]]:
        return self._pages(f"Service/list/area/Municipality/code/{quote(code)}")

    def channels_in_municipality(self, code: str) -> Iterator[dict[str, Any]]:
        return self._pages(f"ServiceChannel/list/area/Municipality/code/{quote(code)}")

    def _list(self, path: str, ids: Iterable[str]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for batch in _batches(ids):
            body = self.get(path, {"guids": ",".join(batch)})
            if isinstance(body, list):
                found += [item for item in body if isinstance(item, dict)]
            elif isinstance(body, dict):  # some list endpoints wrap in a page
                found += [item for item in body.get("itemList") or [] if isinstance(item, dict)]
        return found

    def channels(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        return self._list("ServiceChannel/list", ids)

    def organizations(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        return self._list("Organization/list", ids)


class V11FileSource:
    """v11-shaped JSON files in a folder: services.json, channels.json, organizations.json.

    Each file is a list of records; services and channels list their municipalities in
    `areas[].municipalities[].code` (or the channel's Location address), as PTV's area lists do.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cache: dict[str, list[dict[str, Any]]] = {}

    def _load(self, name: str) -> list[dict[str, Any]]:
        if name not in self._cache:
            path = self.folder / f"{name}.json"
            self._cache[name] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
        return self._cache[name]

    @staticmethod
    def _in(record: dict[str, Any], code: str) -> bool:
        for area in record.get("areas") or []:
            if area.get("type") == "Municipality" and area.get("code") == code:
                return True
            if any(m.get("code") == code for m in area.get("municipalities") or []):
                return True
        for address in record.get("addresses") or []:
            municipality = (address.get("streetAddress") or {}).get("municipality") or {}
            if municipality.get("code") == code:
                return True
        return False

    def services_in_municipality(self, code: str) -> Iterator[dict[str, Any]]:
        return (r for r in self._load("services") if self._in(r, code))

    def channels_in_municipality(self, code: str) -> Iterator[dict[str, Any]]:
        return (r for r in self._load("channels") if self._in(r, code))

    def channels(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        wanted = set(ids)
        return [r for r in self._load("channels") if r.get("id") in wanted]

    def organizations(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        wanted = set(ids)
        return [r for r in self._load("organizations") if r.get("id") in wanted]
