"""A Linked Events–shaped HTTP server on loopback, for the push client's tests.

Just enough of /v1/event/: paged lists (`meta.next` absolute URLs, filters data_source, publisher,
start), POST with the checks `EventSerializer.validate` makes for a public event (LINKED_EVENTS.md
§4), PUT, DELETE (soft: the event leaves lists), the `apikey` header, and injected 500s.
"""

import datetime as dt
import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

API_KEY = "sekret-key"
DATA_SOURCE = "perhekeskus"
PUBLISHER = "turku:853"


def _time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


class FakeLinkedEvents:
    def __init__(self) -> None:
        self.events: dict[str, dict[str, Any]] = {}
        self.log: list[tuple[str, str]] = []  # (method, path) of every request
        self.fail: Counter[str] = Counter()  # method → how many next requests answer 500
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1/"

    def __enter__(self) -> "FakeLinkedEvents":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def writes(self) -> list[tuple[str, str]]:
        return [entry for entry in self.log if entry[0] != "GET"]

    # --- the API --------------------------------------------------------------------------------------

    def _validate(self, event: dict[str, Any], event_id: str | None) -> list[str]:
        errors = []
        if not str(event.get("id", "")).startswith(f"{DATA_SOURCE}:"):
            errors.append("id must start with the data source")
        if event_id is not None and event.get("id") != event_id:
            errors.append("id differs from the URL")
        if event.get("publisher") != PUBLISHER:
            errors.append("publisher is not the key's organization")
        names = event.get("name") or {}
        if not names:
            errors.append("name is required")
        for key in ("start_time",):
            if not event.get(key):
                errors.append(f"{key} is required")
        if not (event.get("location") or {}).get("@id", "").startswith(self.url + "place/"):
            errors.append("location must be a place of this instance")
        if not event.get("keywords"):
            errors.append("keywords are required")
        for lang in names:
            for key in ("short_description", "description"):
                if not (event.get(key) or {}).get(lang):
                    errors.append(f"{key} is required in {lang}")
        if len((event.get("short_description") or {}).get("fi", "")) > 160:
            errors.append("short_description is too long")
        if not any("is_free" in offer for offer in event.get("offers") or []):
            errors.append("offers need is_free")
        parent = (event.get("super_event") or {}).get("@id")
        if parent:
            parent_id = parent.rstrip("/").rsplit("/", 1)[-1]
            if parent_id not in self.events or self.events[parent_id].get("deleted"):
                errors.append("super_event does not exist")
        return errors

    def _list(self, query: dict[str, list[str]]) -> dict[str, Any]:
        rows = [e for e in self.events.values() if not e.get("deleted")]
        if "data_source" in query:
            rows = [e for e in rows if e["data_source"] == query["data_source"][0]]
        if "publisher" in query:
            rows = [e for e in rows if e["publisher"] == query["publisher"][0]]
        if "start" in query:
            start = _time(query["start"][0])
            rows = [e for e in rows if _time(e["end_time"] or e["start_time"]) > start]
        rows.sort(key=lambda e: e["id"])
        size = min(int(query.get("page_size", ["20"])[0]), 100)
        page = int(query.get("page", ["1"])[0])
        chunk = rows[(page - 1) * size : page * size]
        more = page * size < len(rows)
        params = "&".join(f"{k}={v[0]}" for k, v in query.items() if k != "page")
        return {
            "meta": {
                "count": len(rows),
                "next": f"{self.url}event/?{params}&page={page + 1}" if more else None,
                "previous": None,
            },
            "data": chunk,
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self, status: int, body: Any = None) -> None:
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> Any:
                length = int(self.headers.get("Content-Length") or 0)
                return json.loads(self.rfile.read(length) or b"null")

            def _route(self, method: str) -> None:
                url = urlparse(self.path)
                with fake.lock:
                    fake.log.append((method, url.path))
                    if fake.fail[method] > 0:
                        fake.fail[method] -= 1
                        self._body() if method in ("POST", "PUT") else None
                        self._answer(500, {"detail": "Internal server error"})
                        return
                    if method != "GET" and self.headers.get("apikey") != API_KEY:
                        self._answer(401, {"detail": "Invalid API key"})
                        return
                    parts = [p for p in url.path.split("/") if p]
                    if parts[:2] != ["v1", "event"]:
                        self._answer(404, {"detail": "Not found."})
                        return
                    event_id = parts[2] if len(parts) > 2 else None
                    self._event(method, event_id, parse_qs(url.query))

            def _event(self, method: str, event_id: str | None, query: dict[str, list[str]]) -> None:
                if method == "GET":
                    if event_id is None:
                        self._answer(200, fake._list(query))
                    elif event_id in fake.events:
                        self._answer(200, fake.events[event_id])
                    else:
                        self._answer(404, {"detail": "Not found."})
                    return
                if method == "DELETE":
                    if event_id not in fake.events or fake.events[event_id].get("deleted"):
                        self._answer(404, {"detail": "Not found."})
                        return
                    fake.events[event_id]["deleted"] = True
                    self._answer(204)
                    return
                body = self._body()
                if method == "POST" and event_id is None:
                    errors = fake._validate(body, None)
                    if body.get("id") in fake.events:
                        errors.append("event with this id already exists")
                elif method == "PUT" and event_id is not None:
                    errors = fake._validate(body, event_id)
                    if event_id not in fake.events:
                        self._answer(404, {"detail": "Not found."})
                        return
                else:
                    self._answer(405, {"detail": "Method not allowed."})
                    return
                if errors:
                    self._answer(400, {"detail": errors})
                    return
                stored = {**body, "data_source": DATA_SOURCE, "deleted": False, "sub_events": []}
                fake.events[body["id"]] = stored
                self._answer(201 if method == "POST" else 200, stored)

            def do_GET(self) -> None:
                self._route("GET")

            def do_POST(self) -> None:
                self._route("POST")

            def do_PUT(self) -> None:
                self._route("PUT")

            def do_DELETE(self) -> None:
                self._route("DELETE")

        return Handler
