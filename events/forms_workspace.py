"""Input parsing for the groups workspace. Forms validate shape only; the rules live in services.

Dates may be typed as d.m.yyyy or picked with the browser's date input (ISO), so
the pages work without JavaScript and in any browser. A refusal of a service
(`ScheduleError`, `RoomClash`) is put on the field it concerns by `show_refusal`.
"""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.dates import validate_plannable_date
from core.errors import DomainError
from events import recurrence
from events.models import MAX_AGE_MONTHS, Group, Series, Session
from events.services.groups import GROUP_FIELDS
from events.services.series import BreakSpec, SeriesSpec
from venues.bilingual import require_swedish
from venues.forms import LANGUAGE_LEGENDS, Fieldset
from venues.models import OpeningHours, Organization, Room

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
# Break slots on the form; more when a series already has more (made elsewhere), so none is lost.
BREAKS = 2


class DateWidget(forms.DateInput):
    """The browser's date picker. A date typed as d.m.yyyy is shown back in ISO, which the picker needs."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str) and value:
            try:
                value = forms.DateField(input_formats=DATE_INPUT_FORMATS).to_python(value)
            except ValidationError:
                return value
        return super().format_value(value)


class TimeWidget(forms.TimeInput):
    """The browser's time input. A time typed as 10.30 is shown back as 10:30, which the input needs."""

    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M", attrs={"step": 300})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str) and value:
            try:
                value = forms.TimeField(input_formats=TIME_INPUT_FORMATS).to_python(value)
            except ValidationError:
                return value
        return super().format_value(value)


def _date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateWidget(),
        error_messages={"invalid": _("Type the date as d.m.yyyy, for example 6.12.2027.")},
        validators=[validate_plannable_date],
        **kwargs,
    )


def _time_field(label: str, **kwargs: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=TIME_INPUT_FORMATS,
        widget=TimeWidget(),
        error_messages={"invalid": _("Type the time as hours and minutes, for example 10.00.")},
        **kwargs,
    )


def show_refusal(form: forms.Form, error: DomainError | ValidationError, fields: dict[str, str]) -> None:
    """Put a service's refusal on the field its code names (`fields`), else above the form."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return
    field = fields.get(error.code)
    form.add_error(field if field in form.fields else None, str(error))


# --- groups --------------------------------------------------------------------------------------


class GroupForm(forms.Form):
    """A group's details. The name is required in Finnish; Swedish and English fall back to it."""

    topic = forms.ChoiceField(label=_("Topic"), choices=Group.Topic.choices)
    audience = forms.ChoiceField(label=_("For whom"), choices=Group.Audience.choices)
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

    def __init__(self, *args: Any, organization: Organization | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization  # whose municipality may ask for the Swedish name too
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
            [f"{base}_{lang}" for lang in ("fi", "sv", "en") for base in ("title", "description")]
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
        return {name: self.cleaned_data[name] for name in GROUP_FIELDS if name in self.cleaned_data}

    @classmethod
    def initial_for(cls, group: Group) -> dict[str, Any]:
        return {name: getattr(group, name) for name in GROUP_FIELDS}


class GroupCreateForm(GroupForm):
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        empty_label=None,
        help_text=_("The organization that runs the group. Its coordinators can also manage the group."),
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(legend=str(_("Organization")), fields=[self["organization"]]),
            *super().fieldsets(),
        ]


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


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Room) -> str:
        return f"{obj.venue.name}: {obj.name}"


class SeriesForm(forms.Form):
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
    start_time = _time_field(_("Starts at"))
    end_time = _time_field(_("Ends at"))
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
    first_date = _date_field(_("First date"))
    last_date = _date_field(_("Last date"))
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
        self.break_numbers = range(1, max(breaks, BREAKS) + 1)
        for index in self.break_numbers:
            start = self.fields[f"break{index}_start"] = _date_field(_("First day"), required=False)
            end = self.fields[f"break{index}_end"] = _date_field(_("Last day"), required=False)
            reason = self.fields[f"break{index}_reason"] = forms.CharField(
                label=_("Reason"),
                required=False,
                max_length=120,
                help_text=_("For example “Autumn break”.") if index == 1 else "",
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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("A session must end after it starts."))
        for index in self.break_numbers:
            first, last = f"break{index}_start", f"break{index}_end"
            if first in self.errors or last in self.errors:
                continue
            if cleaned.get(first) and not cleaned.get(last):
                self.add_error(last, _("Give the break's last day too, or leave both days empty."))
            elif cleaned.get(last) and not cleaned.get(first):
                self.add_error(first, _("Give the break's first day too, or leave both days empty."))
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
            *(
                Fieldset(
                    legend=self.break_legend(index),
                    fields=[
                        self[f"break{index}_start"],
                        self[f"break{index}_end"],
                        self[f"break{index}_reason"],
                    ],
                    help_text=str(
                        _(
                            "Optional: days without sessions, such as the autumn break. "
                            "For a single day, give the same day twice."
                        )
                    ),
                )
                for index in self.break_numbers
            ),
        ]

    def spec(self) -> SeriesSpec:
        data = self.cleaned_data
        start, end = data["start_time"], data["end_time"]
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        breaks = tuple(
            BreakSpec(
                start_date=data[f"break{index}_start"],
                end_date=data[f"break{index}_end"],
                reason=data[f"break{index}_reason"],
            )
            for index in self.break_numbers
            if data.get(f"break{index}_start") and data.get(f"break{index}_end")
        )
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

    date = _date_field(_("Date"))
    start_time = _time_field(_("Starts at"))
    end_time = _time_field(_("Ends at"))
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
