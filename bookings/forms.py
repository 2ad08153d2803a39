"""The public sign-up form: a parent on a phone, one hand free. Parsing only; rules live in the service."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from bookings.models import MAX_ADULTS, MAX_CHILDREN_PER_BAND, MAX_PRAMS, Booking
from bookings.services.signup_checks import NAME_MAX, NOTE_MAX, Contact, Party
from bookings.services.signups import WhenFull
from core.form_fields import MAX_ID


def _count(label: str, maximum: int, initial: int = 0) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=maximum,
        initial=initial,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count"}),
        error_messages={
            "invalid": _("Enter a whole number."),
            "max_value": _("At most %(limit_value)s."),
            "min_value": _("Numbers cannot be negative."),
        },
    )


class SignUpForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX,
        help_text=_("First name is enough. Do not write children's names."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("We send the confirmation and the link to cancel here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        help_text=_("If you have no email: the leader can call or text you about changes."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    adults = _count(_("Adults"), MAX_ADULTS, initial=1)
    children_under_1 = _count(_("Children under 1 year"), MAX_CHILDREN_PER_BAND)
    children_1_to_2 = _count(_("Children aged 1–2"), MAX_CHILDREN_PER_BAND)
    children_3_to_6 = _count(_("Children aged 3–6"), MAX_CHILDREN_PER_BAND)
    children_7_plus = _count(_("Children aged 7 or over"), MAX_CHILDREN_PER_BAND)
    prams = _count(_("Prams or pushchairs"), MAX_PRAMS)
    language = forms.ChoiceField(label=_("Language for messages"), choices=Booking.Language.choices)
    note = forms.CharField(
        label=_("Note to the leader (optional)"),
        required=False,
        max_length=NOTE_MAX,
        help_text=_("Please do not share health information here."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my details are used for this sign-up."),
        error_messages={"required": _("Please accept the privacy notice to sign up.")},
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # A course where some sessions are full for the party: shown (outside the cached fields) only
    # then, and required by the service only then, under its lock.
    when_full = forms.ChoiceField(
        label=_("If some sessions are full for your party"),
        required=False,
        choices=[
            (WhenFull.AVAILABLE.value, _("Sign us up only where there is room")),
            (WhenFull.WAITLIST.value, _("The whole course: the waiting list for the full sessions")),
        ],
        widget=forms.RadioSelect,
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: object, language: str = "fi", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("language", language if language in Booking.Language.values else "fi")
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def contact(self) -> Contact:
        data = self.cleaned_data
        return Contact(name=data["name"], email=data["email"], phone=data["phone"], language=data["language"])

    def party(self) -> Party:
        data = self.cleaned_data
        return Party(
            adults=data["adults"] or 0,
            children_under_1=data["children_under_1"] or 0,
            children_1_to_2=data["children_1_to_2"] or 0,
            children_3_to_6=data["children_3_to_6"] or 0,
            children_7_plus=data["children_7_plus"] or 0,
            prams=data["prams"] or 0,
        )


class CancelForm(forms.Form):
    """Cancel everything, or one session of a series ("can't come this time")."""

    session = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
