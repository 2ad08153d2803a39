from django.contrib import admin

from linkedevents.models import Keyword, KeywordMapping


@admin.register(Keyword)
class KeywordAdmin(admin.ModelAdmin):
    list_display = ("id", "name_fi", "name_sv", "name_en")
    search_fields = ("id", "name_fi", "name_sv", "name_en")


@admin.register(KeywordMapping)
class KeywordMappingAdmin(admin.ModelAdmin):
    list_display = ("kind", "value", "keyword", "role")
    list_filter = ("kind", "role")
