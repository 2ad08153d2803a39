from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = _("Shared metrics")

    def ready(self) -> None:
        from bookings.emails import register_kind
        from bookings.models import Notice
        from metrics.emails import feedback_texts
        from metrics.privacy import register_holders

        register_kind(Notice.Kind.FEEDBACK, feedback_texts)
        register_holders()
