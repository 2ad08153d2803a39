"""The copy-paste snippets of the "Publish on your website" page: embed iframes and feed addresses.

Pure: builds strings from places a selector loaded, no queries, no writes. Addresses are
absolute, on settings.SITE_URL (the site's public address), because they are pasted
into other sites and calendar apps. The iframe HTML is shown to coordinators as text;
names in it are escaped.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from venues.models import Municipality, Region, Venue
from venues.selectors_publish import PublishingTargets

# The languages a calendar is offered in: a snippet each.
SNIPPET_LANGUAGES = ("fi", "sv", "en")
# A fixed height: the calendar scrolls inside it. With the snippet's script (RESIZE_SCRIPT_PATH)
# the iframe takes its content's height, posted by the embed page (static/js/embed-height.js).
IFRAME_STYLE = "width:100%;height:600px;border:0"
RESIZE_SCRIPT_PATH = "/embed/resize.js"


@dataclass(frozen=True)
class Snippet:
    language: str
    embed_url: str
    html: str


@dataclass(frozen=True)
class PublishTarget:
    """One place to publish: its embed snippets (one per language) and its calendar feed."""

    kind: str  # "municipality", "region", "venue" or "organization"
    key: str  # the code or slug in its addresses
    name: str
    snippets: list[Snippet]
    feed_url: str

    @property
    def anchor(self) -> str:
        """Unique on the page, for the ids of its fields."""
        return f"{self.kind}-{self.key}"


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def _snippet(kind: str, key: str, place: Municipality | Region | Venue, language: str) -> Snippet:
    url = f"{_site()}{reverse(f'embed:{kind}', args=[key])}?{urlencode({'lang': language})}"
    with translation.override(language):
        title = _("Family services calendar: %(place)s") % {"place": place.name}
    # Plain text, not safe HTML: the page shows it for copying, escaped once more by the template.
    iframe = (
        f'<iframe src="{escape(url)}" title="{escape(title)}" loading="lazy" style="{IFRAME_STYLE}"></iframe>'
    )
    html = f'{iframe}\n<script src="{escape(_site())}{RESIZE_SCRIPT_PATH}" async></script>'

    return Snippet(language=language, embed_url=url, html=html)


def _target(kind: str, key: str, place: Municipality | Region | Venue) -> PublishTarget:
    return PublishTarget(
        kind=kind,
        key=key,
        name=place.name,
        snippets=[_snippet(kind, key, place, language) for language in SNIPPET_LANGUAGES],
        feed_url=f"{_site()}/feeds/{kind}/{key}.ics",
    )


def publish_targets(targets: PublishingTargets) -> list[PublishTarget]:
    """Municipalities first, then sub-regions, then venues."""
    return [
        *(_target("municipality", m.code, m) for m in targets.municipalities),
        *(_target("region", r.slug, r) for r in targets.regions),
        *(_target("venue", v.slug, v) for v in targets.venues),
    ]


def organization_feed_url(targets: PublishingTargets) -> str:
    return f"{_site()}/feeds/organization/{targets.organization.slug}.ics"


def api_base_url() -> str:
    return f"{_site()}/api/v1/"
