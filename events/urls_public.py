"""Public pages families use: find sessions (/<lang>/), a group, a session."""

from django.urls import path

from events.views import public

urlpatterns = [
    path("", public.session_search_view, name="home"),
    path("groups/<slug:slug>/", public.group_detail_view, name="group_detail"),
    path("sessions/<int:pk>/", public.session_detail_view, name="session_detail"),
]
