"""Leaders' workspace for groups, series and sessions: /<lang>/leader/groups/."""

from django.urls import path

from events.views import workspace

app_name = "groups"

urlpatterns = [
    path("", workspace.group_list, name="list"),
    path("new/", workspace.group_create, name="create"),
    path("<slug:slug>/", workspace.group_edit, name="edit"),
    path("<slug:slug>/series/new/", workspace.series_create_view, name="series_create"),
    path("<slug:slug>/series/<int:pk>/", workspace.series_edit_view, name="series_edit"),
    path("<slug:slug>/sessions/<int:pk>/cancel/", workspace.session_cancel_view, name="session_cancel"),
    path("<slug:slug>/sessions/<int:pk>/move/", workspace.session_move_view, name="session_move"),
    path("<slug:slug>/sessions/<int:pk>/delete/", workspace.session_delete_view, name="session_delete"),
    path("<slug:slug>/copy/", workspace.group_copy_view, name="copy"),
    path("<slug:slug>/next-term/", workspace.term_roll_over_view, name="roll_over"),
]
