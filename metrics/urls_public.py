"""The families' voice under /<lang>/: feedback links and codes, and the wishes form."""

from django.urls import path

from metrics import views_voice

urlpatterns = [
    path("feedback/answer/<str:token>/", views_voice.feedback_by_link, name="feedback_link"),
    path("feedback/<str:code>/", views_voice.feedback_by_code, name="feedback_code"),
    path("wishes/", views_voice.wishes, name="wishes"),
]
