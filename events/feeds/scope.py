"""What a public feed is: its scope (region, municipality, venue, organization or group), its
filters, and the series and one-off sessions that fall in it. Reads only, never about people.

Unlisted groups appear only in their own group feed; inactive groups, organizations and
venues never.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accessibility.rules import Verdict, Viewpoint
from core.errors import DomainError, PermissionRefused
from events.models import Group, Series, Session
from venues.models import Municipality, Organization, Region, Venue

LANGUAGES = ("fi", "sv", "en")

_LANGUAGE_FIELDS = {"fi": "in_finnish", "sv": "in_swedish", "en": "in_english"}
_VERDICTS_AT_LEAST: dict[str, tuple[str, ...]] = {
    Verdict.YES.value: (Verdict.YES.value,),
    Verdict.LIMITED.value: (Verdict.YES.value, Verdict.LIMITED.value),
}


class Scope(StrEnum):
    REGION = "region"
    MUNICIPALITY = "municipality"
    VENUE = "venue"
    ORGANIZATION = "organization"
    GROUP = "group"


class FeedFilterError(DomainError):
    """A filter value the feed does not know: the view answers 400 with the message."""


@dataclass(frozen=True)
class FeedFilters:
    """`audience`: Group.Audience; `language`: groups held in it; `access`: minimum verdict of the
    room for `viewpoint` (pram unless named); `lang`: the language of the feed's text."""

    audience: str | None = None
    language: str | None = None
    viewpoint: str | None = None
    access: str | None = None
    lang: str = "fi"

    def pairs(self) -> list[tuple[str, str]]:
        """The filters in use, canonical order: part of the feed's identity and of its URLs."""
        pairs = [
            ("audience", self.audience),
            ("language", self.language),
            ("viewpoint", self.viewpoint if self.access else None),
            ("access", self.access),
            ("lang", self.lang if self.lang != "fi" else None),
        ]
        return [(name, value) for name, value in pairs if value]


def parse_filters(params: Mapping[str, str]) -> FeedFilters:
    """The query string's filters, or FeedFilterError (code "bad_filter") naming the bad one."""

    def pick(name: str, allowed: tuple[str, ...], message: Promise) -> str | None:
        value = params.get(name)
        if value in (None, ""):
            return None
        if value not in allowed:
            raise FeedFilterError(message, code="bad_filter")
        return value

    audience = pick("audience", tuple(Group.Audience.values), _("Unknown audience."))
    language = pick("language", LANGUAGES, _("Unknown language: use fi, sv or en."))
    viewpoint = pick("viewpoint", tuple(v.value for v in Viewpoint), _("Unknown viewpoint."))
    access = pick("access", tuple(_VERDICTS_AT_LEAST), _("Unknown access: use yes or limited."))
    lang = pick("lang", LANGUAGES, _("Unknown lang: use fi, sv or en.")) or "fi"
    if access and not viewpoint:
        viewpoint = Viewpoint.PRAM.value  # as on the session search: a verdict alone means the pram
    return FeedFilters(audience=audience, language=language, viewpoint=viewpoint, access=access, lang=lang)


@dataclass(frozen=True)
class FeedScope:
    kind: Scope
    key: str
    name: str
    page_url: str
    series: QuerySet[Series]
    one_offs: QuerySet[Session]
    noindex: bool = False


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _home(lang: str, **query: str) -> str:
    with translation.override(lang):
        path = reverse("home")
    return absolute(path + (f"?{urlencode(query)}" if query else ""))


def _found(kind: Scope, key: str) -> QuerySet:
    """The scope's object, if it exists and is active (a queryset: exists() or first())."""
    if kind == Scope.REGION:
        return Region.objects.filter(slug=key)
    if kind == Scope.MUNICIPALITY:
        return Municipality.objects.filter(code=key)
    if kind == Scope.VENUE:
        return Venue.objects.filter(slug=key, is_active=True, organization__is_active=True)
    if kind == Scope.ORGANIZATION:
        return Organization.objects.filter(slug=key, is_active=True)
    return Group.objects.filter(slug=key, is_active=True, organization__is_active=True)


def exists(kind: Scope, key: str) -> bool:
    """Whether `key` names an existing, active scope: one query, nothing written."""
    return _found(kind, key).exists()


def resolve(kind: Scope, key: str, lang: str) -> FeedScope:
    """The scope's object and querysets, read in `lang`; PermissionRefused "not_found" if unknown."""
    series = Series.objects.all()
    one_offs = Session.objects.filter(series=None)
    with translation.override(lang):
        found = _found(kind, key).first()
        if found is None:
            raise PermissionRefused(_("Feed not found."), code="not_found")
        if kind == Scope.REGION:
            by_place = Q(room__venue__municipality__region=found)
            page = _home(lang, region=key)
        elif kind == Scope.MUNICIPALITY:
            by_place = Q(room__venue__municipality=found)
            page = _home(lang, municipality=key)
        elif kind == Scope.VENUE:
            by_place = Q(room__venue=found)
            page = absolute(reverse("venues:detail", kwargs={"slug": key}))
        elif kind == Scope.ORGANIZATION:
            by_place = Q(group__organization=found)
            page = _home(lang)
        else:
            by_place = Q(group=found)
            page = absolute(reverse("group_detail", kwargs={"slug": key}))
        name = found.title if isinstance(found, Group) else found.name
    unlisted = isinstance(found, Group) and found.visibility == Group.Visibility.UNLISTED
    return FeedScope(
        kind=kind,
        key=key,
        name=name,
        page_url=page,
        series=series.filter(by_place),
        one_offs=one_offs.filter(by_place),
        noindex=unlisted,
    )


def narrow(rows: QuerySet, *, scope: FeedScope, filters: FeedFilters) -> QuerySet:
    """Public, active rows matching the filters. Series and one-off sessions share these fields."""
    rows = rows.filter(
        group__is_active=True, group__organization__is_active=True, room__venue__is_active=True
    )
    if scope.kind != Scope.GROUP:
        rows = rows.filter(group__visibility=Group.Visibility.PUBLIC)
    if filters.audience:
        rows = rows.filter(group__audience=filters.audience)
    if filters.language:
        rows = rows.filter(**{f"group__{_LANGUAGE_FIELDS[filters.language]}": True})
    if filters.access and filters.viewpoint:
        # An inner join: a room without accessibility facts is unknown, never good enough.
        column = f"room__accessibility__{filters.viewpoint}_verdict__in"
        rows = rows.filter(**{column: _VERDICTS_AT_LEAST[filters.access]})
    return rows


def group_url(lang: str) -> Callable[[Group], str]:
    """A function giving a group page's absolute URL in `lang`: one `reverse` for all the groups."""
    marker = "group-slug-marker"
    with translation.override(lang):
        template = absolute(reverse("group_detail", kwargs={"slug": marker}))

    def url(group: Group) -> str:
        return template.replace(marker, group.slug)  # slugs are [-a-zA-Z0-9_]: nothing to quote

    return url


def feed_path(kind: Scope | str, key: str, filters: FeedFilters | None = None) -> str:
    path = reverse(f"feed_{Scope(kind).value}", kwargs={"key": key})
    pairs = filters.pairs() if filters else []
    return path + (f"?{urlencode(pairs)}" if pairs else "")
