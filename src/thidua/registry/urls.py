from django.urls import path

from . import views, views_eligibility, views_identity, views_import

app_name = "registry"
urlpatterns = [
    path("don-vi/<str:code>/", views.unit_detail, name="unit"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person"),
    path("ca-nhan/<int:pk>/de-xuat/", views_eligibility.person_eligibility, name="person_eligibility"),
    path("don-vi/<str:code>/du-dieu-kien/", views_eligibility.unit_eligibility, name="unit_eligibility"),
    path("trung-lap/", views_identity.duplicates, name="duplicates"),
    path("trung-lap/gop/", views_identity.merge_confirm, name="merge_confirm"),
    path("trung-lap/hoan-tac/<int:pk>/", views_identity.merge_undo, name="merge_undo"),
    path("nhap-du-lieu/khen-thuong/", views_import.import_awards, name="import_awards"),
    path("nhap-du-lieu/khen-thuong/mau.xlsx", views_import.import_template, name="import_template"),
]
