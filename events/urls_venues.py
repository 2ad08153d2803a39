"""Public venue pages: /<lang>/venues/ and /<lang>/venues/<slug>/."""

from django.urls import path  # noqa: F401

app_name = "venues"

urlpatterns: list = []
