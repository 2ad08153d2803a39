"""Public venue pages: /<lang>/venues/ and /<lang>/venues/<slug>/."""

from django.urls import path

from events.views import venues

app_name = "venues"

urlpatterns = [
    path("", venues.venue_list_view, name="list"),
    path("<slug:slug>/", venues.venue_detail_view, name="detail"),
]
