from django.urls import path

from . import views

app_name = "movements"
urlpatterns = [
    path("", views.movement_list, name="list"),
    path("<int:pk>/", views.movement_detail, name="detail"),
    path("dang-ky/", views.registration, name="registration"),
    path("cum/", views.sheets, name="sheets"),
    path("cum/<int:pk>/cham-diem/", views.score, name="score"),
    path("cum/<int:pk>/xep-hang/", views.ranking, name="ranking"),
    path("cum/<int:pk>/tong-hop/", views.consolidate, name="consolidate"),
]
