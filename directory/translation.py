"""Translated content fields (django-modeltranslation): e.g. name_fi, name_sv, name_en."""

from modeltranslation.translator import TranslationOptions, register

from directory.models import Channel, HelpSituation, Service, ServiceHours


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "summary", "description", "user_instruction", "keywords")


@register(Channel)
class ChannelTranslation(TranslationOptions):
    fields = (
        "name",
        "description",
        "charge_description",
        "street_address",
        "post_office",
        "accessibility_text",
    )


@register(ServiceHours)
class ServiceHoursTranslation(TranslationOptions):
    fields = ("info",)


@register(HelpSituation)
class HelpSituationTranslation(TranslationOptions):
    fields = ("advice",)
