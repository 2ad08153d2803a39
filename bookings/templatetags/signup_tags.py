"""`{% signup_form page %}` on the session page: events' template asks, bookings answers.

Templates are not imports, so the events app's session page can show the bookings app's
form without events depending on bookings.
"""

from django import template
from django.utils.translation import get_language

from bookings.forms import SignUpForm
from events.models import Group

register = template.Library()


@register.inclusion_tag("bookings/_signup_form.html")
def signup_form(page: object) -> dict:
    group = page.row.group
    return {
        "form": SignUpForm(language=get_language()),
        "page": page,
        "session_id": page.row.session.pk,
        "group_slug": group.slug if group.visibility != Group.Visibility.PUBLIC else "",
        "drop_in": group.signup_mode == Group.SignUpMode.DROP_IN,
        "series_mode": group.signup_mode == Group.SignUpMode.SERIES,
    }
