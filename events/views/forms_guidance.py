"""Forms of "What help fits us?": the family's few questions (GET, nothing stored) and the
coordinators' mapping of a situation to PTV codes and group topics."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.forms import FAMILY_LIFE_EVENTS, FAMILY_TARGET_GROUPS
from directory.models import HelpSituation, LifeEvent, ServiceClass, TargetGroup
from directory.services import HelpMapping
from events.models import Group
from venues.models import Municipality

EXPECTING = "expecting"
MAX_AGE_MONTHS = 216  # 18 years
AGE_CHOICES = (
    ("", _("Choose the age")),
    (EXPECTING, _("We are expecting")),
    ("1", _("Under 3 months")),
    ("6", _("3–11 months")),
    ("18", _("1–2 years")),
    ("48", _("3–5 years")),
    ("96", _("6 years or older")),
)
LANGUAGE_CHOICES = (("fi", "suomi"), ("sv", "svenska"), ("en", "English"))
FAMILY_CLASS_PREFIXES = ("P3.", "P4.", "P5.", "P25.", "P27.")


class HelpForm(forms.Form):
    situation = forms.ChoiceField(
        label=_("What is your situation?"),
        choices=HelpSituation.Situation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the situation closest to yours."),
            "invalid_choice": _("We do not know that situation: choose one of the list."),
        },
    )
    age = forms.CharField(
        label=_("How old is your child?"),
        required=False,
        widget=forms.Select(choices=AGE_CHOICES),
        help_text=_("The youngest child, if you have several."),
    )
    municipality = forms.ChoiceField(
        label=_("Where do you live?"),
        required=False,
        error_messages={"invalid_choice": _("We do not know that municipality: choose one of the list.")},
    )
    language = forms.ChoiceField(
        label=_("In which language?"),
        required=False,
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose Finnish, Swedish or English.")},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities = {m.code: m for m in Municipality.objects.select_related("region")}
        self.fields["municipality"].choices = [
            ("", _("Choose the municipality")),
            *((code, m.name) for code, m in self.municipalities.items()),
        ]
        value = self.data.get("age", "") if self.is_bound else ""
        if value.isdigit() and value not in dict(AGE_CHOICES) and int(value) <= MAX_AGE_MONTHS:
            # A bookmarked age between the presets stays selected.
            months = _("%(months)s months") % {"months": int(value)}
            self.fields["age"].widget.choices = [*AGE_CHOICES, (value, months)]

    def clean_age(self) -> int | str | None:
        value = (self.cleaned_data.get("age") or "").strip()
        if not value:
            return None
        if value == EXPECTING:
            return EXPECTING
        if not value.isdigit() or int(value) > MAX_AGE_MONTHS:
            raise forms.ValidationError(
                _("Give the age in months (0–216), or choose “We are expecting”."), code="invalid_age"
            )
        return int(value)

    def clean_municipality(self) -> Municipality | None:
        code = self.cleaned_data.get("municipality")
        return self.municipalities.get(code) if code else None

    def age_months(self) -> int | None:
        age = self.cleaned_data.get("age")
        return age if isinstance(age, int) else None


def _codes(model: type, codes: list[str] | None = None) -> list[tuple[str, str]]:
    rows = model.objects.all()
    if codes is not None:
        rows = rows.filter(code__in=codes)
    return [(row.code, f"{row.code} {row.label_fi}") for row in rows]


def _family_classes() -> list[tuple[str, str]]:
    return [(code, label) for code, label in _codes(ServiceClass) if code.startswith(FAMILY_CLASS_PREFIXES)]


class HelpSituationForm(forms.Form):
    advice_fi = forms.CharField(label=_("Advice in Finnish"), widget=forms.Textarea(attrs={"rows": 3}))
    advice_sv = forms.CharField(
        label=_("Advice in Swedish"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    advice_en = forms.CharField(
        label=_("Advice in English"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    first_contact_classes = forms.MultipleChoiceField(
        label=_("Who to contact first: services of these classes"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one class for the first contact.")},
    )
    service_classes = forms.MultipleChoiceField(
        label=_("Services of these classes"), required=False, widget=forms.CheckboxSelectMultiple
    )
    life_events = forms.MultipleChoiceField(
        label=_("Services for these life events"), required=False, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Only services for these target groups (none: any)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    group_topics = forms.MultipleChoiceField(
        label=_("Groups on these topics"),
        choices=Group.Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        classes = _family_classes()
        self.fields["first_contact_classes"].choices = classes
        self.fields["service_classes"].choices = classes
        self.fields["life_events"].choices = _codes(LifeEvent, list(FAMILY_LIFE_EVENTS))
        self.fields["target_groups"].choices = _codes(TargetGroup, list(FAMILY_TARGET_GROUPS))

    @staticmethod
    def initial_for(situation: HelpSituation) -> dict:
        return {
            "advice_fi": situation.advice_fi,
            "advice_sv": situation.advice_sv,
            "advice_en": situation.advice_en,
            "first_contact_classes": [c.code for c in situation.first_contact_classes.all()],
            "service_classes": [c.code for c in situation.service_classes.all()],
            "life_events": [c.code for c in situation.life_events.all()],
            "target_groups": [c.code for c in situation.target_groups.all()],
            "group_topics": situation.topic_list,
        }

    def advice(self) -> dict[str, str]:
        return {language: self.cleaned_data[f"advice_{language}"] for language in ("fi", "sv", "en")}

    def mapping(self) -> HelpMapping:
        data = self.cleaned_data
        return HelpMapping(
            first_contact_classes=data["first_contact_classes"],
            service_classes=data["service_classes"],
            life_events=data["life_events"],
            target_groups=data["target_groups"],
            group_topics=data["group_topics"],
        )
