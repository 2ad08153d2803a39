"""Editing a venue's accessibility facts, under /<lang>/leader/venues/<venue_slug>/accessibility/."""

from django.urls import path

from accessibility import views_workspace

app_name = "accessibility"

urlpatterns = [
    path("", views_workspace.venue_facts, name="venue"),
    path("rooms/<int:room_id>/", views_workspace.room_facts, name="room"),
    path("history/", views_workspace.history, name="history"),
]
