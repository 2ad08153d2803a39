"""Guidance: /<lang>/help/ for families, /<lang>/leader/help/ for coordinators."""

from django.urls import path

from events.views import guidance

public = [path("", guidance.help_view, name="help")]

app_name = "help_workspace"
urlpatterns = [
    path("", guidance.help_workspace_list, name="list"),
    path("<slug:situation>/", guidance.help_workspace_edit, name="edit"),
]
