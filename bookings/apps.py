from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Sign-ups")

    def ready(self) -> None:
        from bookings.services.changes import on_session_changed
        from events import hooks

        hooks.register(on_session_changed)
