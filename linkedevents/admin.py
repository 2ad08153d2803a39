"""Django admin for the Linked Events vocabulary.

`Keyword` rows are YSO terms seeded from `linkedevents/data/yso_family_terms.tsv` (migration 0002):
read-only here, since YSO owns them. Which of our topics, audiences and age bands map to which
terms (`KeywordMapping`) is ours to adjust.
"""

from typing import ClassVar

from django.contrib import admin

from core.admin_support import ReadOnlyAdmin
from linkedevents.models import Keyword, KeywordMapping


@admin.register(Keyword)
class KeywordAdmin(ReadOnlyAdmin):
    list_display: ClassVar = ("id", "name_fi", "name_sv", "name_en", "updated_at")
    search_fields: ClassVar = ("id", "name_fi", "name_sv", "name_en")


@admin.register(KeywordMapping)
class KeywordMappingAdmin(admin.ModelAdmin):
    list_display: ClassVar = ("kind", "value", "keyword", "role")
    list_filter: ClassVar = ("kind", "role")
    list_select_related: ClassVar = ("keyword",)
    search_fields: ClassVar = ("value", "keyword__id", "keyword__name_fi")
    autocomplete_fields: ClassVar = ("keyword",)
