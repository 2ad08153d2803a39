"""`{% session_jsonld session %}` and `{% group_jsonld group %}`: schema.org blocks for the public pages.

The data comes from `events.jsonld`; the request only makes the URLs absolute.
"""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from events import jsonld
from events.models import Group, Session

register = template.Library()


@register.simple_tag(takes_context=True)
def session_jsonld(context: dict[str, Any], session: Session) -> SafeString:
    return jsonld.script_block(jsonld.session_event(context["request"], session))


@register.simple_tag(takes_context=True)
def group_jsonld(context: dict[str, Any], group: Group) -> SafeString:
    return jsonld.script_block(jsonld.group_series(context["request"], group))
