from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkedEventsConfig(AppConfig):
    name = "linkedevents"
    verbose_name = _("Linked Events")
