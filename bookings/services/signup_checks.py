"""A sign-up's input checked before any lock: the contact, the party. Pure, no database.

`bookings.services.signups` runs these first, so its lock is taken as late as it can be.
"""

import re
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from bookings.models import MAX_ADULTS, MAX_CHILDREN_PER_BAND, MAX_PRAMS, Booking
from core.errors import DomainError


class SignUpRefused(DomainError):
    """A sign-up or change that cannot be made; the message tells the family why."""


PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,24}$")
NOTE_MAX = 300
NAME_MAX = 100


@dataclass(frozen=True)
class Contact:
    name: str
    email: str = ""
    phone: str = ""
    language: str = Booking.Language.FINNISH


@dataclass(frozen=True)
class Party:
    adults: int = 1
    children_under_1: int = 0
    children_1_to_2: int = 0
    children_3_to_6: int = 0
    children_7_plus: int = 0
    prams: int = 0

    @property
    def children(self) -> int:
        return self.children_under_1 + self.children_1_to_2 + self.children_3_to_6 + self.children_7_plus

    @property
    def people(self) -> int:
        return self.adults + self.children

    def booking_fields(self) -> dict[str, int]:
        """The counts as `Booking` keyword arguments (the field names are the same)."""
        return asdict(self)


# --- validation (no lock needed) --------------------------------------------------------------


def clean_contact(contact: Contact) -> Contact:
    name = " ".join(contact.name.split())
    email = contact.email.strip()
    phone = " ".join(contact.phone.split())
    if not name:
        raise SignUpRefused(_("Tell us your name, so the leader knows who is coming."), code="no_name")
    if len(name) > NAME_MAX:
        raise SignUpRefused(_("The name is too long (at most 100 characters)."), code="name_too_long")
    if not email and not phone:
        raise SignUpRefused(
            _("Give an email address or a phone number, so we can tell you about changes."), code="no_contact"
        )
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise SignUpRefused(_("Check the email address."), code="bad_email") from error
    if phone and not PHONE.match(phone):
        raise SignUpRefused(_("Check the phone number (digits, e.g. 040 123 4567)."), code="bad_phone")
    if contact.language not in Booking.Language.values:
        raise SignUpRefused(_("Choose a language."), code="bad_language")
    return Contact(name=name, email=email.lower(), phone=phone, language=contact.language)


def check_party(party: Party) -> None:
    counts = (
        party.adults,
        party.children_under_1,
        party.children_1_to_2,
        party.children_3_to_6,
        party.children_7_plus,
        party.prams,
    )
    if any(n < 0 for n in counts):
        raise SignUpRefused(_("Numbers cannot be negative."), code="negative")
    if party.people == 0:
        raise SignUpRefused(_("Tell us how many adults and children are coming."), code="no_people")
    if party.adults > MAX_ADULTS:
        raise SignUpRefused(
            _("At most %(n)s adults per sign-up.") % {"n": MAX_ADULTS}, code="too_many_adults"
        )
    if max(counts[1:5]) > MAX_CHILDREN_PER_BAND:
        raise SignUpRefused(
            _("At most %(n)s children of one age per sign-up.") % {"n": MAX_CHILDREN_PER_BAND},
            code="too_many_children",
        )
    if party.prams > MAX_PRAMS:
        raise SignUpRefused(_("At most %(n)s prams per sign-up.") % {"n": MAX_PRAMS}, code="too_many_prams")
