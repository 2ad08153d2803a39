"""The leaders' and coordinators' workspace, under /<lang>/leader/."""

from django.urls import path

from venues import views_workspace

app_name = "workspace"

urlpatterns = [
    path("", views_workspace.workspace_home, name="home"),
]
