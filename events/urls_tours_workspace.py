"""Coordinators' workspace for the mobile family centre's tours: /<lang>/leader/tours/."""

from django.urls import path

from events.views import tours_workspace as views

app_name = "tours_workspace"

urlpatterns = [
    path("", views.tour_list, name="list"),
    path("new/", views.tour_create_view, name="create"),
    path("<slug:slug>/", views.tour_detail, name="detail"),
    path("<slug:slug>/edit/", views.tour_edit, name="edit"),
    path("<slug:slug>/deactivate/", views.tour_deactivate_view, name="deactivate"),
    path("<slug:slug>/reactivate/", views.tour_reactivate_view, name="reactivate"),
    path("<slug:slug>/stops/new/", views.stop_add, name="stop_add"),
    path("<slug:slug>/stops/<int:pk>/", views.stop_edit, name="stop_edit"),
    path("<slug:slug>/stops/<int:pk>/remove/", views.stop_remove, name="stop_remove"),
    path("<slug:slug>/visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("<slug:slug>/visits/<int:pk>/move/", views.visit_move, name="visit_move"),
]
