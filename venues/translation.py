"""Translated content fields (django-modeltranslation): name_fi, name_sv, name_en."""

from modeltranslation.translator import TranslationOptions, register

from venues.models import Municipality, Organization, Region


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name",)


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name",)
