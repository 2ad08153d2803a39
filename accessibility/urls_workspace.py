"""Editing a venue's accessibility facts, under /<lang>/leader/venues/<venue_slug>/accessibility/."""

from django.urls import path  # noqa: F401

app_name = "accessibility"

urlpatterns: list = []
