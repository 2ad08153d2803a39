"""The one locking helper for rooms.

Rules (after pretix's locking module):
1. Lock once per transaction, as late as possible: after every check that
   needs no lock, right before the reads that decide and the writes.
2. Lock the row that carries the scarce thing: the room (for reservations).
3. Several rooms: lock in ascending primary-key order, so two transactions
   never wait on each other in a circle.
4. Only inside `transaction.atomic`; the lock ends with the transaction.
5. The database constraint stays the final arbiter (the exclusion constraint
   on PostgreSQL); the lock only turns a constraint error into an orderly wait.
On SQLite the whole write transaction is already exclusive
(`transaction_mode = "IMMEDIATE"`), and `select_for_update` is a no-op.
"""

from collections.abc import Iterable

from django.db import transaction

from venues.models import Room


def lock_rooms(room_ids: Iterable[int]) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_rooms() must run inside transaction.atomic")
    ids = sorted(set(room_ids))
    list(Room.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
