"""Mobile family centre tours: /<lang>/tours/ and /<lang>/tours/<slug>/."""

from django.urls import path

from events.views import tours

app_name = "tours"

urlpatterns = [
    path("", tours.tour_list_view, name="list"),
    path("<slug:slug>/", tours.tour_detail_view, name="detail"),
]
