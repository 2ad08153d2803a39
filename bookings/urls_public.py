"""Signing up on a session and managing a sign-up by its link (under /<lang>/)."""

from django.urls import path

from bookings import views_public

urlpatterns = [
    path("sessions/<int:pk>/signup/", views_public.signup_view, name="signup"),
    path("signups/<str:token>/", views_public.manage_view, name="signup_manage"),
    path("signups/<str:token>/cancel/", views_public.cancel_view, name="signup_cancel"),
]
