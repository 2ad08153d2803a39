from modeltranslation.translator import TranslationOptions, register

from accessibility.models import VenueAccessibility


@register(VenueAccessibility)
class VenueAccessibilityTranslation(TranslationOptions):
    fields = ("notes",)
