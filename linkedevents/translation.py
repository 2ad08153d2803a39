from modeltranslation.translator import TranslationOptions, register

from linkedevents.models import Keyword


@register(Keyword)
class KeywordTranslation(TranslationOptions):
    fields = ("name",)
