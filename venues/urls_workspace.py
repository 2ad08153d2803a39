"""The leaders' and coordinators' workspace, under /<lang>/leader/."""

from django.urls import path

from venues import views_workspace

app_name = "workspace"

urlpatterns = [
    path("", views_workspace.workspace_home, name="home"),
    path("organizations/<slug:slug>/members/", views_workspace.members, name="members"),
    path("organizations/<slug:slug>/members/add/", views_workspace.member_add, name="member_add"),
    path("organizations/<slug:slug>/members/<int:pk>/role/", views_workspace.member_role, name="member_role"),
    path(
        "organizations/<slug:slug>/members/<int:pk>/remove/",
        views_workspace.member_remove,
        name="member_remove",
    ),
]
