"""Input parsing for the participants workspace. Forms check shape only; the rules live in services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bookings.models import MAX_ADULTS, MAX_CHILDREN_PER_BAND, MAX_PRAMS
from bookings.services.attendance import HEADCOUNT_MAX, HEADCOUNT_PRAMS_MAX
from bookings.services.signups import Party


def _number(
    label: str, *, maximum: int, required: bool = True, initial: int | None = 0
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=maximum,
        required=required,
        initial=initial,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-number"}),
    )


class _Ids(forms.Field):
    """A list of sign-up ids. Which of them may be changed is the service's business."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        try:
            return [int(v) for v in value or []]
        except (TypeError, ValueError) as error:
            raise forms.ValidationError(_("The list could not be read."), code="invalid") from error


class AttendanceForm(forms.Form):
    """One checkbox per confirmed sign-up. `shown` lists the rows that were on the page, so an
    unticked box means "did not come". A row cancelled since the page loaded is skipped by the service."""

    shown = _Ids()
    attended = _Ids(required=False)

    def attendance(self) -> dict[int, bool]:
        came = set(self.cleaned_data["attended"])
        return {pk: pk in came for pk in self.cleaned_data["shown"]}


class HeadcountForm(forms.Form):
    prefix = "headcount"

    adults = _number(_("Adults"), maximum=HEADCOUNT_MAX)
    children_under_1 = _number(_("Children under 1 year"), maximum=HEADCOUNT_MAX)
    children_1_to_2 = _number(_("Children aged 1–2"), maximum=HEADCOUNT_MAX)
    children_3_to_6 = _number(_("Children aged 3–6"), maximum=HEADCOUNT_MAX)
    children_7_plus = _number(_("Children aged 7 or over"), maximum=HEADCOUNT_MAX)
    prams = _number(_("Prams"), maximum=HEADCOUNT_PRAMS_MAX)


class WalkInForm(forms.Form):
    """A household that came without signing up."""

    prefix = "walkin"

    adults = _number(_("Adults"), maximum=MAX_ADULTS, initial=1)
    children_under_1 = _number(_("Children under 1 year"), maximum=MAX_CHILDREN_PER_BAND)
    children_1_to_2 = _number(_("Children aged 1–2"), maximum=MAX_CHILDREN_PER_BAND)
    children_3_to_6 = _number(_("Children aged 3–6"), maximum=MAX_CHILDREN_PER_BAND)
    children_7_plus = _number(_("Children aged 7 or over"), maximum=MAX_CHILDREN_PER_BAND)
    prams = _number(_("Prams"), maximum=MAX_PRAMS)

    def party(self) -> Party:
        return Party(**self.cleaned_data)


class PlacesForm(forms.Form):
    """This session's own limits; empty: the group's (or the room's) again."""

    prefix = "places"

    people = _number(_("Places for people"), maximum=500, required=False, initial=None)
    prams = _number(_("Places for prams"), maximum=200, required=False, initial=None)

    def clean_people(self) -> int | None:
        people = self.cleaned_data["people"]
        if people == 0:
            raise forms.ValidationError(_("A session needs at least one place."), code="min_value")
        return people
