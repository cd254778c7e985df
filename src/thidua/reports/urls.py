from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("bao-cao/", views.statistics, name="statistics"),
    path("bao-cao/bieu-do/", views.charts_page, name="charts"),
    path("bao-cao/thong-ke.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
    path("bao-cao/bieu-mau-thong-ke.xlsx", views.statutory_xlsx, name="statutory_xlsx"),
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
]
