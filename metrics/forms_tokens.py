"""The form that issues a metrics API token. Thin: parse only; `api_token_create` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.forms_fields import date_field
from metrics.models import ApiToken
from venues.forms import with_choose
from venues.models import Organization


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Who uses the token, e.g. “Varha reporting”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none())
    scope = forms.ChoiceField(
        label=_("The token reads"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.ORGANIZATION
    )
    expires_on = date_field(
        _("Valid until (optional)"),
        required=False,
        help_text=_(
            "The token stops working after this day. Leave empty for a token that works until revoked."
        ),
    )

    def __init__(
        self, *args: object, organizations: list[Organization], county_ids: set[int], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations]).order_by("name")
        if len(organizations) == 1:
            field.initial = organizations[0].pk
            field.widget = forms.HiddenInput()
        else:
            field.empty_label = with_choose([])[0][1]
        if not county_ids:
            # Only a county's own organization reads the whole county: no choice to offer.
            self.fields["scope"].widget = forms.HiddenInput()
            self.fields["scope"].choices = [(ApiToken.Scope.ORGANIZATION, ApiToken.Scope.ORGANIZATION.label)]
