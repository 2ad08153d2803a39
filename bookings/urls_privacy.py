"""The privacy notice, a family's export and erasure, and an account's own sign-ups (under /<lang>/)."""

from django.urls import path

from bookings import views_privacy as views

urlpatterns = [
    path("privacy/", views.privacy_notice_view, name="privacy"),
    path("signups/<str:token>/export.json", views.signup_export_view, name="signup_export"),
    path("signups/<str:token>/erase/", views.signup_erase_view, name="signup_erase"),
    path("my/", views.my_signups_view, name="my_signups"),
    path("my/claim/", views.my_claim_view, name="my_claim"),
    path("my/export.json", views.my_export_view, name="my_export"),
    path("my/erase/", views.my_erase_view, name="my_erase"),
    path("my/feeds/", views.my_feed_create_view, name="my_feed_create"),
    path("my/feeds/<int:pk>/revoke/", views.my_feed_revoke_view, name="my_feed_revoke"),
]
