"""The published UIDs of series and sessions: the feeds' UIDs, and the Linked Events ids built on them.

Pure functions of stored fields; no queries. A session keeps its UID when it is moved, because it
is keyed by where the rule put it (`original_start`), not where it is now.
"""

import datetime as dt
import uuid

from events.models import Group, Series, Session


def one_off_uid(group: Group | Series, start: dt.datetime) -> str:
    """Stable UID of a session outside a series' rule: UUIDv5 of the group's (or series') uid and start."""
    moment = start.astimezone(dt.UTC).replace(microsecond=0)
    return str(uuid.uuid5(group.uid, moment.strftime("%Y%m%dT%H%M%SZ")))


def session_uid(session: Session) -> uuid.UUID:
    """The session's own UID, the one the feed gives it when it stands alone.

    A series' session: UUIDv5 of the series' uid and its original start; a one-off: of the
    group's uid and its (original) start. Stored in `Session.uid` when the session is made.
    """
    if session.uid is not None:
        return session.uid
    owner: Group | Series = session.series if session.series_id else session.group
    return uuid.UUID(one_off_uid(owner, session.original_start or session.start))
