"""`{% signup_form page %}` on the session page: events' template asks, bookings answers.

Templates are not imports, so the events app's session page can show the bookings app's
form without events depending on bookings. `{% signup_fields form %}`: the form's fields.
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from bookings.forms import SignUpForm
from bookings.selectors_course import course_places
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
        # A course: its coming sessions' places, so the form says before submit which are full.
        "course": course_places(page.row.session),
    }


# The blank form's fields by (language, initial language): the same HTML for every family, so
# each process renders it once (rendering a dozen fields through Django's form templates was most
# of the sign-up page's cost). A new release is a new process; with DEBUG, templates reload.
_BLANK_FIELDS: dict[tuple[str, str], SafeString] = {}


@register.simple_tag
def signup_fields(form: SignUpForm) -> SafeString:
    """The fields of the sign-up form; a bound form (one with errors) is rendered every time."""
    if form.is_bound or settings.DEBUG:
        return render_to_string("bookings/_signup_fields.html", {"form": form})
    key = (get_language(), str(form.initial.get("language", "")))
    html = _BLANK_FIELDS.get(key)
    if html is None:
        html = _BLANK_FIELDS[key] = render_to_string("bookings/_signup_fields.html", {"form": form})
    return html
