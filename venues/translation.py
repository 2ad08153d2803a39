"""Translated content fields (django-modeltranslation): e.g. name_fi, name_sv, name_en."""

from modeltranslation.translator import TranslationOptions, register

from venues.models import (
    County,
    Municipality,
    OpeningException,
    Organization,
    Region,
    Room,
    Venue,
    VenuePhoto,
)


@register(County)
class CountyTranslation(TranslationOptions):
    fields = ("name",)


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name",)


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name",)


@register(Venue)
class VenueTranslation(TranslationOptions):
    # Bilingual municipalities have Finnish and Swedish street names (Kauppiaskatu / Köpmansgatan).
    fields = ("name", "street_address", "post_office", "description", "directions")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)


@register(OpeningException)
class OpeningExceptionTranslation(TranslationOptions):
    fields = ("reason",)


@register(VenuePhoto)
class VenuePhotoTranslation(TranslationOptions):
    fields = ("alt_text",)
    # Finnish alt text is required; Swedish and English fall back to it.
    required_languages = ("fi",)
