"""Personal data that apps above bookings keep about a household, for its GDPR rights.

Imports only point down the app list, so `bookings` cannot read `metrics`' feedback, yet a
family's export must hold it, its erasure must clear it and the retention purge must reach
it. An app above registers a `Holder` here in its `AppConfig.ready()` (as `metrics` does for
feedback and wishes); `bookings.services.privacy` calls every holder: `export` into the
booking's (or the account's) export under the holder's `key`, `erase` inside the transaction
that anonymises bookings (so both commit or roll back together), `purge` from
`purge_personal_data` after the bookings' own purge. Explicit and synchronous, like
`events/hooks.py`: a failing holder fails the erasure, loudly.

A holder must never match a household's data by an address the household has not proved:
a manage link proves the booking, not its email (wishes are matched by the account's
verified addresses only).
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bookings.models import Booking


@dataclass(frozen=True)
class Holder:
    """What one app keeps. An export left None adds no section to that export."""

    key: str
    # booking -> JSON-ready rows about it
    export_booking: Callable[["Booking"], list[dict]] | None = None
    # the account's verified emails -> JSON-ready rows held under those addresses and no booking
    export_emails: Callable[[Sequence[str]], list[dict]] | None = None
    # (booking ids, now) -> rows cleared; runs in the anonymising transaction
    erase_bookings: Callable[[Sequence[int], dt.datetime], int] = lambda ids, now: 0
    # (verified emails, now) -> rows cleared
    erase_emails: Callable[[Sequence[str], dt.datetime], int] = lambda emails, now: 0
    # (now, retention_days, dry_run) -> {what: how many}
    purge: Callable[[dt.datetime, int, bool], dict[str, int]] = lambda now, days, dry_run: {}


_holders: dict[str, Holder] = {}


def register(holder: Holder) -> None:
    """Idempotent by key: `ready()` may run more than once (tests)."""
    _holders[holder.key] = holder


def holders() -> list[Holder]:
    return list(_holders.values())
