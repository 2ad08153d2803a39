"""Input parsing for the workspace. Forms validate shape only; rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from venues.models import Membership


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_(
            "If the person has no account yet, one is created. They sign in with a code sent to this address."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.LEADER,
        help_text=_("Coordinators manage the organization's members; group leaders run its groups."),
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
