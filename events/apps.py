from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Groups and sessions")

    def ready(self) -> None:
        from events import feed_versions as versions

        versions.connect()  # cached feeds follow edits made anywhere, the admin included
