"""Embeddable calendars for municipalities' own sites, unprefixed under /embed/ (language by ?lang=)."""

from django.urls import path

from events.views import embed

app_name = "embed"

urlpatterns = [
    path("municipality/<str:key>/", embed.embed_municipality_view, name="municipality"),
    path("region/<slug:key>/", embed.embed_region_view, name="region"),
    path("venue/<slug:key>/", embed.embed_venue_view, name="venue"),
    path("theme.css", embed.theme_css_view, name="theme"),
    path("resize.js", embed.resize_script_view, name="resize"),
]
