"""The families' forms: a score with a comment, and a wish. Thin: parse only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_fields import ModelChoiceField
from events.models import Group
from metrics.models import COMMENT_MAX, Wish
from venues.models import Municipality

SCORES = (
    (5, _("Very good")),
    (4, _("Good")),
    (3, _("All right")),
    (2, _("Not so good")),
    (1, _("Bad")),
)
FACES = {5: "😄", 4: "🙂", 3: "😐", 2: "🙁", 1: "😞"}


class FeedbackForm(forms.Form):
    """The face is the submit button pressed (one tap); the comment is optional."""

    score = forms.TypedChoiceField(choices=SCORES, coerce=int, label=_("How was it?"))
    comment = forms.CharField(
        label=_("A few words for the leaders (optional)"),
        help_text=_(
            "Please do not write about health or other personal matters. Only the leaders read this."
        ),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WishForm(forms.Form):
    topic = forms.ChoiceField(label=_("What kind of group?"), choices=Group.Topic.choices)
    municipality = ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Any"),
        to_field_name="code",
    )
    age = forms.ChoiceField(
        label=_("Child's age"), choices=[("", _("Any")), *Wish.Age.choices], required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=Wish.Language.choices)
    text = forms.CharField(
        label=_("What would you like?"),
        help_text=_("Please do not write about health or other personal matters."),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        help_text=_("Only to tell you when such a group starts; then we remove it."),
        required=False,
    )
    # A field people never see: bots fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)
