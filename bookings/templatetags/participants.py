"""Template helpers for the participants workspace, and the "Participants (n)" counts on a group's page.

`{% confirmed_counts group sessions as counts %}` runs one query for the whole list (through the
actor-scoped selector), so the group page stays constant in queries; `counts|count_for:session.pk`
reads one number from it.
"""

from django import template

from bookings.models import Booking
from bookings.selectors import confirmed_counts as confirmed_counts_selector
from bookings.selectors import household_name
from events.models import Group, Session

register = template.Library()


@register.simple_tag(takes_context=True)
def confirmed_counts(context: template.Context, group: Group, sessions: list[Session]) -> dict[int, int]:
    request = context.get("request")
    actor = getattr(request, "user", None)
    return confirmed_counts_selector(actor=actor, group=group, session_ids=[s.pk for s in sessions])


@register.filter
def count_for(counts: dict[int, int], key: int) -> int:
    return counts.get(key, 0)


@register.filter
def name_of(booking: Booking) -> str:
    return household_name(booking)
