"""One push: read what the instance has of ours, then create, update and delete until it matches.

Idempotent by our ids (`<data source>:<uuid>`): an event the instance already has with the same
`perhekeskus_hash` is left alone, so a second push sends nothing. Super events are created before
their sub-events (which point at them) and deleted after them. Deletions are the instance's
upcoming events of our data source that we no longer publish (removed, unlisted, out of scope);
events skipped for a missing place mapping are never deleted. A failure of one event is counted
and the push goes on; nothing in our database changes.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.http import urlencode

from linkedevents.push.config import Instance
from linkedevents.push.payloads import HASH_KEY, desired_events, ours
from linkedevents.push.transport import Client, PushHttpError


@dataclass
class Summary:
    instance: str
    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)  # updates that set EventCancelled
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    retries: int = 0

    def lines(self) -> list[str]:
        verb = "would " if self.dry_run else ""
        found = [
            f"Linked Events push to {self.instance}{' (dry run)' if self.dry_run else ''}:",
            f"  {verb}create {len(self.created)}, {verb}update {len(self.updated)} "
            f"(of them cancelled {len(self.cancelled)}), {verb}delete {len(self.deleted)}, "
            f"unchanged {self.unchanged}, skipped {len(self.skipped)}, failed {len(self.failed)}",
            f"  {self.requests} requests, {self.retries} retried",
        ]
        found += [f"  skipped {event_id}: {why}" for event_id, why in sorted(self.skipped.items())]
        found += [f"  failed {event_id}: {why}" for event_id, why in sorted(self.failed.items())]
        return found


def _remote(client: Client, instance: Instance, now: dt.datetime) -> dict[str, dict[str, Any]]:
    """The instance's upcoming events of our data source, every page of them."""
    query = urlencode(
        {
            "data_source": instance.data_source,
            "publisher": instance.publisher,
            "start": now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "page_size": 100,
        }
    )
    found = {}
    for event in client.pages(f"{instance.url('event')}?{query}"):
        event_id = event.get("id") or ""
        if ours(instance, event_id) and not event.get("deleted"):
            found[event_id] = event
    return found


def push(
    instance: Instance,
    *,
    dry_run: bool = False,
    now: dt.datetime | None = None,
    sleep: Callable[[float], None] | None = None,
) -> Summary:
    now = now or timezone.now()
    client = Client(instance, sleep=sleep) if sleep else Client(instance)
    summary = Summary(instance=instance.name, dry_run=dry_run)
    desired = desired_events(instance, now=now)
    summary.skipped = dict(desired.skipped)
    remote = _remote(client, instance, now)

    def send(event_id: str, method: str, url: str, payload: Any, done: list[str]) -> None:
        if dry_run:
            done.append(event_id)
            return
        try:
            client.call(method, url, payload)
        except PushHttpError as error:
            summary.failed[event_id] = str(error)
        else:
            done.append(event_id)

    for event_id in desired.super_ids + desired.sub_ids:
        payload = desired.payloads[event_id]
        have = remote.get(event_id)
        if have is None:
            send(event_id, "POST", instance.url("event"), payload, summary.created)
        elif (have.get("custom_data") or {}).get(HASH_KEY) == payload["custom_data"][HASH_KEY]:
            summary.unchanged += 1
        else:
            send(event_id, "PUT", instance.url("event", event_id), payload, summary.updated)
            if event_id in summary.updated and payload["event_status"] == "EventCancelled":
                summary.cancelled.append(event_id)
    gone = [
        event_id
        for event_id in remote
        if event_id not in desired.payloads and event_id not in desired.skipped
    ]
    # Sub-events before the super events they belong to.
    gone.sort(key=lambda event_id: bool(remote[event_id].get("super_event_type")))
    for event_id in gone:
        send(event_id, "DELETE", instance.url("event", event_id), None, summary.deleted)
    summary.requests, summary.retries = client.requests, client.retried
    return summary
