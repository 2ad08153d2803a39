"""Public iCalendar feeds, unprefixed (DESIGN.md): /feeds/<scope>/<key>.ics, filters in the query."""

from django.urls import path

from events.views.feeds import public_feed_view

urlpatterns = [
    path("region/<slug:key>.ics", public_feed_view, {"kind": "region"}, name="feed_region"),
    path("municipality/<str:key>.ics", public_feed_view, {"kind": "municipality"}, name="feed_municipality"),
    path("venue/<slug:key>.ics", public_feed_view, {"kind": "venue"}, name="feed_venue"),
    path("organization/<slug:key>.ics", public_feed_view, {"kind": "organization"}, name="feed_organization"),
    path("group/<slug:key>.ics", public_feed_view, {"kind": "group"}, name="feed_group"),
]
