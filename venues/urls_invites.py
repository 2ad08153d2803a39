"""An invitation's emailed link, outside the workspace: the invitee may not have logged in yet."""

from django.urls import path

from venues import views_organizations

urlpatterns = [
    path("<str:token>/", views_organizations.invite, name="invite"),
]
