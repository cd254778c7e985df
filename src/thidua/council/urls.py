from django.urls import path

from . import views

app_name = "council"
urlpatterns = [
    path("", views.meetings, name="meetings"),
    path("<int:pk>/", views.meeting, name="meeting"),
    path("<int:pk>/bien-ban/", views.minutes, name="minutes"),
]
