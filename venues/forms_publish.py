"""The form of the publish page: a web site allowed to embed the calendars. Validation is the service's."""

from django import forms
from django.utils.translation import gettext_lazy as _


class EmbedOriginForm(forms.Form):
    origin = forms.CharField(
        label=_("Web site address"),
        max_length=255,
        help_text=_("The address of the site that shows your calendar, e.g. https://www.turku.fi."),
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url", "spellcheck": "false"}),
    )
