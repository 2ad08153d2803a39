"""Input parsing for the groups workspace. Forms validate shape only; the rules live in services.

Dates may be typed as d.m.yyyy or picked with the browser's date input (ISO), so
the pages work without JavaScript and in any browser. A refusal of a service
(`ScheduleError`, `RoomClash`) is put on the field it concerns by `show_refusal`.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.form_fields import ModelChoiceField
from core.forms_flow import show_refusal
from directory.models import Service
from events.forms_fields import DATE_INPUT_FORMATS, TIME_INPUT_FORMATS, DateWidget, TimeWidget
from events.forms_schedule import (
    MOVE_ERROR_FIELDS,
    NTH_CHOICES,
    SERIES_ERROR_FIELDS,
    BreakFields,
    CancelForm,
    MoveForm,
    RoomChoiceField,
    SeriesForm,
)
from events.models import MAX_AGE_MONTHS, Group
from events.services.groups import GROUP_FIELDS
from venues.bilingual import require_swedish
from venues.forms import LANGUAGE_LEGENDS, Fieldset, with_choose
from venues.models import Organization

# The schedule's forms live in forms_schedule.py, the date fields in forms_fields.py; their
# names stay importable from here.
__all__ = [
    "DATE_INPUT_FORMATS",
    "MOVE_ERROR_FIELDS",
    "NTH_CHOICES",
    "SERIES_ERROR_FIELDS",
    "TIME_INPUT_FORMATS",
    "BreakFields",
    "CancelForm",
    "DateWidget",
    "GroupCreateForm",
    "GroupForm",
    "MoveForm",
    "RoomChoiceField",
    "SeriesForm",
    "TimeWidget",
    "show_refusal",
]


# --- groups --------------------------------------------------------------------------------------


class GroupForm(forms.Form):
    """A group's details. The name is required in Finnish; Swedish and English fall back to it."""

    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=with_choose(Group.Topic.choices),
        error_messages={"required": _("Choose the group's topic.")},
    )
    audience = forms.ChoiceField(
        label=_("For whom"),
        choices=with_choose(Group.Audience.choices),
        error_messages={"required": _("Choose whom the group is for.")},
    )
    age_min_months = forms.IntegerField(
        label=_("Youngest child (months)"),
        required=False,
        min_value=0,
        max_value=MAX_AGE_MONTHS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-number"}),
    )
    age_max_months = forms.IntegerField(
        label=_("Oldest child (months)"),
        required=False,
        min_value=0,
        max_value=MAX_AGE_MONTHS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-number"}),
    )
    in_finnish = forms.BooleanField(label=_("Finnish"), required=False, initial=True)
    in_swedish = forms.BooleanField(label=_("Swedish"), required=False)
    in_english = forms.BooleanField(label=_("English"), required=False)
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        max_length=120,
        help_text=_("For example “Arabic, Ukrainian”."),
    )
    signup_mode = forms.ChoiceField(
        label=_("Sign-up"),
        choices=Group.SignUpMode.choices,
        initial=Group.SignUpMode.DROP_IN,
        widget=forms.RadioSelect,
    )
    capacity_people = forms.IntegerField(
        label=_("Places (people)"),
        required=False,
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-number"}),
        help_text=_("Adults and children together. Leave empty to use the room's capacity."),
    )
    capacity_prams = forms.IntegerField(
        label=_("Places for prams"),
        required=False,
        min_value=0,
        max_value=200,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-number"}),
        help_text=_("Leave empty to use the room's pram spaces."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Group.Visibility.choices,
        initial=Group.Visibility.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_(
            "An unlisted group is left out of listings, searches and public calendar feeds: only people "
            "who have its link find it, for example the members of a closed peer group. A group made "
            "unlisted later keeps its web address, so those who already have the link can still open it."
        ),
    )

    service = ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("No service"),
        error_messages={
            "invalid_choice": _("Choose one of the services of the group's organization, or none.")
        },
        help_text=_(
            "Optional: the service the group is part of, such as the family centre's family work. "
            "The group's page links to the service in the service directory."
        ),
    )

    def __init__(
        self,
        *args: Any,
        organization: Organization | None = None,
        services: QuerySet[Service] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization  # whose municipality may ask for the Swedish name too
        # The services the group may be part of (`directory.selectors.service_list_for_group`);
        # with none to offer, the question is not asked.
        if services is None or not services.exists():
            del self.fields["service"]
        else:
            self.fields["service"].queryset = services
        for lang in ("fi", "sv", "en"):
            self.fields[f"title_{lang}"] = forms.CharField(
                label=_("Name"),
                required=lang == "fi",
                max_length=200,
                widget=forms.TextInput(attrs={"lang": lang}),
                error_messages={"required": _("Give the group a name in Finnish.")},
            )
            self.fields[f"description_{lang}"] = forms.CharField(
                label=_("Description"),
                required=False,
                widget=forms.Textarea(attrs={"lang": lang, "rows": 4}),
                help_text=_("What happens in the group, and what to bring.") if lang == "fi" else "",
            )
            # Labelled in the error summary with the language, since every language has a "Name".
            self.fields[f"title_{lang}"].summary_label = _("%(field)s (%(language)s)") % {
                "field": _("Name"),
                "language": LANGUAGE_LEGENDS[lang],
            }
            self.fields[f"description_{lang}"].summary_label = _("%(field)s (%(language)s)") % {
                "field": _("Description"),
                "language": LANGUAGE_LEGENDS[lang],
            }
        # "Choose at least one language" sits on the first checkbox; the summary names the question.
        self.fields["in_finnish"].summary_label = _("Languages")
        # The error summary lists the errors in this order, the order of the page.
        self.order_fields(
            [
                *(f"{base}_{lang}" for lang in ("fi", "sv", "en") for base in ("title", "description")),
                "topic",
                "audience",
                "service",
            ]
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        youngest, oldest = cleaned.get("age_min_months"), cleaned.get("age_max_months")
        if youngest is not None and oldest is not None and oldest < youngest:
            self.add_error("age_max_months", _("The oldest age cannot be below the youngest."))
        if not any(
            cleaned.get(name) for name in ("in_finnish", "in_swedish", "in_english", "other_languages")
        ):
            self.add_error("in_finnish", _("Choose at least one language."))
        organization = self.organization or cleaned.get("organization")
        if organization is not None:
            require_swedish(
                self,
                [organization.municipality],
                {"title_sv": _("%(municipality)s is bilingual: give the group a name in Swedish too.")},
            )
        return cleaned

    def fieldsets(self) -> list[Fieldset]:
        return [
            *(
                Fieldset(
                    legend=str(LANGUAGE_LEGENDS[lang]),
                    lang=lang,
                    fields=[self[f"title_{lang}"], self[f"description_{lang}"]],
                    help_text=str(
                        _("The name is required in Finnish.")
                        if lang == "fi"
                        else _("Optional. Where left empty, the Finnish text is shown.")
                    ),
                )
                for lang in ("fi", "sv", "en")
            ),
            Fieldset(legend=str(_("What and for whom")), fields=[self["topic"], self["audience"]]),
            *(
                [Fieldset(legend=str(_("Service in the directory")), fields=[self["service"]])]
                if "service" in self.fields
                else []
            ),
            Fieldset(
                legend=str(_("Children's ages")),
                fields=[self["age_min_months"], self["age_max_months"]],
                help_text=str(
                    _(
                        "In months: 0–12 is the first year, 12–36 toddlers, 36–72 under school age. "
                        "Leave both empty if children of any age are welcome."
                    )
                ),
            ),
            Fieldset(
                legend=str(_("Languages")),
                fields=[self["in_finnish"], self["in_swedish"], self["in_english"], self["other_languages"]],
                help_text=str(_("The languages the group is held in. Choose at least one.")),
            ),
            Fieldset(
                legend=str(_("Sign-up and places")),
                fields=[self["signup_mode"], self["capacity_people"], self["capacity_prams"]],
            ),
            Fieldset(legend=str(_("Visibility")), fields=[self["visibility"]]),
        ]

    def group_data(self) -> dict[str, Any]:
        names = (*GROUP_FIELDS, "service")
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}

    @classmethod
    def initial_for(cls, group: Group) -> dict[str, Any]:
        return {**{name: getattr(group, name) for name in GROUP_FIELDS}, "service": group.service_id}


class GroupCreateForm(GroupForm):
    organization = ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        empty_label=_("Choose…"),
        error_messages={"required": _("Choose the organization that runs the group.")},
        help_text=_("The organization that runs the group. Its coordinators can also manage the group."),
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        only = list(organizations[:2])
        if len(only) == 1:
            self.fields["organization"].initial = only[0].pk  # the one answer there is

    def fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(legend=str(_("Organization")), fields=[self["organization"]]),
            *super().fieldsets(),
        ]
