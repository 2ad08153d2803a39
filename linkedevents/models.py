"""YSO keywords and the mapping from our topics, audiences and age bands to them.

Reference data for the Linked Events API and push client, seeded from
`linkedevents/data/yso_family_terms.tsv` (migration 0002) and editable in the admin.
Fields and constraints only.
"""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Keyword(models.Model):
    """A YSO concept as Linked Events publishes it: `yso:p4354`, names in fi/sv/en (sv, en may be empty)."""

    id = models.CharField(primary_key=True, max_length=50)
    name = models.CharField(_("name"), max_length=255)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.id} {self.name}"

    @property
    def data_source(self) -> str:
        return self.id.split(":", 1)[0]

    @property
    def origin_id(self) -> str:
        return self.id.split(":", 1)[-1]


class KeywordMapping(models.Model):
    """One of our values that means this keyword, in the event's `keywords` or its `audience`.

    `kind` says what `value` is: a Group.Topic, a Group.Audience, or an age band in months
    "min-max" (inclusive) that a group's band must overlap.
    """

    class Kind(models.TextChoices):
        TOPIC = "topic", _("topic")
        AUDIENCE = "audience", _("audience")
        AGE = "age", _("age band (months)")

    class Role(models.TextChoices):
        KEYWORDS = "keywords", _("keyword")
        AUDIENCE = "audience", _("audience")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=30)
    keyword = models.ForeignKey(Keyword, on_delete=models.CASCADE, related_name="mappings")
    role = models.CharField(_("used as"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("keyword mapping")
        verbose_name_plural = _("keyword mappings")
        ordering = ("kind", "value", "keyword")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("kind", "value", "keyword", "role"), name="keyword_mapping_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value} → {self.keyword_id} ({self.role})"

    @property
    def age_band(self) -> tuple[int, int] | None:
        if self.kind != self.Kind.AGE:
            return None
        low, _sep, high = self.value.partition("-")
        return int(low), int(high)
