"""Mark a group's published schedule as changed, so the feeds containing it render again.

A session's cancellation, move, creation or deletion touches no group or series row by
itself (and bulk-created sessions send no signals), so the services that write sessions
call `schedule_changed()` inside their transaction. It touches the groups' `updated_at`,
which versions each series' cached rendering (`events.feeds.render`), and queues new
versions for the feed scopes the groups appear in (`events.feed_versions`, after commit).
"""

from collections.abc import Iterable

from django.utils import timezone

from events import feed_versions as versions
from events.models import Group


def schedule_changed(*, group_ids: Iterable[int]) -> None:
    ids = set(group_ids)
    Group.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    versions.groups_changed(ids)
