from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("don-vi/", views.units, name="units"),
    path("ca-nhan/", views.people, name="people"),
    path("ca-nhan/chon/", views.person_picker, name="person_picker"),
]
