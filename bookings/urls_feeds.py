"""A family account's private calendar feed, unprefixed: /feeds/me/<token>.ics (revocable token)."""

from django.urls import path

from bookings.views_privacy import private_feed_view

urlpatterns = [
    path("<str:token>.ics", private_feed_view, name="feed_me"),
]
