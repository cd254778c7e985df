from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from thidua.accounts.views import admin_login

# The admin signs in through our login page: the same lockout and the same second factor.
admin.site.login = admin_login  # type: ignore[method-assign]

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("tai-khoan/", include("thidua.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ho-so/", include("thidua.nominations.urls")),
    path("hoi-dong/", include("thidua.council.urls")),
    path("quyet-dinh/", include("thidua.decisions.urls")),
    path("phong-trao/", include("thidua.movements.urls")),
    path("", include("thidua.reports.urls")),
    path("", include("thidua.documents.urls")),
    path("cong-khai/", include("thidua.portal.urls")),
    path("", include("thidua.org.urls")),
    path("", include("thidua.registry.urls")),
    path("", include("thidua.web.urls")),
]

# Uploaded and generated files (MEDIA_ROOT) are never served as such, not even in DEBUG: they are
# downloaded through thidua.documents.files, which checks the scope of the object each belongs to.
