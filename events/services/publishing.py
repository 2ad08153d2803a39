"""Mark a group's published schedule as changed, so cached feeds of it are rendered again.

The public feeds (`events.feeds`) key their cache on the groups' and series' newest
`updated_at` and row counts. A session's cancellation, move, creation or deletion
touches no group or series row by itself, so the services that write sessions call
`schedule_changed()` inside their transaction: the change and the stamp commit together.
"""

from collections.abc import Iterable

from django.utils import timezone

from events.models import Group


def schedule_changed(*, group_ids: Iterable[int]) -> None:
    Group.objects.filter(pk__in=set(group_ids)).update(updated_at=timezone.now())
