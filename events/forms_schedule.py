"""Input parsing for a group's schedule in the workspace: series and one session (a new term and a
copy of a group: `forms_terms.py`).

Forms validate shape only; the rules live in services. A refusal of a service
(`ScheduleError`, `RoomClash`) is put on the field it concerns (`core.forms_flow.show_refusal`,
with the `*_ERROR_FIELDS` maps below).
"""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.form_fields import ModelChoiceField
from events import recurrence
from events.forms_fields import BREAKS, date_field, time_field
from events.models import Series, Session
from events.services.series import BreakSpec, SeriesSpec
from venues.forms import Fieldset
from venues.models import OpeningHours, Room

# --- series --------------------------------------------------------------------------------------

NTH_CHOICES = [
    ("", _("Choose…")),
    ("1", _("first")),
    ("2", _("second")),
    ("3", _("third")),
    ("4", _("fourth")),
    ("-1", _("last")),
]

# Which field a ScheduleError (by its code) is about.
SERIES_ERROR_FIELDS = {
    "room_of_other_organization": "room",
    "room_not_bookable": "room",
    "end_before_start": "last_date",
    "too_long": "last_date",
    "first_too_far": "first_date",
    "too_far_ahead": "last_date",
    "no_weekday": "weekdays",
    "bad_monthly": "nth_of_month",
    "bad_duration": "end_time",
    "bad_interval": "interval_weeks",
    "dst_gap": "start_time",
    "dst_ambiguous": "start_time",
}


class RoomChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Room) -> str:
        return f"{obj.venue.name}: {obj.name}"


class BreakFields:
    """Break slots on a form (first day, last day, reason), then the clash choice: for a series, and
    for a new term. Call `add_break_fields` in `__init__` and `clean_breaks` in `clean`."""

    fields: dict[str, forms.Field]

    def add_break_fields(self, breaks: int = BREAKS, *, example: Any = None) -> None:
        self.break_numbers = range(1, max(breaks, BREAKS) + 1)
        for index in self.break_numbers:
            start = self.fields[f"break{index}_start"] = date_field(_("First day"), required=False)
            end = self.fields[f"break{index}_end"] = date_field(_("Last day"), required=False)
            reason = self.fields[f"break{index}_reason"] = forms.CharField(
                label=_("Reason"),
                required=False,
                max_length=120,
                help_text=(example or _("For example “Autumn break”.")) if index == 1 else "",
            )
            legend = self.break_legend(index)
            # Labelled in the error summary with the break, since both breaks have a "First day".
            for field, label in ((start, _("First day")), (end, _("Last day")), (reason, _("Reason"))):
                field.summary_label = _("%(break)s: %(field)s") % {"break": legend, "field": label}
        # The order of the page, for the error summary; the clash choice comes last.
        self.order_fields([name for name in self.fields if name != "skip_clashes"])
        # Shown after a clash, and kept on while the leader corrects something else.
        self.offer_skip_clashes = bool(self.is_bound and self.data.get("skip_clashes"))

    @staticmethod
    def break_legend(index: int) -> str:
        return str(_("Break %(number)d") % {"number": index})

    def clean_breaks(self, cleaned: dict[str, Any]) -> None:
        for index in self.break_numbers:
            first, last = f"break{index}_start", f"break{index}_end"
            if first in self.errors or last in self.errors:
                continue
            if cleaned.get(first) and not cleaned.get(last):
                self.add_error(last, _("Give the break's last day too, or leave both days empty."))
            elif cleaned.get(last) and not cleaned.get(first):
                self.add_error(first, _("Give the break's first day too, or leave both days empty."))

    def break_fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(
                legend=self.break_legend(index),
                fields=[self[f"break{index}_start"], self[f"break{index}_end"], self[f"break{index}_reason"]],
                help_text=str(
                    _(
                        "Optional: days without sessions, such as the autumn break. "
                        "For a single day, give the same day twice."
                    )
                ),
            )
            for index in self.break_numbers
        ]

    def break_specs(self) -> tuple[BreakSpec, ...]:
        data = self.cleaned_data
        return tuple(
            BreakSpec(
                start_date=data[f"break{index}_start"],
                end_date=data[f"break{index}_end"],
                reason=data[f"break{index}_reason"],
            )
            for index in self.break_numbers
            if data.get(f"break{index}_start") and data.get(f"break{index}_end")
        )


class SeriesForm(BreakFields, forms.Form):
    """When and where a group meets: weekdays, times, how often, from when to when, and breaks.

    `skip_clashes` is shown only after the service refused a clash (`offer_skip_clashes`).
    """

    room = RoomChoiceField(label=_("Room"), queryset=Room.objects.none(), empty_label=_("Choose…"))
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=OpeningHours.Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_time = time_field(_("Starts at"))
    end_time = time_field(_("Ends at"))
    frequency = forms.ChoiceField(
        label=_("Repeats"),
        choices=Series.Frequency.choices,
        initial=Series.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )
    interval_weeks = forms.IntegerField(
        label=_("Every how many weeks"),
        required=False,
        initial=1,
        min_value=1,
        max_value=8,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-number"}),
        help_text=_("1 is every week, 2 every other week. For a weekly series."),
    )
    nth_of_month = forms.TypedChoiceField(
        label=_("Which weekday of the month"),
        choices=NTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("For a monthly series, for example the first Tuesday: choose one weekday above."),
    )
    first_date = date_field(_("First date"))
    last_date = date_field(_("Last date"))
    skip_public_holidays = forms.BooleanField(
        label=_("No sessions on Finnish public holidays"),
        required=False,
        initial=True,
        help_text=_("For example Epiphany, Easter, May Day, Ascension Day and Independence Day (6.12.)."),
    )
    skip_clashes = forms.BooleanField(
        label=_("Save without the clashing dates"),
        required=False,
        help_text=_("The series is saved, and no sessions are made on the dates listed above."),
    )

    def __init__(self, *args: Any, rooms: QuerySet[Room], breaks: int = BREAKS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        self.add_break_fields(breaks)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("A session must end after it starts."))
        self.clean_breaks(cleaned)
        return cleaned

    def fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(legend=str(_("Where")), fields=[self["room"]]),
            Fieldset(
                legend=str(_("Weekdays and times")),
                fields=[self["weekdays"], self["start_time"], self["end_time"]],
            ),
            Fieldset(
                legend=str(_("How often")),
                fields=[self["frequency"], self["interval_weeks"], self["nth_of_month"]],
            ),
            Fieldset(
                legend=str(_("From when to when")),
                fields=[self["first_date"], self["last_date"], self["skip_public_holidays"]],
                help_text=str(_("For example one term. A series can last at most about a year.")),
            ),
            *self.break_fieldsets(),
        ]

    def spec(self) -> SeriesSpec:
        data = self.cleaned_data
        start, end = data["start_time"], data["end_time"]
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        breaks = self.break_specs()
        return SeriesSpec(
            room=data["room"],
            first_date=data["first_date"],
            last_date=data["last_date"],
            start_time=start,
            duration_minutes=minutes,
            weekdays=tuple(data["weekdays"]),
            frequency=data["frequency"],
            interval_weeks=data["interval_weeks"] or 1,
            nth_of_month=data["nth_of_month"],
            skip_public_holidays=data["skip_public_holidays"],
            breaks=breaks,
        )

    @classmethod
    def initial_for(cls, series: Series) -> dict[str, Any]:
        end = series.start_time.hour * 60 + series.start_time.minute + series.duration_minutes
        initial: dict[str, Any] = {
            "room": series.room_id,
            "weekdays": series.weekday_list,
            "start_time": series.start_time,
            "end_time": dt.time((end // 60) % 24, end % 60),
            "frequency": series.frequency,
            "interval_weeks": series.interval_weeks,
            "nth_of_month": "" if series.nth_of_month is None else str(series.nth_of_month),
            "first_date": series.first_date,
            "last_date": series.last_date,
            "skip_public_holidays": series.skip_public_holidays,
        }
        for index, item in enumerate(series.breaks.all(), start=1):
            initial[f"break{index}_start"] = item.start_date
            initial[f"break{index}_end"] = item.end_date
            initial[f"break{index}_reason"] = item.reason
        return initial


# --- one session ---------------------------------------------------------------------------------


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown to families"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example “The leader is ill. Welcome back next week!”"),
        error_messages={"required": _("Tell families why the session is cancelled.")},
    )


class MoveForm(forms.Form):
    """A new date, times and room for one session, in Finnish time."""

    date = date_field(_("Date"))
    start_time = time_field(_("Starts at"))
    end_time = time_field(_("Ends at"))
    room = RoomChoiceField(label=_("Room"), queryset=Room.objects.none(), empty_label=None)

    def __init__(self, *args: Any, rooms: QuerySet[Room], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            for name, moment in (("start_time", start), ("end_time", end)):
                if recurrence.wall_clock_problem(day, moment):
                    self.add_error(
                        name,
                        _("%(time)s does not exist on %(date)s, when the clocks change. Choose another time.")
                        % {"time": moment.strftime("%H.%M"), "date": date_format(day, "SHORT_DATE_FORMAT")},
                    )
            if end <= start:
                self.add_error("end_time", _("A session must end after it starts."))
        return cleaned

    def moment(self) -> tuple[dt.datetime, dt.datetime]:
        """The new start and end, aware, in Helsinki time."""
        data = self.cleaned_data
        return recurrence.local(data["date"], data["start_time"]), recurrence.local(
            data["date"], data["end_time"]
        )

    @classmethod
    def initial_for(cls, session: Session) -> dict[str, Any]:
        start = session.start.astimezone(recurrence.HELSINKI)
        end = session.end.astimezone(recurrence.HELSINKI)
        return {
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "room": session.room_id,
        }


MOVE_ERROR_FIELDS = {
    "end_before_start": "end_time",
    "past": "date",
    "too_far_ahead": "date",
    "room_of_other_organization": "room",
}
