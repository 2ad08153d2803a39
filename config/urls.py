"""URL contract: pages under /<lang>/, feeds, embed and API unprefixed (DESIGN.md)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from bookings import views_home
from events import urls_guidance as guidance_urls
from events.api import api
from metrics import views as metrics_views
from venues import urls_workspace as venue_workspace_urls
from venues import views as venue_views

# The workspace's namespace: the leader's home (bookings: it shows sign-ups) and the venues' pages.
workspace_urls = (
    [path("", views_home.leader_home, name="home"), *venue_workspace_urls.urlpatterns],
    venue_workspace_urls.app_name,
)

urlpatterns = [
    path("healthz", venue_views.healthz, name="healthz"),
    # Authenticated, so outside the public ninja API (whose every answer is public and CORS *).
    path("api/v1/metrics", metrics_views.metrics_api, name="metrics_api"),
    path("api/v1/", api.urls),
    # A family's private feed: bookings sits below events, so it has its own URL module.
    path("feeds/me/", include("bookings.urls_feeds")),
    path("feeds/", include("events.urls_feeds")),
    path("embed/", include("events.urls_embed", namespace="embed")),
    path("linkedevents/v1/", include("linkedevents.urls", namespace="linkedevents")),
]

urlpatterns += i18n_patterns(
    path("", include("events.urls_public")),
    path("", include("bookings.urls_public")),
    path("", include("bookings.urls_privacy")),
    path("", include("metrics.urls_public")),
    path("tours/", include("events.urls_tours", namespace="tours")),
    path("accounts/", include("allauth.urls")),
    path("invites/", include("venues.urls_invites")),
    path("venues/", include("events.urls_venues", namespace="venues")),
    path("services/", include("directory.urls_public", namespace="services")),
    path("help/", include(guidance_urls.public)),
    # Accessibility facts of one venue; before the general workspace so its routes win.
    path("leader/venues/<slug:venue_slug>/accessibility/", include("accessibility.urls_workspace")),
    path("leader/groups/", include("events.urls_workspace", namespace="groups")),
    path("leader/tours/", include("events.urls_tours_workspace", namespace="tours_workspace")),
    path("leader/services/", include("directory.urls_workspace", namespace="directory_workspace")),
    path("leader/participants/", include("bookings.urls_workspace", namespace="participants")),
    path("leader/metrics/", include("metrics.urls", namespace="metrics")),
    path("leader/help/", include("events.urls_guidance", namespace="help_workspace")),
    path("leader/", include(workspace_urls, namespace="workspace")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

# A lock or statement timeout outside any view (e.g. saving the session) still answers 503 "busy".
handler500 = "core.views.server_error"
handler400 = "core.views.bad_request"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
