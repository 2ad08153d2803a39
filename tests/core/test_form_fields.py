"""Model choices refuse ids past 64 bits as invalid choices, where Django's own fields raised
SQLite's OverflowError (a 500 on every workspace form with a model choice)."""

import pytest
from django import forms

from core.form_fields import ModelChoiceField, ModelMultipleChoiceField
from tests.factories import MunicipalityFactory
from venues.models import Municipality

pytestmark = pytest.mark.django_db
HUGE = str(2**64)


class Form(forms.Form):
    one = ModelChoiceField(queryset=Municipality.objects.all(), required=False)
    many = ModelMultipleChoiceField(queryset=Municipality.objects.all(), required=False)


@pytest.mark.parametrize(("field", "value"), [("one", HUGE), ("many", [HUGE]), ("many", ["1", HUGE])])
def test_an_id_past_64_bits_is_an_invalid_choice(field, value):
    form = Form({field: value})
    assert not form.is_valid()
    assert form.errors[field][0].startswith(("Valitse", "Select"))


def test_real_choices_still_work():
    turku = MunicipalityFactory(code="853")
    form = Form({"one": str(turku.pk), "many": [str(turku.pk)]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == turku
    assert list(form.cleaned_data["many"]) == [turku]
