"""Model fields the apps share, so one definition serves every table that records who did something."""

from typing import Any

from django.conf import settings
from django.db import models


def user_who(verbose_name: Any) -> models.ForeignKey:
    """The person who added, changed or accepted a row: kept as empty when their account is erased
    (the row outlives them), and never followed back from the user (`related_name="+"`)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )
