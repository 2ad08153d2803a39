"""Leaders' view of who is coming: /<lang>/leader/participants/."""

from django.urls import path

from bookings import views_notices
from bookings import views_workspace as views

app_name = "participants"

urlpatterns = [
    path("emails/", views_notices.notices, name="notices"),
    path("groups/<slug:slug>/", views.group_page, name="group"),
    path("sessions/<int:pk>/", views.session_page, name="session"),
    path("sessions/<int:pk>/participants.csv", views.session_csv, name="csv"),
    path("sessions/<int:pk>/attendance/", views.attendance_save, name="attendance"),
    path("sessions/<int:pk>/headcount/", views.headcount_save, name="headcount"),
    path("sessions/<int:pk>/walk-ins/", views.walk_in_save, name="walk_in"),
    path("sessions/<int:pk>/places/", views.places_save, name="places"),
    path("sessions/<int:pk>/signups/<int:signup_id>/cancel/", views.signup_cancel, name="signup_cancel"),
]
