from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("doi-mat-khau/", views.password_change_view, name="password_change"),
    path("xac-thuc-hai-lop/", views.totp_view, name="totp"),
    path("xac-thuc-hai-lop/thiet-lap/", views.totp_setup_view, name="totp_setup"),
]
