"""The leaders' and coordinators' workspace, under /<lang>/leader/.

Its home page (`workspace:home`, the empty path) shows sign-ups, so it belongs to bookings:
config/urls.py adds it to this namespace.
"""

from django.urls import path

from core.maps import allows_map_tiles
from venues import views_organizations, views_publish, views_venue_extra, views_workspace

app_name = "workspace"

urlpatterns = [
    path("organizations/", views_organizations.organization_list, name="organizations"),
    path("organizations/new/", views_organizations.organization_new, name="organization_new"),
    path(
        "organizations/<slug:slug>/status/",
        views_organizations.organization_status,
        name="organization_status",
    ),
    path(
        "organizations/<slug:slug>/invites/<int:pk>/resend/",
        views_organizations.invite_resend_view,
        name="invite_resend",
    ),
    path("organizations/<slug:slug>/members/", views_workspace.members, name="members"),
    path("organizations/<slug:slug>/members/add/", views_workspace.member_add, name="member_add"),
    path("organizations/<slug:slug>/members/<int:pk>/role/", views_workspace.member_role, name="member_role"),
    path(
        "organizations/<slug:slug>/members/<int:pk>/remove/",
        views_workspace.member_remove,
        name="member_remove",
    ),
    # Publishing (venues/views_publish.py).
    path("organizations/<slug:slug>/publish/", views_publish.publish, name="publish"),
    path("organizations/<slug:slug>/publish/origins/", views_publish.origin_add, name="publish_origin_add"),
    path(
        "organizations/<slug:slug>/publish/origins/<int:pk>/remove/",
        views_publish.origin_remove,
        name="publish_origin_remove",
    ),
    # Venues. leader/venues/<slug>/accessibility/ belongs to the accessibility app (config/urls.py).
    path("venues/", views_workspace.venue_list, name="venues"),
    path("venues/new/", allows_map_tiles(views_workspace.venue_create), name="venue_create"),
    path("venues/<slug:slug>/", allows_map_tiles(views_workspace.venue_edit), name="venue_edit"),
    path("venues/<slug:slug>/rooms/new/", views_workspace.room_create, name="room_create"),
    path("venues/<slug:slug>/rooms/<int:pk>/", views_workspace.room_edit, name="room_edit"),
    path("venues/<slug:slug>/rooms/<int:pk>/delete/", views_workspace.room_delete, name="room_delete"),
    path("venues/<slug:slug>/hours/", views_workspace.opening_hours, name="opening_hours"),
    path("venues/<slug:slug>/exceptions/", views_workspace.opening_exceptions, name="opening_exceptions"),
    path(
        "venues/<slug:slug>/exceptions/<int:pk>/delete/",
        views_workspace.opening_exception_delete,
        name="opening_exception_delete",
    ),
    path("venues/<slug:slug>/photos/", views_workspace.photos, name="photos"),
    path("venues/<slug:slug>/photos/<int:pk>/delete/", views_workspace.photo_delete, name="photo_delete"),
    # Status and photo order (venues/views_venue_extra.py).
    path("venues/<slug:slug>/deactivate/", views_venue_extra.venue_deactivate_view, name="venue_deactivate"),
    path("venues/<slug:slug>/reactivate/", views_venue_extra.venue_reactivate_view, name="venue_reactivate"),
    path("venues/<slug:slug>/photos/<int:pk>/move/", views_venue_extra.photo_move_view, name="photo_move"),
]
