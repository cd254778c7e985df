from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("xac-minh/<str:token>/", views.verify, name="verify"),
    path("van-ban/quyet-dinh/<int:pk>/<str:fmt>/", views.decision_file, name="decision_file"),
    path("van-ban/quyet-dinh/<int:pk>/bang-khen/tao/", views.start_certificates, name="start_certificates"),
    path("van-ban/ho-so/<int:pk>/<str:kind>/<str:fmt>/", views.dossier_file, name="dossier_file"),
    path("van-ban/viec/<int:pk>/", views.job, name="job"),
    path("van-ban/viec/<int:pk>/tai-ve/", views.job_file, name="job_file"),
    path("van-ban/viec/<int:pk>/luu-dong-hop-le/", views.job_keep_valid, name="job_keep_valid"),
    # The council minutes of a meeting, under the council's address (council/urls.py is included first).
    path("hoi-dong/<int:pk>/bien-ban/<str:kind>/<str:fmt>/", views.meeting_minutes_file, name="meeting_minutes_file"),
    path("tep/<slug:kind>/<int:pk>/", views.stored_file, name="file"),
    path("tep/ten/<path:name>", views.stored_file_by_name, name="file_by_name"),
]
