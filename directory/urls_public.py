"""Public service directory pages: /<lang>/services/ and /<lang>/services/<slug>/."""

from django.urls import path

from directory import views

app_name = "services"

urlpatterns = [
    path("", views.service_list_view, name="list"),
    path("<slug:slug>/", views.service_detail_view, name="detail"),
]
