"""The form for a new organization. Shape only: who may add where is the service's rule."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.form_fields import ModelChoiceField
from venues.business_ids import normalize_business_id, validate_business_id
from venues.models import Municipality, Organization
from venues.services.organizations import NEW_KINDS, NewOrganization

LANGUAGE_CHOICES = (("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English")))


class OrganizationCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        # No silent default: the coordinator chooses.
        choices=[("", _("Choose…")), *[(k, Organization.Kind(k).label) for k in NEW_KINDS]],
    )
    business_id = forms.CharField(
        label=_("Business ID"),
        max_length=12,
        help_text=_("Y-tunnus, e.g. 0204819-8."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    municipality = ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    coordinator_email = forms.EmailField(
        label=_("Email address of its first coordinator"),
        max_length=254,
        help_text=_("They get an invitation link and log in with a code sent to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: object, municipalities: QuerySet[Municipality], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities

    def clean_business_id(self) -> str:
        value = normalize_business_id(self.cleaned_data["business_id"])
        validate_business_id(value)
        return value

    def to_new_organization(self) -> NewOrganization:
        data = self.cleaned_data
        return NewOrganization(
            name=data["name"],
            kind=data["kind"],
            business_id=data["business_id"],
            municipality=data["municipality"],
            coordinator_email=data["coordinator_email"],
            language=data["language"],
            website=data["website"],
        )
