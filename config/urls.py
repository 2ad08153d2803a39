"""URL contract: pages under /<lang>/, feeds, embed and API unprefixed (DESIGN.md)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from events.api import api
from venues import views as venue_views

urlpatterns = [
    path("healthz", venue_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    # A family's private feed: bookings sits below events, so it has its own URL module.
    path("feeds/me/", include("bookings.urls_feeds")),
    path("feeds/", include("events.urls_feeds")),
    path("embed/", include("events.urls_embed", namespace="embed")),
]

urlpatterns += i18n_patterns(
    path("", include("events.urls_public")),
    path("", include("bookings.urls_public")),
    path("", include("bookings.urls_privacy")),
    path("tours/", include("events.urls_tours", namespace="tours")),
    path("accounts/", include("allauth.urls")),
    path("venues/", include("events.urls_venues", namespace="venues")),
    path("services/", include("directory.urls_public", namespace="services")),
    # Accessibility facts of one venue; before the general workspace so its routes win.
    path("leader/venues/<slug:venue_slug>/accessibility/", include("accessibility.urls_workspace")),
    path("leader/groups/", include("events.urls_workspace", namespace="groups")),
    path("leader/services/", include("directory.urls_workspace", namespace="directory_workspace")),
    path("leader/participants/", include("bookings.urls_workspace", namespace="participants")),
    path("leader/", include("venues.urls_workspace", namespace="workspace")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
