"""The providers' forms for local services: plain-language questions that map to PTV codes.

"What is it?" picks PTV service classes (PTV.md §7, always with a sub-class), "Who is it
for?" target groups, "In which situation?" life events. The mapping is by code, here,
never by label.
"""

import datetime
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.dates import validate_plannable_date
from core.form_fields import ModelChoiceField, ModelMultipleChoiceField
from directory.models import Channel, Charge, ServiceHours
from directory.services import Classification, HoursException
from venues.bilingual import require_swedish
from venues.models import Municipality, Organization, Venue

# Plain-language answer -> PTV service classes (primary first).
WHAT = {
    "meeting_place": (_("An open meeting place or family café"), ["P4.12", "P25.5"]),
    "peer_group": (_("A peer group for parents"), ["P4.12"]),
    "baby_group": (_("A baby or pregnancy group, family coaching"), ["P3.2"]),
    "club": (_("A club or activity for children and parents"), ["P25.5", "P3.4"]),
    "parish_club": (_("A parish family club"), ["P25.6", "P4.12"]),
    "guidance": (_("Advice and guidance, a helpline or chat"), ["P5.17", "P4.13"]),
    "family_work": (_("Family work or home help"), ["P3.6"]),
    "counselling": (_("Family counselling"), ["P3.7"]),
    "couples": (_("Support for couples, help with a divorce"), ["P3.1", "P3.5"]),
    "mental_health": (_("Mental health support for parents"), ["P5.7", "P4.12"]),
    "immigrants": (_("A group for immigrant families"), ["P4.11", "P4.12"]),
    "sport": (_("Family sport"), ["P27.1"]),
}
WHO = {
    "families": (_("Families with children"), "KR1.2"),
    "youth": (_("Young people"), "KR1.3"),
    "disabled": (_("People with disabilities"), "KR1.6"),
    "ill": (_("People with a long-term illness"), "KR1.4"),
}
SITUATION = {
    "baby": (_("Expecting or having a baby"), "KE1"),
    "adoption": (_("Adoption"), "KE1.1"),
    "divorce": (_("Divorce or separation"), "KE7"),
    "moving_to_finland": (_("Moving to Finland"), "KE5"),
    "illness": (_("Serious illness"), "KE11"),
    "carer": (_("Caring for a family member"), "KE13"),
    "grief": (_("Death of a loved one"), "KE14"),
}
LANGUAGES = (("fi", "suomi"), ("sv", "svenska"), ("en", "English"))
DAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))


def _answers(mapping: dict, codes: set[str]) -> list[str]:
    return [
        key
        for key, (_label, code) in mapping.items()
        if (set(code) if isinstance(code, list) else {code}) & codes
    ]


class ServiceForm(forms.Form):
    organization = ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none())
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=200)
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=200, required=False)
    summary_fi = forms.CharField(
        label=_("In one sentence, in Finnish"), max_length=150, help_text=_("At most 150 characters.")
    )
    summary_sv = forms.CharField(label=_("In one sentence, in Swedish"), max_length=150, required=False)
    description_fi = forms.CharField(label=_("Description in Finnish"), widget=forms.Textarea, required=False)
    description_sv = forms.CharField(label=_("Description in Swedish"), widget=forms.Textarea, required=False)
    user_instruction_fi = forms.CharField(
        label=_("How to use it, in Finnish"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    what = forms.ChoiceField(
        label=_("What is it?"), widget=forms.RadioSelect, choices=[(k, v[0]) for k, v in WHAT.items()]
    )
    who = forms.MultipleChoiceField(
        label=_("Who is it for?"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(k, v[0]) for k, v in WHO.items()],
    )
    situations = forms.MultipleChoiceField(
        label=_("In which situation? (optional)"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(k, v[0]) for k, v in SITUATION.items()],
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("In which languages?"), widget=forms.CheckboxSelectMultiple, choices=LANGUAGES
    )
    municipalities = ModelMultipleChoiceField(
        label=_("Where?"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )
    charge = forms.ChoiceField(label=_("Does it cost?"), choices=Charge.choices[:2], widget=forms.RadioSelect)
    age_min_months = forms.IntegerField(
        label=_("Child's age from (months)"), min_value=0, max_value=300, required=False
    )
    age_max_months = forms.IntegerField(
        label=_("Child's age to (months)"), min_value=0, max_value=300, required=False
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["municipalities"].label_from_instance = lambda m: m.name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("age_min_months"), data.get("age_max_months")
        if low is not None and high is not None and high < low:
            self.add_error("age_max_months", _("The upper age cannot be below the lower one."))
        # Families of a bilingual municipality in the service's area, or the provider's, read Swedish.
        organization = data.get("organization")
        require_swedish(
            self,
            [*(data.get("municipalities") or []), organization.municipality if organization else None],
            {
                "name_sv": _("%(municipality)s is bilingual: give the name in Swedish too."),
                "summary_sv": _("%(municipality)s is bilingual: write the sentence in Swedish too."),
            },
        )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        keys = ("name_fi", "name_sv", "summary_fi", "summary_sv", "description_fi", "description_sv")
        values = {key: data.get(key) or "" for key in (*keys, "user_instruction_fi")}
        values.update(
            charge=data["charge"],
            languages=",".join(data["languages"]),
            age_min_months=data.get("age_min_months"),
            age_max_months=data.get("age_max_months"),
        )
        return values

    def classification(self) -> Classification:
        data = self.cleaned_data
        return Classification(
            service_classes=list(WHAT[data["what"]][1]),
            target_groups=[WHO[key][1] for key in data["who"]],
            life_events=[SITUATION[key][1] for key in data.get("situations") or []],
            municipalities=[m.code for m in data["municipalities"]],
        )

    @classmethod
    def initial_for(cls, service: Any) -> dict[str, Any]:
        classes = {c.code for c in service.service_classes.all()}
        what = next((k for k, (_label, codes) in WHAT.items() if codes[0] in classes), None)
        groups = {g.code for g in service.target_groups.all()}
        events = {e.code for e in service.life_events.all()}
        initial = {name: getattr(service, name) for name in cls.base_fields if hasattr(service, name)}
        initial.update(
            organization=service.organization_id,
            what=what,
            who=_answers(WHO, groups),
            situations=_answers(SITUATION, events),
            languages=service.language_list,
            municipalities=[m.code for m in service.municipalities.all()],
        )
        return initial


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label=_("How do families reach it?"), choices=Channel.Kind.choices)
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=200)
    venue = ModelChoiceField(label=_("Venue (for a visit)"), queryset=Venue.objects.none(), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    charge = forms.ChoiceField(label=_("Call charge"), choices=[("", "–"), *Charge.choices], required=False)
    url = forms.URLField(label=_("Address (URL)"), max_length=500, required=False, assume_scheme="https")
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args: Any, venues: Any, exceptions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venues
        for day, label in enumerate(DAYS):
            self.fields[f"opens_{day}"] = forms.TimeField(
                label=_("%(day)s opens") % {"day": label}, required=False
            )
            self.fields[f"closes_{day}"] = forms.TimeField(
                label=_("%(day)s closes") % {"day": label}, required=False
            )
        if exceptions is not None:  # editing: exceptional hours, kept, removed or one added
            if exceptions.exists():
                self.fields["remove_exceptions"] = ModelMultipleChoiceField(
                    label=_("Remove these exceptional hours"),
                    queryset=exceptions,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
                self.fields["remove_exceptions"].label_from_instance = exception_label
            self.fields["exception_from"] = forms.DateField(
                label=_("Exceptional hours: first day"),
                required=False,
                validators=[validate_plannable_date],
                widget=forms.DateInput(attrs={"type": "date"}),
                help_text=_("For example a holiday closure. Leave empty when there is none to add."),
            )
            self.fields["exception_to"] = forms.DateField(
                label=_("Exceptional hours: last day"),
                required=False,
                validators=[validate_plannable_date],
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields["exception_closed"] = forms.BooleanField(
                label=_("Closed on those days"), required=False
            )
            self.fields["exception_opens"] = forms.TimeField(label=_("Or opens at"), required=False)
            self.fields["exception_closes"] = forms.TimeField(label=_("and closes at"), required=False)
            self.fields["exception_info"] = forms.CharField(
                label=_("Note for families"), max_length=250, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        needs = {
            "visit": "venue",
            "phone": "phone",
            "web": "url",
            "eservice": "url",
            "chat": "url",
            "email": "email",
        }
        if kind in needs and not data.get(needs[kind]):
            self.add_error(needs[kind], _("Fill this in for this kind of channel."))
        for day in range(7):
            opens, closes = data.get(f"opens_{day}"), data.get(f"closes_{day}")
            if (opens is None) != (closes is None):
                self.add_error(f"closes_{day}", _("Give both the opening and the closing time, or neither."))
            elif opens is not None and closes <= opens:
                self.add_error(f"closes_{day}", _("Closing time must be after opening time."))
        if data.get("exception_from"):
            closed = data.get("exception_closed")
            opens, closes = data.get("exception_opens"), data.get("exception_closes")
            if not closed and (opens is None or closes is None):
                self.add_error("exception_opens", _("Tick “closed”, or give the opening and closing time."))
            elif not closed and closes <= opens:
                self.add_error("exception_closes", _("Closing time must be after opening time."))
            last = data.get("exception_to")
            if last is not None and last < data["exception_from"]:
                self.add_error("exception_to", _("The last day cannot be before the first."))
        elif any(data.get(name) for name in ("exception_to", "exception_opens", "exception_closes")):
            self.add_error("exception_from", _("Give the first day of the exceptional hours."))
        return data

    def exception(self) -> HoursException | None:
        data = self.cleaned_data
        if not data.get("exception_from"):
            return None
        return HoursException(
            valid_from=data["exception_from"],
            valid_to=data.get("exception_to"),
            is_closed=bool(data.get("exception_closed")),
            opens=data.get("exception_opens"),
            closes=data.get("exception_closes"),
            info=data.get("exception_info") or "",
        )

    def removed_exceptions(self) -> list[int]:
        return [hours.pk for hours in self.cleaned_data.get("remove_exceptions") or []]

    @staticmethod
    def initial_for(channel: Channel) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "kind": channel.kind,
            "name_fi": channel.name_fi or channel.name,
            "venue": channel.venue_id,
            "phone": channel.phone,
            "charge": channel.charge,
            "url": channel.url,
            "email": channel.email,
        }
        for hours in channel.hours.all():
            if hours.kind == ServiceHours.Kind.WEEKLY and f"opens_{hours.weekday}" not in initial:
                initial[f"opens_{hours.weekday}"] = hours.opens
                initial[f"closes_{hours.weekday}"] = hours.closes
        return initial

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "name_fi": data["name_fi"],
            "venue": data.get("venue") if data["kind"] == "visit" else None,
            "phone": data.get("phone") or "",
            "charge": data.get("charge") or "",
            "url": data.get("url") or "",
            "email": data.get("email") or "",
        }

    def weekly(self) -> list[tuple[int, datetime.time, datetime.time]]:
        data = self.cleaned_data
        return [(d, data[f"opens_{d}"], data[f"closes_{d}"]) for d in range(7) if data.get(f"opens_{d}")]


def exception_label(hours: ServiceHours) -> str:
    days = date_format(hours.valid_from, "SHORT_DATE_FORMAT")
    if hours.valid_to and hours.valid_to != hours.valid_from:
        days += "–" + date_format(hours.valid_to, "SHORT_DATE_FORMAT")
    what = str(_("closed")) if hours.is_closed else f"{hours.opens:%H.%M}–{hours.closes:%H.%M}"
    return f"{days}: {what}" + (f" ({hours.info})" if hours.info else "")
