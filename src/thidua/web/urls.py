from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("don-vi/", views.units, name="units"),
    path("don-vi/<str:code>/", views.unit_detail, name="unit"),
    path("ca-nhan/", views.people, name="people"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person"),
    path("trung-lap/", views.duplicates, name="duplicates"),
    path("nhap-du-lieu/khen-thuong/", views.import_awards, name="import_awards"),
]
