from django.urls import path

from . import views, views_eligibility, views_identity, views_import, views_picker

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("don-vi/", views.units, name="units"),
    path("don-vi/<str:code>/", views.unit_detail, name="unit"),
    path("ca-nhan/", views.people, name="people"),
    path("ca-nhan/chon/", views_picker.person_picker, name="person_picker"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person"),
    path("ca-nhan/<int:pk>/de-xuat/", views_eligibility.person_eligibility, name="person_eligibility"),
    path("don-vi/<str:code>/du-dieu-kien/", views_eligibility.unit_eligibility, name="unit_eligibility"),
    path("xuat-pdf/", views.page_pdf, name="pdf"),
    path("trung-lap/", views_identity.duplicates, name="duplicates"),
    path("trung-lap/gop/", views_identity.merge_confirm, name="merge_confirm"),
    path("trung-lap/hoan-tac/<int:pk>/", views_identity.merge_undo, name="merge_undo"),
    path("nhap-du-lieu/khen-thuong/", views_import.import_awards, name="import_awards"),
    path("nhap-du-lieu/khen-thuong/mau.xlsx", views_import.import_template, name="import_template"),
]
