"""The public service list's filters: every choice is a known value, anything else is an error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import LifeEvent, TargetGroup
from venues.models import Municipality, Organization, Region

LANGUAGE_CHOICES = (("", _("Any language")), ("fi", "suomi"), ("sv", "svenska"), ("en", "English"))
CHANNEL_CHOICES = (
    ("", _("Any way")),
    ("visit", _("visit")),
    ("phone", _("phone")),
    ("chat", _("chat")),
    ("web", _("web page")),
)
FAMILY_TARGET_GROUPS = ("KR1.2", "KR1.3", "KR1.4", "KR1.6", "KR1")
FAMILY_LIFE_EVENTS = ("KE1", "KE1.1", "KE5", "KE7", "KE11", "KE13", "KE14")


class ServiceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False, max_length=100, strip=True)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    region = forms.ChoiceField(label=_("Sub-region"), required=False)
    life_event = forms.ChoiceField(label=_("Life situation"), required=False)
    target_group = forms.ChoiceField(label=_("For whom"), required=False)
    provider_kind = forms.ChoiceField(
        label=_("Provider"), required=False, choices=(("", _("Any provider")), *Organization.Kind.choices)
    )
    language = forms.ChoiceField(label=_("Language"), required=False, choices=LANGUAGE_CHOICES)
    channel = forms.ChoiceField(label=_("How to reach it"), required=False, choices=CHANNEL_CHOICES)

    def __init__(self, *args: object, language: str = "fi", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        anything = ("", _("Any"))
        self.fields["municipality"].choices = [
            anything,
            *((m.code, m.name) for m in Municipality.objects.all()),
        ]
        self.fields["region"].choices = [anything, *((r.slug, r.name) for r in Region.objects.all())]
        self.fields["life_event"].choices = [
            anything,
            *((e.code, e.label(language)) for e in LifeEvent.objects.filter(code__in=FAMILY_LIFE_EVENTS)),
        ]
        self.fields["target_group"].choices = [
            anything,
            *((g.code, g.label(language)) for g in TargetGroup.objects.filter(code__in=FAMILY_TARGET_GROUPS)),
        ]
