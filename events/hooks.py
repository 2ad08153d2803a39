"""Listeners for changes to sessions that apps further down the stack must act on.

Imports only point down the app list (DESIGN.md), so `events` cannot call `bookings`,
yet a leader's cancellation must reach the families signed up. `bookings` registers its
listener here in `AppConfig.ready()`; the events services call `session_changed()` inside
their transaction, so whatever a listener writes commits or rolls back with the change
(emails are queued by the listener with `transaction.on_commit`). Explicit and
synchronous, unlike a signal: a failing listener fails the change, loudly.
"""

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from events.models import Session


class Change(StrEnum):
    CANCELLED = "cancelled"
    MOVED = "moved"
    CAPACITY = "capacity"
    # Called just before the session is deleted, its tombstone (`RemovedSession`) already written.
    DELETED = "deleted"


Listener = Callable[["Session", Change], None]
_listeners: list[Listener] = []


def register(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def session_changed(session: "Session", change: Change) -> None:
    for listener in _listeners:
        listener(session, change)
