"""Input parsing for the tours workspace. Forms validate shape only; the rules live in the tour services.

Dates and times are typed or picked as in the groups workspace (`forms_workspace`), so the pages
work without JavaScript. Cancelling and moving one visit use the groups workspace's forms.
"""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.form_fields import ModelChoiceField, ModelMultipleChoiceField
from events.forms_fields import BREAKS
from events.forms_fields import date_field as _date_field
from events.forms_fields import time_field as _time_field
from events.forms_schedule import BreakFields, RoomChoiceField
from events.models import Tour, TourStop
from events.services.tour_updates import TourDetails
from events.services.tours import MAX_CYCLE_WEEKS, StopPlan, tour_breaks
from venues.forms import LANGUAGE_LEGENDS, Fieldset
from venues.models import OpeningHours, Organization, Room

LANGUAGES = ("fi", "sv", "en")


class TeamField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        memberships = getattr(obj, "tour_memberships", None)  # on the create page: several organizations
        if not memberships:
            return str(obj)
        names = sorted({membership.organization.name for membership in memberships})
        return f"{obj} – {', '.join(names)}"


def _summary(field: forms.Field, label: Any, lang: str) -> None:
    # Labelled in the error summary with the language, since every language has a "Name".
    field.summary_label = _("%(field)s (%(language)s)") % {"field": label, "language": LANGUAGE_LEGENDS[lang]}


class TourForm(BreakFields, forms.Form):
    """A tour's texts, cycle, period, breaks and team. The name is required in Finnish."""

    cycle_weeks = forms.IntegerField(
        label=_("Cycle length (weeks)"),
        min_value=1,
        max_value=MAX_CYCLE_WEEKS,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-number"}),
        help_text=_("1: the same stops every week. 2: two weeks of different stops, then again."),
    )
    first_date = _date_field(_("First date"), help_text=_("Week 1 of the cycle is the week of this date."))
    last_date = _date_field(_("Last date"))
    skip_public_holidays = forms.BooleanField(
        label=_("No visits on Finnish public holidays"), required=False, initial=True
    )
    skip_clashes = forms.BooleanField(
        label=_("Save without the clashing dates"),
        required=False,
        help_text=_("The tour is saved, and no visits are made on the dates listed above."),
    )

    def __init__(
        self,
        *args: Any,
        team: QuerySet[User] | None = None,
        organizations: QuerySet[Organization] | None = None,
        breaks: int = BREAKS,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"] = ModelChoiceField(
                label=_("Organization"),
                queryset=organizations,
                empty_label=None,
                help_text=_("The organization that runs the tour. Its coordinators manage it."),
            )
        for lang in LANGUAGES:
            name = self.fields[f"name_{lang}"] = forms.CharField(
                label=_("Name"),
                required=lang == "fi",
                max_length=200,
                widget=forms.TextInput(attrs={"lang": lang}),
                error_messages={"required": _("Give the tour a name in Finnish.")},
            )
            description = self.fields[f"description_{lang}"] = forms.CharField(
                label=_("Description"),
                required=False,
                widget=forms.Textarea(attrs={"lang": lang, "rows": 4}),
                help_text=_("Who comes along and what families can do there.") if lang == "fi" else "",
            )
            _summary(name, _("Name"), lang)
            _summary(description, _("Description"), lang)
        self.add_break_fields(breaks, example=_("For example “Christmas break”."))
        if team is not None:
            self.fields["leaders"] = TeamField(
                label=_("Team"),
                queryset=team,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_(
                    "The members of the organization who go on the tour: they see it among their groups."
                ),
            )
        self.offer_skip_clashes = bool(self.is_bound and self.data.get("skip_clashes"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.clean_breaks(cleaned)
        return cleaned

    def fieldsets(self) -> list[Fieldset]:
        sets = []
        if "organization" in self.fields:
            sets.append(Fieldset(legend=str(_("Organization")), fields=[self["organization"]]))
        sets += [
            Fieldset(
                legend=str(LANGUAGE_LEGENDS[lang]),
                lang=lang,
                fields=[self[f"name_{lang}"], self[f"description_{lang}"]],
                help_text=str(
                    _("The name is required in Finnish.")
                    if lang == "fi"
                    else _("Optional. Where left empty, the Finnish text is shown.")
                ),
            )
            for lang in LANGUAGES
        ]
        sets.append(
            Fieldset(
                legend=str(_("Cycle and period")),
                fields=[
                    self["cycle_weeks"],
                    self["first_date"],
                    self["last_date"],
                    self["skip_public_holidays"],
                ],
                help_text=str(_("A tour can run about a year at a time, for example one term.")),
            )
        )
        sets += [
            Fieldset(
                legend=self.break_legend(index),
                fields=[self[f"break{index}_{suffix}"] for suffix in ("start", "end", "reason")],
                help_text=str(_("Optional: days without visits, such as the Christmas break.")),
            )
            for index in self.break_numbers
        ]
        if "leaders" in self.fields:
            sets.append(Fieldset(legend=str(_("Team")), fields=[self["leaders"]]))
        return sets

    def details(self) -> TourDetails:
        data = self.cleaned_data
        return TourDetails(
            **{
                f"{name}_{lang}": data[f"{name}_{lang}"]
                for name in ("name", "description")
                for lang in LANGUAGES
            },
            cycle_weeks=data["cycle_weeks"],
            first_date=data["first_date"],
            last_date=data["last_date"],
            skip_public_holidays=data["skip_public_holidays"],
            breaks=self.break_specs(),
            leaders=tuple(data["leaders"]) if "leaders" in data else None,
        )

    @classmethod
    def initial_for(cls, tour: Tour) -> dict[str, Any]:
        initial: dict[str, Any] = {
            f"{name}_{lang}": getattr(tour, f"{name}_{lang}") or ""
            for name in ("name", "description")
            for lang in LANGUAGES
        }
        initial |= {
            "cycle_weeks": tour.cycle_weeks,
            "first_date": tour.first_date,
            "last_date": tour.last_date,
            "skip_public_holidays": tour.skip_public_holidays,
            "leaders": list(tour.group.leaders.values_list("pk", flat=True)),
        }
        for index, item in enumerate(tour_breaks(tour), start=1):
            initial[f"break{index}_start"] = item.start_date
            initial[f"break{index}_end"] = item.end_date
            initial[f"break{index}_reason"] = item.reason
        return initial


# Which field a tour service's refusal (by its code) is about.
TOUR_ERROR_FIELDS = {
    "no_name": "name_fi",
    "bad_cycle": "cycle_weeks",
    "stop_beyond_cycle": "cycle_weeks",
    "no_dates": "first_date",
    "first_too_far": "first_date",
    "too_far_ahead": "last_date",
    "end_before_start": "last_date",
    "too_long": "last_date",
    "no_week_in_range": "last_date",
    "bad_break": "break1_end",
    "break_too_far": "break1_start",
    "leader_not_member": "leaders",
}


class StopForm(forms.Form):
    """Where and when the tour stops: a room of a venue, a weekday and times, in which weeks of the cycle."""

    room = RoomChoiceField(
        label=_("Venue and room"),
        queryset=Room.objects.none(),
        empty_label=_("Choose…"),
        help_text=_("The rooms of your organization's venues that can be booked."),
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=OpeningHours.Weekday.choices, coerce=int, widget=forms.RadioSelect
    )
    start_time = _time_field(_("Starts at"))
    end_time = _time_field(_("Ends at"))
    skip_clashes = forms.BooleanField(
        label=_("Save without the clashing dates"),
        required=False,
        help_text=_("The stop is saved, and no visits are made on the dates listed above."),
    )

    def __init__(
        self, *args: Any, rooms: QuerySet[Room], cycle_weeks: int, one_week: bool = False, **kwargs: Any
    ) -> None:
        """`one_week`: an existing stop, which is in one week of the cycle; a new one may be in several."""
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        choices = [(week, _("Week %(number)d") % {"number": week}) for week in range(1, cycle_weeks + 1)]
        if one_week:
            self.fields["weeks"] = forms.TypedChoiceField(
                label=_("Week of the cycle"), choices=choices, coerce=int, widget=forms.RadioSelect
            )
        else:
            self.fields["weeks"] = forms.TypedMultipleChoiceField(
                label=_("Weeks of the cycle"),
                choices=choices,
                coerce=int,
                initial=[1],
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Choose at least one week of the cycle.")},
                help_text=_("The stop is visited in each week you choose."),
            )
        self.order_fields(["room", "weeks", "weekday", "start_time", "end_time"])
        self.offer_skip_clashes = bool(self.is_bound and self.data.get("skip_clashes"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("A visit must end after it starts."))
        return cleaned

    def fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(legend=str(_("Where")), fields=[self["room"]]),
            Fieldset(
                legend=str(_("When")),
                fields=[self["weeks"], self["weekday"], self["start_time"], self["end_time"]],
            ),
        ]

    def plan(self) -> StopPlan:
        data = self.cleaned_data
        start, end = data["start_time"], data["end_time"]
        return StopPlan(
            room=data["room"],
            weekday=data["weekday"],
            start_time=start,
            duration_minutes=(end.hour * 60 + end.minute) - (start.hour * 60 + start.minute),
            # A new stop: one per chosen week (`tour_stops_add`); an existing one: its week.
            week_of_cycle=data["weeks"] if isinstance(data["weeks"], int) else 0,
        )

    @classmethod
    def initial_for(cls, stop: TourStop) -> dict[str, Any]:
        series = stop.series
        end = series.start_time.hour * 60 + series.start_time.minute + series.duration_minutes
        return {
            "room": series.room_id,
            "weeks": stop.week_of_cycle,
            "weekday": series.weekday_list[0],
            "start_time": series.start_time,
            "end_time": dt.time((end // 60) % 24, end % 60),
        }


STOP_ERROR_FIELDS = {
    "room_of_other_organization": "room",
    "room_not_bookable": "room",
    "room_of_other_venue": "room",
    "bad_week": "weeks",
    "no_week": "weeks",
    "no_weekday": "weekday",
    "bad_duration": "end_time",
    "dst_gap": "start_time",
    "dst_ambiguous": "start_time",
}


class StopRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown to families"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed only if families have signed up for the stop's coming visits."),
    )


class TourDeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown to families"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed only if families have signed up for the tour's coming visits."),
    )
