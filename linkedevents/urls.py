"""/linkedevents/v1/: the Linked Events v1 endpoints we serve, each a list and a detail."""

from django.urls import path

from linkedevents import views

app_name = "linkedevents"

urlpatterns = []
for endpoint in ("event", "place", "keyword", "organization", "language"):
    urlpatterns += [
        path(f"{endpoint}/", getattr(views, f"{endpoint}_list"), name=f"{endpoint}-list"),
        path(f"{endpoint}/<str:object_id>/", getattr(views, f"{endpoint}_detail"), name=f"{endpoint}-detail"),
    ]
