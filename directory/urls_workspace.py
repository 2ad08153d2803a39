"""Providers' directory workspace: /<lang>/leader/services/."""

from django.urls import path

from directory import views_workspace

app_name = "directory_workspace"

urlpatterns = [
    path("", views_workspace.service_list, name="list"),
    path("new/", views_workspace.service_create, name="create"),
    path("<int:pk>/", views_workspace.service_edit, name="edit"),
    path("<int:pk>/checked/", views_workspace.service_check, name="check"),
    path("<int:pk>/channels/new/", views_workspace.channel_add, name="channel_add"),
    path("<int:pk>/channels/<int:channel_pk>/", views_workspace.channel_edit, name="channel_edit"),
    path("<int:pk>/channels/<int:channel_pk>/remove/", views_workspace.channel_remove, name="channel_remove"),
]
