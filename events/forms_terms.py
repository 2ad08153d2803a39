"""Input parsing for a new term of a group and a copy of a group, and the confirmation of a delete.

Forms validate shape only; the rules (and the refusals, put on the fields by `TERM_ERROR_FIELDS`)
live in `events/services/terms.py`.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from events.forms_fields import date_field
from events.forms_schedule import BreakFields
from events.services.terms import MAX_SHIFT_WEEKS, TermSpec
from venues.forms import Fieldset

# Which field a roll-over's refusal (by its code) is about.
TERM_ERROR_FIELDS = {
    "first_in_past": "first_date",
    "overlaps_term": "first_date",
    "first_too_far": "first_date",
    "too_far_ahead": "last_date",
    "end_before_start": "last_date",
    "too_long": "last_date",
    "bad_break": "break1_end",
    "break_too_far": "break1_start",
}


class TermForm(BreakFields, forms.Form):
    """The next term: its first and last dates and its breaks (e.g. Christmas, the winter break)."""

    first_date = date_field(_("First date of the new term"))
    last_date = date_field(_("Last date of the new term"))
    skip_clashes = forms.BooleanField(
        label=_("Save without the clashing dates"),
        required=False,
        help_text=_("The schedule is copied, and no sessions are made on the dates listed above."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_break_fields()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.clean_breaks(cleaned)
        return cleaned

    def fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(
                legend=str(_("The new term")),
                fields=[self["first_date"], self["last_date"]],
                help_text=str(_("Every session of the schedule is copied to these dates.")),
            ),
            *self.break_fieldsets(),
        ]

    def term(self) -> TermSpec:
        data = self.cleaned_data
        return TermSpec(first_date=data["first_date"], last_date=data["last_date"], breaks=self.break_specs())


class GroupCopyForm(forms.Form):
    """A copy of a group: its new name, and whether its coming schedule comes along, shifted."""

    title_fi = forms.CharField(
        label=_("Name of the new group"),
        max_length=200,
        widget=forms.TextInput(attrs={"lang": "fi"}),
        error_messages={"required": _("Give the group a name in Finnish.")},
    )
    copy_series = forms.BooleanField(label=_("Copy the coming schedule too"), required=False)
    shift_weeks = forms.IntegerField(
        label=_("Move the copied sessions by (weeks)"),
        required=False,
        min_value=0,
        max_value=MAX_SHIFT_WEEKS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-number"}),
        help_text=_("0 keeps the same dates, for example a parallel group in another room."),
    )
    skip_clashes = forms.BooleanField(
        label=_("Save without the clashing dates"),
        required=False,
        help_text=_("The copy is saved, and no sessions are made on the dates listed above."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_skip_clashes = bool(self.is_bound and self.data.get("skip_clashes"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("copy_series")
            and cleaned.get("shift_weeks") is None
            and "shift_weeks" not in self.errors
        ):
            self.add_error("shift_weeks", _("Tell by how many weeks to move the sessions (0 for none)."))
        return cleaned

    def shift(self) -> int | None:
        return self.cleaned_data["shift_weeks"] if self.cleaned_data["copy_series"] else None


class DeleteForm(forms.Form):
    """Nothing to fill in but the confirmation, sent by the confirming page's button."""

    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)
