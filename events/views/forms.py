"""The venue list's filters: a plain GET form that works without JavaScript.

A value that does not validate (an old link, a typo, a removed municipality)
is dropped with a polite notice; the rest of the filters still apply.
"""

from collections.abc import Iterable
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from accessibility.rules import Verdict, Viewpoint
from accessibility.sentences import viewpoint_label
from events.selectors import VenueFilters
from events.views.display import alphabetical
from venues.models import Region, Venue

# Why each dropped filter was dropped, in words a family understands.
NOTICES = {
    "municipality": _("We did not recognise the municipality, so venues in every municipality are shown."),
    "region": _("We did not recognise the sub-region, so venues in every sub-region are shown."),
    "kind": _("We did not recognise the kind of place, so every kind is shown."),
    "viewpoint": _("We did not recognise the accessibility choice, so venues are not filtered by it."),
    "access": _("We did not recognise the accessibility choice, so venues are not filtered by it."),
}


class VenueFilterForm(forms.Form):
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    region = forms.ChoiceField(label=_("Sub-region"), required=False)
    kind = forms.ChoiceField(label=_("Kind of place"), required=False)
    access = forms.ChoiceField(
        label=_("Accessibility"),
        required=False,
        choices=[
            ("", _("Show all, also not known")),
            (Verdict.YES.value, _("Accessible")),
            (Verdict.LIMITED.value, _("Accessible or partly accessible")),
        ],
    )
    viewpoint = forms.ChoiceField(label=_("Moving with"), required=False)

    def __init__(self, data: object, *, regions: Iterable[Region]) -> None:
        super().__init__(data)
        regions = sorted(regions, key=lambda region: alphabetical(region.name))
        self.fields["municipality"].choices = [
            ("", _("All municipalities")),
            *(
                (
                    region.name,
                    [
                        (municipality.code, municipality.name)
                        for municipality in sorted(
                            region.municipalities.all(), key=lambda m: alphabetical(m.name)
                        )
                    ],
                )
                for region in regions
            ),
        ]
        self.fields["region"].choices = [
            ("", _("All sub-regions")),
            *((region.slug, region.name) for region in regions),
        ]
        self.fields["kind"].choices = [("", _("All kinds")), *Venue.Kind.choices]
        self.fields["viewpoint"].choices = [(vp.value, viewpoint_label(vp)) for vp in Viewpoint]

    def filters(self) -> VenueFilters:
        """The filters that validated; call after `is_valid()`."""
        data = getattr(self, "cleaned_data", {})
        viewpoint, access = data.get("viewpoint"), data.get("access")
        if "viewpoint" in self.errors or "access" in self.errors or not access:
            viewpoint = access = None
        return VenueFilters(
            municipality=data.get("municipality") or None,
            region=data.get("region") or None,
            kind=data.get("kind") or None,
            # Asking for a verdict without naming the viewpoint means the pram, the common case here.
            viewpoint=Viewpoint(viewpoint) if viewpoint else (Viewpoint.PRAM if access else None),
            access=Verdict(access) if access else None,
        )

    def notices(self) -> list[str]:
        found = [str(NOTICES[name]) for name in NOTICES if name in self.errors]
        return list(dict.fromkeys(found))


def filter_query(filters: VenueFilters) -> str:
    """The query string of the filters in use, for page links ("" when none)."""
    pairs = [
        ("municipality", filters.municipality),
        ("region", filters.region),
        ("kind", filters.kind),
        ("access", filters.access.value if filters.access else None),
        ("viewpoint", filters.viewpoint.value if filters.viewpoint and filters.access else None),
    ]
    return urlencode([(name, value) for name, value in pairs if value])
