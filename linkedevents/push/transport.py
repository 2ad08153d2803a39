"""The instance's event API over HTTP (stdlib urllib): JSON in and out, the `apikey` header, and
retries with exponential backoff on 5xx, 429 and network errors. 4xx answers are not retried."""

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from linkedevents.push.config import Instance

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_WAIT = 30.0


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any  # parsed JSON, or the text when it is not JSON, or None


class PushHttpError(Exception):
    """The instance refused (4xx) or kept failing (5xx, network) after every retry."""

    def __init__(self, method: str, url: str, answer: Answer | None, reason: str = "") -> None:
        self.answer = answer
        status = answer.status if answer else "no answer"
        super().__init__(f"{method} {url}: {status} {reason or (answer.body if answer else '')}"[:500])


class Client:
    def __init__(self, instance: Instance, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.instance = instance
        self.sleep = sleep
        self.requests = 0
        self.retried = 0

    def _once(self, method: str, url: str, payload: Any) -> Answer:
        data = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (http(s) checked in config)
        request.add_header("apikey", self.instance.api_key)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json; charset=utf-8")
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.instance.timeout) as response:  # noqa: S310
                return Answer(response.status, _parse(response.read()))
        except urllib.error.HTTPError as error:
            return Answer(error.code, _parse(error.read()))

    def call(self, method: str, url: str, payload: Any = None) -> Answer:
        wait = self.instance.backoff
        for attempt in range(self.instance.retries + 1):
            last_try = attempt == self.instance.retries
            try:
                answer = self._once(method, url, payload)
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if last_try:
                    raise PushHttpError(method, url, None, str(error)) from error
            else:
                if answer.status < 400:
                    return answer
                if answer.status not in RETRY_STATUSES or last_try:
                    raise PushHttpError(method, url, answer)
            self.retried += 1
            self.sleep(min(wait, MAX_WAIT))
            wait *= 2
        raise AssertionError("unreachable")

    def pages(self, url: str) -> Iterator[dict[str, Any]]:
        """Every object of a paged list, following `meta.next` until it is null."""
        next_url: str | None = url
        seen: set[str] = set()
        while next_url and next_url not in seen:
            seen.add(next_url)
            body = self.call("GET", next_url).body or {}
            yield from body.get("data") or []
            next_url = (body.get("meta") or {}).get("next")


def _parse(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")[:500]
