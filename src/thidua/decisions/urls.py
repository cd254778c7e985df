from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("", views.decisions, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
]
