from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("tai-khoan/", include("thidua.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("thidua.web.urls")),
]
