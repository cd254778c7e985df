from django.urls import path

from . import views

app_name = "nominations"
urlpatterns = [
    path("dot/", views.rounds, name="rounds"),
    path("dot/moi/", views.round_new, name="round_new"),
    path("dot/<int:pk>/", views.round_detail, name="round"),
    path("dot/<int:pk>/sua/", views.round_edit, name="round_edit"),
    path("ngay-nghi/", views.days_off, name="days_off"),
    path("", views.my_dossiers, name="dossiers"),
    path("hang-cho/", views.queue, name="queue"),
    path("<int:pk>/", views.dossier, name="dossier"),
    path("<int:pk>/tham-dinh/", views.appraisal, name="appraisal"),
    path("<int:pk>/tham-dinh/<int:nominee>/", views.explain, name="explain"),
    path("<int:pk>/nhap-excel/", views.import_nominees, name="import"),
    path("thong-bao/", views.notifications, name="notifications"),
]
