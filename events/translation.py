from modeltranslation.translator import TranslationOptions, register

from events.models import Group, Session, Tour


@register(Group)
class GroupTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("cancel_reason",)


@register(Tour)
class TourTranslation(TranslationOptions):
    fields = ("name", "description")
