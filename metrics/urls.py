"""The shared metrics in the workspace: /<lang>/leader/metrics/."""

from django.urls import path

from metrics import views, views_tokens, views_workspace

app_name = "metrics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("feedback/", views_workspace.comments, name="comments"),
    path("feedback/<int:pk>/hide/", views_workspace.comment_hide, name="comment_hide"),
    path("sessions/<int:pk>/code/", views_workspace.session_code_page, name="session_code"),
    path("tokens/", views_tokens.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views_tokens.token_revoke, name="token_revoke"),
    path("wishes/answer/", views_workspace.wishes_answer_view, name="wishes_answer"),
]
