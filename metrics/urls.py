"""The shared metrics in the workspace: /<lang>/leader/metrics/."""

from django.urls import path

from metrics import views

app_name = "metrics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
