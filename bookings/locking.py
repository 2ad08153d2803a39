"""The one locking helper for session capacity.

Rules (after pretix's locking module):
1. Lock once per transaction, as late as possible: after every check that needs no
   lock, right before the reads that decide (how many places are taken) and the writes.
2. Lock the rows that carry the scarce thing: the sessions whose places are counted.
3. Several sessions (a series sign-up): lock in ascending primary-key order, so two
   transactions never wait on each other in a circle.
4. Only inside `transaction.atomic`; the lock ends with the transaction.
5. Consume only under the lock: count confirmed sign-ups after locking, never before.
On SQLite the whole write transaction is already exclusive
(`transaction_mode = "IMMEDIATE"`), and `select_for_update` is a no-op.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from events.models import Session


def lock_sessions(
    session_ids: Iterable[int] = (), *, where: Q | None = None, only: Iterable[str] = ()
) -> list[Session]:
    """Lock the sessions and return them, fresh from the database, in primary-key order.

    `where` instead of ids: the sessions matching it, found and locked by the same query (a
    sign-up locks its session and, in a series, the series' coming ones, without reading them
    first). Each comes with its group and organization, room and venue; `only` names the
    fields read, where a hot path needs few of those wide rows' columns.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_sessions() must run inside transaction.atomic")
    sessions = Session.objects.select_for_update(of=("self",)).select_related(
        "group__organization", "room__venue"
    )
    if only:
        sessions = sessions.only(*only)
    if where is None:
        where = Q(pk__in=sorted(set(session_ids)))
    return list(sessions.filter(where).order_by("pk"))
